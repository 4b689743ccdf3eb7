// Settings, read and validated once at start. A missing or malformed setting stops the
// process with one sentence naming the variable.
import * as z from "zod";

const settingsSchema = z.object({
  TABLE_NAME: z.string().min(1),
  HANDOFFS_QUEUE_URL: z.string().url(),
  NOTIFICATIONS_QUEUE_URL: z.string().url(),
  /** `apigw`: claims already verified by the HTTP API JWT authorizer; `local`: HS256 dev tokens. */
  AUTH_MODE: z.enum(["apigw", "local"]).default("apigw"),
  DEV_JWT_SECRET: z.string().min(32).optional(),
  /** Key of the keyed hash that matches repeat petitioners by ID number (hex, ≥ 32 bytes). */
  PETITIONER_HASH_KEY: z.string().regex(/^[0-9a-f]{64,}$/i, "at least 64 hex digits"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
});

export type Settings = z.infer<typeof settingsSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "?");
    const problem = env[variable] === undefined ? "is not set" : `is not valid (${issue.message})`;
    throw new ConfigError(`Setting ${variable} ${problem}.`);
  }
  if (parsed.data.AUTH_MODE === "local" && !parsed.data.DEV_JWT_SECRET) {
    throw new ConfigError("Setting DEV_JWT_SECRET is not set (needed when AUTH_MODE=local).");
  }
  return parsed.data;
}
