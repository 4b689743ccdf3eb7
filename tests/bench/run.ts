// `npm run bench`: starts its own DynamoDB Local (in memory) and fauxqs on loopback, runs
// the benchmarks within a fixed time budget, prints the figures and rewrites
// BENCHMARKS.md. `npm run bench -- sweep api` runs a subset and leaves the file alone;
// `npm run bench -- console --update` runs a subset and replaces just its sections (and their
// summary rows) in BENCHMARKS.md, each stamped with the date and commit of that run.
// `npm run bench -- cost` recomputes docs/cost.md from BENCHMARKS.md (tests/bench/cost.ts);
// a full run does it after rewriting BENCHMARKS.md.
// Every child process is stopped at the end, on error and on Ctrl-C.
import { fileURLToPath } from "node:url";
import {
  startDynamoLocal,
  startS3Emulator,
  startSqsEmulator,
  type Endpoint,
} from "../../infra/local/endpoints.js";
import { logger } from "../../shared/logger.js";
import { benchApiRead } from "./api-read.js";
import { benchBundles } from "./bundles.js";
import { benchConsole } from "./console.js";
import { writeCostDoc } from "./cost.js";
import {
  expectStatus,
  hrssHandler,
  intake,
  openStack,
  registration,
  type BenchStack,
  type Endpoints,
} from "./fixtures.js";
import { benchHandoff } from "./handoff.js";
import { Budget, ChildProcesses, pool, sampleMachineCpu, type Section } from "./harness.js";
import { benchLifecycle } from "./lifecycle.js";
import { benchNotices } from "./notices.js";
import { describeMachine, describeSource, summaryTable, updateReport, writeReport } from "./report.js";
import { benchStats } from "./stats.js";
import { benchSweep } from "./sweep.js";
import { benchWatch } from "./watch.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NAMES = [
  "sweep",
  "handoff",
  "api",
  "bundles",
  "lifecycle",
  "console",
  "stats",
  "watch",
  "notices",
] as const;
const UPDATE = "--update";
/** Not a benchmark: docs/cost.md recomputed from BENCHMARKS.md (tests/bench/cost.ts), after any update of it. */
const COST = "cost";
type Name = (typeof NAMES)[number];

/** The whole run (under 20 minutes), and the most each benchmark may take of what is left. */
const TOTAL_MS = 19.5 * 60_000;
const SHARE_MS: Record<Name, number> = {
  // 100,000 cases written, three sweeps and three full Scans.
  sweep: 420_000,
  // Two rounds of floor, design floor and Casebridge saturated, two paced, then one consumer per queue.
  handoff: 260_000,
  api: 100_000,
  bundles: 60_000,
  lifecycle: 30_000,
  // Each measured at two sizes: the second ten and thirty-four times the first.
  console: 200_000,
  stats: 240_000,
  watch: 300_000,
  notices: 90_000,
};
/** Past this the process stops whatever it is doing. */
const WATCHDOG_MS = 22 * 60_000;

const startedAt = new Date();
const cpuAtStart = sampleMachineCpu();
const t0 = performance.now();
const log = (line: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);

const children = new ChildProcesses();
const endpoints: Endpoint[] = [];
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    children.stopAll();
    for (const e of endpoints.reverse()) await e.stop().catch(() => undefined);
  })());

function onSignal(code: number) {
  return () => {
    console.error("Interrupted; stopping DynamoDB Local, fauxqs and any child process.");
    void cleanup().finally(() => process.exit(code));
  };
}

