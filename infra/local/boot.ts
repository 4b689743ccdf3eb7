// How the embedded runtime comes up, for `npm start` and `npm run demo` alike: the local
// settings checked once, the data folder's secrets and clock offset, DynamoDB Local and the
// SQS emulator unless endpoints are given, and the stack over them.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";
import { ControlledClock } from "../../shared/clock.js";
import { kept, keptSecrets } from "./data-dir.js";
import { startDynamoLocal, startS3Emulator, startSqsEmulator, type Endpoint } from "./endpoints.js";
import { createLocalRuntime, type LocalRuntime } from "./runtime.js";

const LocalSettings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CASEBRIDGE_DATA_DIR: z.string().min(1).default(".data"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
});
export type LocalSettings = z.infer<typeof LocalSettings>;

/** The local runtime's settings from the environment; a bad one stops with one sentence naming it. */
export function readLocalSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const parsed = LocalSettings.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Setting ${String(issue.path[0])} is not valid (${issue.message}).`);
  }
  return parsed.data;
}

/** A local runtime opened on the data folder, with the endpoints this boot started. */
export interface BootedRuntime {
  runtime: LocalRuntime;
  clock: ControlledClock;
  /** The data folder, resolved. */
  dataDir: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  s3Endpoint: string;
  /** Stops the runtime, then the endpoints this boot started. */
  stop(): Promise<void>;
}

/** Opens the runtime on the settings' data folder; the caller serves it or drives it. */
export async function bootLocalRuntime(settings: LocalSettings): Promise<BootedRuntime> {
  const dataDir = resolve(settings.CASEBRIDGE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const { tokenSecret, consoleSessionKey, keys } = keptSecrets(dataDir);
  // The clock offset is kept so that a moved clock stays moved across restarts.
  const clockFile = kept(dataDir, "clock-offset-ms", () => "0");
  const clock = new ControlledClock(Number(clockFile.value) || 0);

  const endpoints: Endpoint[] = [];
  const stopEndpoints = async () => {
    for (const e of endpoints.reverse()) await e.stop();
  };
  try {
    if (!settings.DYNAMODB_ENDPOINT) endpoints.push(await startDynamoLocal(resolve(dataDir, "dynamodb")));
    const dynamodbEndpoint = settings.DYNAMODB_ENDPOINT ?? endpoints[0]!.url;
    if (!settings.SQS_ENDPOINT) endpoints.push(await startSqsEmulator());
    const sqsEndpoint = settings.SQS_ENDPOINT ?? endpoints.at(-1)!.url;
    // Its files in the data folder, so that notices and attachments outlive a restart.
    if (!settings.S3_ENDPOINT) endpoints.push(await startS3Emulator(resolve(dataDir, "s3")));
    const s3Endpoint = settings.S3_ENDPOINT ?? endpoints.at(-1)!.url;
    const runtime = await createLocalRuntime({
      dynamodbEndpoint,
      sqsEndpoint,
      s3Endpoint,
      tableName: "casebridge",
      filesBucket: "casebridge-files",
      queuePrefix: "casebridge",
      secret: tokenSecret,
      consoleSessionKey,
      keys,
      clock,
      onClockChange: (offset) => clockFile.save(String(offset)),
    });
    // Entries left pending by an earlier run are re-sent at once, not after the first interval.
    await runtime.relay();
    return {
      runtime,
      clock,
      dataDir,
      dynamodbEndpoint,
      sqsEndpoint,
      s3Endpoint,
      async stop() {
        await runtime.stop();
        await stopEndpoints();
      },
    };
  } catch (err) {
    await stopEndpoints();
    throw err;
  }
}
