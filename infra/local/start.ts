// `npm start`: the whole of Casebridge on this machine. DynamoDB Local (data under
// CASEBRIDGE_DATA_DIR) and the SQS emulator on loopback, the real handlers, the API on
// PORT. Ctrl-C stops everything; a second start on the same folder finds its data.
import { serve } from "@hono/node-server";
import { logger } from "../../shared/logger.js";
import { bootLocalRuntime, readLocalSettings } from "./boot.js";
import { MissingJavaError } from "./endpoints.js";

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
  const booted = await bootLocalRuntime(settings);
  const { runtime, clock, dataDir } = booted;
  runtime.startBackground({ sweepMs: 60_000, relayMs: 10_000 });

  const server = serve({ fetch: runtime.app.fetch, port: settings.PORT, hostname: "127.0.0.1" });
  const base = `http://127.0.0.1:${settings.PORT}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
Casebridge is running (ready in ${seconds}s; data in ${dataDir}).
  Start here ${base}/
  Console    ${base}/console   (officers' pages: sign in as any demo agency and role)
  API        ${base}/v1        health ${base}/health
  Docs       ${base}/docs      (API reference: paste a token, try a call)   OpenAPI ${base}/openapi.json
  DynamoDB   ${booted.dynamodbEndpoint}   SQS ${booted.sqsEndpoint}   S3 ${booted.s3Endpoint} (files in ${dataDir}/s3)
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
    await booted.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: Error) => {
  console.error(err instanceof MissingJavaError ? err.message : `Casebridge could not start: ${err.message}`);
  process.exit(1);
});
