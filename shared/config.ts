// Settings, read and validated once at start. A missing or malformed setting stops the
// process with one sentence naming the variable. Each Lambda names the settings it needs
// (shared/resources.ts `functions[].settings`) and the stack gives it exactly those.
import * as z from "zod";
import { InternalError } from "./errors.js";

/** A Cognito user pool id: `<region>_<id>`. */
export const USER_POOL_ID_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/;

/** The jurisdiction_id of Demo County, the jurisdiction the platform ships with. */
export const DEFAULT_JURISDICTION_ID = "demo-county.example.cn";

const settingsSchema = z.object({
  TABLE_NAME: z.string().min(1),
  HANDOFFS_QUEUE_URL: z.string().url().optional(),
  NOTIFICATIONS_QUEUE_URL: z.string().url().optional(),
  /** KMS HMAC key of the keyed hash that matches repeat petitioners by ID number (api only). */
  PETITIONER_MAC_KEY_ID: z.string().min(1).optional(),
  /** KMS HMAC key of the Idempotency-Key request hashes (api only). */
  IDEMPOTENCY_MAC_KEY_ID: z.string().min(1).optional(),
  /** KMS key sealing webhook signing secrets (the api seals, the notifier opens). */
  WEBHOOK_SECRET_KEY_ID: z.string().min(1).optional(),
  /** KMS HMAC key the console derives its cookie keys from (console only; functions/console.ts). */
  CONSOLE_SESSION_KEY_ID: z.string().min(1).optional(),
  /** The Cognito hosted UI, https://<prefix>.auth.<region>.amazoncognito.com (console only). */
  COGNITO_DOMAIN: z.string().url().startsWith("https://").optional(),
  /** The console's Cognito app client: the audience of the ID tokens it accepts (console only). */
  CONSOLE_CLIENT_ID: z.string().min(1).optional(),
  /** `<region>_<id>`: the issuer of the ID tokens the console accepts, and where coordinators are created. */
  USER_POOL_ID: z
    .string()
    .regex(USER_POOL_ID_PATTERN, "a user pool id such as eu-west-1_AbC123xyZ")
    .optional(),
  /** The bucket of notices and attachments (shared/adapters/s3-files.ts). */
  FILES_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name")
    .optional(),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  /** A local S3 (s3rver on loopback): path-style addresses, its own fixed credentials. */
  S3_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** The jurisdiction_id Open311 apps may name (docs/open311.md). */
  JURISDICTION_ID: z.string().min(1).max(100).default(DEFAULT_JURISDICTION_ID),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingName = keyof Settings;

export class ConfigError extends InternalError {
  override name = "ConfigError";
}

/** The settings, with `required` ones present; the first problem stops with one sentence. */
export function readSettings(
  env: Record<string, string | undefined> = process.env,
  required: readonly SettingName[] = ["TABLE_NAME"],
): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "?");
    const problem = env[variable] === undefined ? "is not set" : `is not valid (${issue.message})`;
    throw new ConfigError(`Setting ${variable} ${problem}.`);
  }
  const missing = required.find((name) => parsed.data[name] === undefined);
  if (missing) throw new ConfigError(`Setting ${missing} is not set.`);
  return parsed.data;
}
