// Settings, read and validated once at start. A missing or malformed setting stops the
// process with one sentence naming the variable. Each Lambda names the settings it needs
// (shared/resources.ts `functions[].settings`) and the stack gives it exactly those.
import * as z from "zod";
import { InternalError } from "./errors.js";

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
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
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