async function main(): Promise<number> {
  const update = process.argv.includes(UPDATE);
  const cost = process.argv.includes(COST);
  const asked = process.argv.slice(2).filter((a) => a !== UPDATE && a !== COST);
  if (cost && !asked.length) {
    log(`${writeCostDoc(REPO_ROOT)} rewritten from BENCHMARKS.md`);
    return 0;
  }
  const unknown = asked.filter((a) => !(NAMES as readonly string[]).includes(a));
  if (unknown.length)
    throw new Error(
      `Unknown benchmark ${unknown.join(", ")}; choose from ${NAMES.join(", ")} (and ${UPDATE} to write a subset into BENCHMARKS.md, ${COST} to recompute docs/cost.md from it).`,
    );
  const selected = new Set<Name>(asked.length ? (asked as Name[]) : NAMES);
  const full = selected.size === NAMES.length;

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Handlers log every step at INFO; the bench prints its own figures unless asked for more.
  if (process.env.POWERTOOLS_LOG_LEVEL === undefined) logger.setLogLevel("ERROR");

  const budget = new Budget(TOTAL_MS);
  const sections: Section[] = [];
  const attempt = async (name: Name, title: string, work: (share: Budget) => Promise<Section>) => {
    if (!selected.has(name)) return;
    log(`${title}`);
    try {
      sections.push(await work(budget.part(SHARE_MS[name])));
    } catch (err) {
      log(`  failed: ${(err as Error).stack ?? String(err)}`);
      sections.push({
        title,
        method: "The benchmark failed before it finished.",
        details: `Error: ${(err as Error).message}`,
        rows: [
          { benchmark: title, measured: (err as Error).message.slice(0, 200), target: "", verdict: "error" },
        ],
      });
    }
  };

  // First, while DynamoDB Local's JVM is not yet running: import timings are the most sensitive to a busy CPU.
  await attempt("bundles", "4. Bundle sizes and import-to-ready", (share) =>
    benchBundles(share, children, log),
  );

  if ([...selected].some((n) => n !== "bundles")) {
    log("starting fauxqs");
    endpoints.push(await startSqsEmulator());
    log("starting s3rver");
    endpoints.push(await startS3Emulator(undefined));
  }
  const sqs = endpoints[0]?.url ?? "";
  const s3 = endpoints[1]?.url ?? "";
  /**
   * Each benchmark on a DynamoDB Local of its own, stopped after it: DynamoDB Local in memory
   * slows down as the tables, items and stream records of earlier benchmarks pile up (the
   * console's pages took four times as long after the handoff runs), and dropping the sweep's
   * 300,000 items held its lock for minutes.
   */
  const onOwnDynamo = async <T>(run: (urls: Endpoints) => Promise<T>): Promise<T> => {
    const own = await startDynamoLocal(undefined);
    try {
      return await run({ dynamodb: own.url, sqs, s3 });
    } finally {
      await own.stop().catch(() => undefined);
    }
  };

  await attempt("sweep", "1. Deadline sweep", (share) => onOwnDynamo((urls) => benchSweep(urls, share, log)));

  if (selected.has("handoff") || selected.has("api"))
    await onOwnDynamo(async (urls) => {
      let pipeline: BenchStack | undefined;
      try {
        pipeline = await openStack(urls, "pipeline");
        let transferred: string[] = [];
        await attempt("handoff", "2. Handoff pipeline", async (share) => {
          const outcome = await benchHandoff(pipeline!, urls, share, log);
          transferred = outcome.transferred;
          return outcome.section;
        });
        await attempt("api", "3. API read latency", async (share) => {
          if (!transferred.length) transferred = await transferSome(pipeline!, 200, share);
          return benchApiRead(pipeline!, transferred, share, children, log);
        });
      } finally {
        await pipeline?.stop();
      }
    });

  await attempt("lifecycle", "5. Write units per lifecycle", (share) =>
    onOwnDynamo((urls) => benchLifecycle(urls, share, log)),
  );

  await attempt("console", "6. Console pages", (share) =>
    onOwnDynamo((urls) => benchConsole(urls, share, log)),
  );

  await attempt("stats", "7. Statistics reads", (share) =>
    onOwnDynamo((urls) => benchStats(urls, share, log)),
  );

  await attempt("watch", "8. Early warning", (share) => onOwnDynamo((urls) => benchWatch(urls, share, log)));

  await attempt("notices", "9. Written notices", (share) =>
    onOwnDynamo((urls) => benchNotices(urls, share, log)),
  );

  await cleanup();
  sections.sort((a, b) => a.title.localeCompare(b.title));
  const durationMs = performance.now() - t0;
  for (const s of sections)
    console.log(`\n## ${s.title}\n\n${s.details}\n${(s.notes ?? []).map((n) => `- ${n}`).join("\n")}`);
  console.log(`\n## Summary\n\n${summaryTable(sections)}\n`);
  if (full) {
    writeReport(`${REPO_ROOT}BENCHMARKS.md`, {
      sections,
      startedAt,
      durationMs,
      machine: describeMachine(),
      source: describeSource(REPO_ROOT),
      ...otherCores(durationMs),
    });
    log("BENCHMARKS.md rewritten");
  } else if (update) {
    updateReport(`${REPO_ROOT}BENCHMARKS.md`, {
      sections,
      startedAt,
      durationMs,
      machine: describeMachine(),
      source: describeSource(REPO_ROOT),
      command: `npm run bench -- ${asked.join(" ")} ${UPDATE}`,
      ...otherCores(durationMs),
    });
    log(`BENCHMARKS.md: ${sections.map((s) => s.title).join(", ")} replaced, the rest left as it was`);
  } else {
    log("a subset ran: BENCHMARKS.md left as it was");
  }
  // docs/cost.md follows BENCHMARKS.md: after a full run, or when asked.
  if (full || cost) log(`${writeCostDoc(REPO_ROOT)} rewritten from BENCHMARKS.md`);
  const others = otherCores(durationMs).otherCores;
  log(
    `done in ${(durationMs / 60_000).toFixed(1)} min${others === undefined ? "" : `; other processes kept ${others.toFixed(2)} cores busy meanwhile`}`,
  );
  return sections.some((s) => s.rows.some((r) => r.verdict === "error")) ? 1 : 0;
}

/** Cores that processes other than the bench and its children kept busy, on average. */
function otherCores(durationMs: number): { otherCores?: number } {
  const end = sampleMachineCpu();
  if (!cpuAtStart || !end) return {};
  const others = end.machine - cpuAtStart.machine - (end.ownTree - cpuAtStart.ownTree);
  return { otherCores: Math.max(0, others / durationMs) };
}

/** For `npm run bench -- api` alone: cases transferred to hrss, to read. */
async function transferSome(bench: BenchStack, n: number, budget: Budget): Promise<string[]> {
  const ids: string[] = [];
  await pool(n, 16, budget, async () => {
    const { id } = await expectStatus<{ id: string }>(
      await bench.call("POST", "/v1/cases", intake, registration()),
      201,
      "register",
    );
    await expectStatus(
      await bench.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" }),
      202,
      "route",
    );
    ids.push(id);
  });
  await bench.stack.drain();
  await expectStatus(await bench.call("GET", `/v1/cases/${ids[0]}`, hrssHandler), 200, "read as hrss");
  return ids;
}

process.once("SIGINT", onSignal(130));
process.once("SIGTERM", onSignal(143));
const watchdog = setTimeout(() => {
  console.error(`The bench ran past ${WATCHDOG_MS / 60_000} minutes; stopping.`);
  void cleanup().finally(() => process.exit(2));
}, WATCHDOG_MS);

main().then(
  async (code) => {
    clearTimeout(watchdog);
    await cleanup();
    // The SDK clients of the stacks keep sockets open; the work is done.
    process.exit(code);
  },
  async (err: Error) => {
    clearTimeout(watchdog);
    console.error(`The bench failed: ${err.stack ?? err.message}`);
    await cleanup();
    process.exit(1);
  },
);
