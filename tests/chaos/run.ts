// `npm run chaos`: 1,000 cases walk their lifecycle while faults are injected into the AWS
// clients and consumers (tests/support/chaos-middleware.ts), then the store is checked
// (tests/support/chaos-run.ts). Starts its own DynamoDB Local (in memory) and fauxqs.
//   npm run chaos                         a fresh seed, printed first
//   CHAOS_SEED=123 npm run chaos          replay a seed's plans and fault stream (or: -- --seed 123)
//   npm run chaos -- --cases 200          fewer cases
// Exits 1 when a check fails.
import {
  startDynamoLocal,
  startS3Emulator,
  startSqsEmulator,
  type Endpoint,
} from "../../infra/local/endpoints.js";
import { logger } from "../../shared/logger.js";
import { Chaos } from "../support/chaos-middleware.js";
import { chaosSeed, formatReport, openChaosStack, runChaos } from "../support/chaos-run.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// Injected faults make the handlers log warnings by the thousand: the summary says what happened.
logger.setLogLevel("SILENT");

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seed = chaosSeed();
const cases = Number(arg("--cases") ?? process.env.CHAOS_CASES ?? 1000);
const concurrency = Number(arg("--concurrency") ?? process.env.CHAOS_CONCURRENCY ?? 8);
const t0 = performance.now();
const log = (line: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
log(`chaos: seed ${seed}, ${cases} cases, ${concurrency} at a time`);

const endpoints: Endpoint[] = [];
let code = 1;
try {
  endpoints.push(
    await startDynamoLocal(undefined),
    await startSqsEmulator(),
    await startS3Emulator(undefined),
  );
  const chaos = new Chaos(seed);
  const stack = await openChaosStack(
    { dynamodb: endpoints[0]!.url, sqs: endpoints[1]!.url, s3: endpoints[2]!.url },
    chaos,
  );
  try {
    const report = await runChaos(stack, chaos, { seed, cases, concurrency, log });
    console.log(formatReport(report));
    log("done");
    code = report.checks.every((c) => c.failures.length === 0) ? 0 : 1;
  } finally {
    await stack.stop();
  }
} catch (err) {
  console.error(err);
} finally {
  for (const e of endpoints.reverse()) await e.stop();
}
process.exit(code);
