// `npm start`: the whole of Casebridge on this machine. DynamoDB Local (data under
// CASEBRIDGE_DATA_DIR) and the SQS emulator on loopback, the real handlers, the API on
// PORT. Ctrl-C stops everything; a second start on the same folder finds its data.
import { serve } from "@hono/node-server";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";
import { ControlledClock } from "../../shared/clock.js";
import { logger } from "../../shared/logger.js";
import { MissingJavaError, startDynamoLocal, startSqsEmulator, type Endpoint } from "./endpoints.js";
import { kept, keptSecrets } from "./data-dir.js";
import { createLocalRuntime } from "./runtime.js";

const LocalSettings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CASEBRIDGE_DATA_DIR: z.string().min(1).default(".data"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
});

function readLocalSettings() {
  const parsed = LocalSettings.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Setting ${String(issue.path[0])} is not valid (${issue.message}).`);
  }
  return parsed.data;
}

const DEMO_USERS = [
  { sub: "intake@bureau", agency: "bureau", roles: ["intake"] },
  { sub: "coordinator@bureau", agency: "bureau", roles: ["coordinator"] },
  { sub: "handler@hrss", agency: "hrss", roles: ["handler"] },
  { sub: "head@hrss", agency: "hrss", roles: ["agency_head"] },
  { sub: "handler@natres", agency: "natres", roles: ["handler"] },
  { sub: "auditor@bureau", agency: "bureau", roles: ["auditor"] },
];

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // The console is for people: only warnings and errors unless asked for more.
  if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel("WARN");
  const started = performance.now();
  const settings = readLocalSettings();
  const dataDir = resolve(settings.CASEBRIDGE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const { tokenSecret, keys } = keptSecrets(dataDir);
  const clockFile = kept(dataDir, "clock-offset-ms", () => "0");
  const clock = new ControlledClock(Number(clockFile.value) || 0);

  const endpoints: Endpoint[] = [];
  const dynamodb = settings.DYNAMODB_ENDPOINT ?? (endpoints[endpoints.push(await startDynamoLocal(resolve(dataDir, "dynamodb"))) - 1]!).url;
  const sqs = settings.SQS_ENDPOINT ?? (endpoints[endpoints.push(await startSqsEmulator()) - 1]!).url;

  const runtime = await createLocalRuntime({
    dynamodbEndpoint: dynamodb, sqsEndpoint: sqs, tableName: "casebridge", queuePrefix: "casebridge",
    secret: tokenSecret, keys, clock, onClockChange: (offset) => clockFile.save(String(offset)),
  });
  runtime.startBackground({ sweepMs: 60_000, relayMs: 10_000 });
  // Entries left pending by an earlier run are re-sent at once, not after the first interval.
  await runtime.relay();

  const server = serve({ fetch: runtime.app.fetch, port: settings.PORT, hostname: "127.0.0.1" });
  const base = `http://127.0.0.1:${settings.PORT}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
Casebridge is running (ready in ${seconds}s; data in ${dataDir}).
  Start here ${base}/
  API        ${base}/v1        health ${base}/health
  Docs       ${base}/docs      (API reference: paste a token, try a call)   OpenAPI ${base}/openapi.json
  DynamoDB   ${dynamodb}   SQS ${sqs}
  Clock      ${clock.now().toISOString()}  (move it: POST ${base}/dev/clock {"advance":"P31D"}; run schedules: POST ${base}/dev/tick)

Sign in as a demo role with a token:
${DEMO_USERS.map((u) => `  curl -s -X POST ${base}/dev/token -H 'content-type: application/json' -d '${JSON.stringify(u)}'`).join("\n")}
then call the API with -H "Authorization: Bearer <token>". Ctrl-C stops everything.
`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping Casebridge…");
    server.close();
    await runtime.stop();
    for (const e of endpoints.reverse()) await e.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: Error) => {
  console.error(err instanceof MissingJavaError ? err.message : `Casebridge could not start: ${err.message}`);
  process.exit(1);
});
