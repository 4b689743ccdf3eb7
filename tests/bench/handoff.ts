// Benchmark 2, the handoff pipeline: route calls through the
// Hono app, the FIFO queue, the real router applying each handoff, until the receiving
// agency sees the case. A case is visible to the agency the moment the router's
// transaction (case `transferred` + access item + settle) has committed: DynamoDB Local
// reads are strongly consistent, so that commit, observed on the metered client, is when
// GET /v1/cases as hrss first lists it. Every run ends by checking that through the API.
import type { QueuePoller } from "../../infra/local/poller.js";
import { itemKind } from "../../shared/adapters/dynamo/keys.js";
import { OUTBOX_GRACE_MS } from "../../shared/adapters/dynamo/outbox.js";
import { MAX_PAGE_LIMIT } from "../../shared/http/schemas.js";
import {
  cpuPer,
  distribution,
  fmt,
  pool,
  sampleCpu,
  sleep,
  table,
  verdict,
  waitFor,
  type Budget,
  type Distribution,
  type Section,
  type SummaryRow,
} from "./harness.js";
import { expectStatus, hrssHandler, intake, registration, type BenchStack } from "./fixtures.js";

const REGISTER_IN_FLIGHT = 16;
const ROUTE_IN_FLIGHT = 16;
/** Cases per saturation run: about 15–30 s of work on a 2-core machine. */
const SATURATION_CASES = 1_000;
const PACED_SECONDS = 10;
const TARGET_RATE = 200;

interface RunFigures {
  label: string;
  consumers: number;
  /** Route calls per second asked for; undefined: as fast as the in-flight limit allows. */
  offeredRate?: number;
  routed: number;
  routeErrors: number;
  visible: number;
  makespanMs: number;
  routeCallsMs: number;
  throughput: number;
  latency: Distribution;
  routeCall: Distribution;
  /** CPU ms per handoff (route call to notification stored), in the bench process and in DynamoDB Local. */
  cpu: { bench: number; dynamodb?: number };
  /** Cores in use on average over the run: by the bench process, by DynamoDB Local. */
  cores: { bench: number; dynamodb?: number };
}

export interface HandoffOutcome {
  section: Section;
  /** Cases now transferred to hrss, for the read benchmark. */
  transferred: string[];
}

export async function benchHandoff(
  bench: BenchStack,
  budget: Budget,
  log: (line: string) => void,
): Promise<HandoffOutcome> {
  const runs: RunFigures[] = [];
  const transferred: string[] = [];
  let registerRate = NaN;

  const register = async (n: number) => {
    const started = performance.now();
    const ids = await registerCases(bench, n, budget);
    registerRate = ids.length / ((performance.now() - started) / 1000);
    return ids;
  };
  const record = ({ run, visibleIds }: PipelineOutcome) => {
    runs.push(run);
    transferred.push(...visibleIds);
    log(
      `  ${run.label}: ${run.visible}/${run.routed} visible, ${fmt.rate(run.throughput)} handoffs/s, p50 ${fmt.ms(run.latency.p50)}, p95 ${fmt.ms(run.latency.p95)}`,
    );
  };

  // As `npm start` runs it: one long-polling consumer per queue.
  const single = await runPipeline(
    bench,
    await register(SATURATION_CASES),
    { label: "1 consumer per queue, route calls as fast as possible", consumers: 1 },
    budget,
  );
  if (single) record(single);

  // As Lambda would scale it: four concurrent batches per queue.
  const four = await runPipeline(
    bench,
    await register(SATURATION_CASES),
    { label: "4 consumers per queue, route calls as fast as possible", consumers: 4 },
    budget,
  );
  if (four) record(four);

  // Latency below saturation: the target rate, or 70 % of what four consumers sustained.
  if (four) {
    const rate = Math.max(5, Math.floor(Math.min(TARGET_RATE, 0.7 * four.run.throughput)));
    const paced = await runPipeline(
      bench,
      await register(rate * PACED_SECONDS),
      { label: `4 consumers per queue, ${rate} route calls/s`, consumers: 4, offeredRate: rate },
      budget,
    );
    if (paced) record(paced);
  }

  const inbox = await inboxCount(bench, transferred.length, budget);
  return { section: handoffSection(runs, registerRate, inbox, transferred.length), transferred };
}

async function registerCases(bench: BenchStack, n: number, budget: Budget): Promise<string[]> {
  const ids: string[] = [];
  await pool(n, REGISTER_IN_FLIGHT, budget, async () => {
    const body = await expectStatus<{ id: string }>(
      await bench.call("POST", "/v1/cases", intake, registration()),
      201,
      "register",
    );
    ids.push(body.id);
  });
  return ids;
}

interface PipelineOutcome {
  run: RunFigures;
  /** The cases the run made visible to hrss. */
  visibleIds: string[];
}

/** One run; undefined when the time budget left no cases to route or none arrived. */
async function runPipeline(
  bench: BenchStack,
  ids: string[],
  opts: { label: string; consumers: number; offeredRate?: number },
  budget: Budget,
): Promise<PipelineOutcome | undefined> {
  if (!ids.length || budget.expired()) return undefined;
  const { stack } = bench;
  const routeStart = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  const routeCall: number[] = [];
  let routeErrors = 0;

  const stopListening = bench.meter.onTransaction((items) => {
    const now = performance.now();
    for (const t of items) {
      const item = t.Put?.Item;
      if (
        !item ||
        itemKind({ pk: item.pk?.S ?? "", sk: item.sk?.S ?? "" }) !== "case" ||
        (item.status?.S !== "transferred" && item.status?.S !== "assigned")
      )
        continue;
      const id = item.id?.S;
      if (id && routeStart.has(id) && !visibleAt.has(id)) visibleAt.set(id, now);
    }
  });

  let consuming = true;
  const consume = async (poller: QueuePoller) => {
    for (let round = 0; consuming && round < 1_000_000; round++) {
      try {
        await poller.pollOnce(1);
      } catch {
        await sleep(100);
      }
    }
  };
  const consumers = Array.from({ length: opts.consumers }, () => [
    consume(stack.router),
    consume(stack.notifier),
  ]).flat();

  const route = async (id: string) => {
    const t0 = performance.now();
    routeStart.set(id, t0);
    const res = await bench.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
    await res.arrayBuffer();
    routeCall.push(performance.now() - t0);
    if (res.status !== 202) {
      routeErrors++;
      routeStart.delete(id);
    }
  };

  const cpuBefore = sampleCpu();
  const started = performance.now();
  const share = budget.part(60_000);
  try {
    if (opts.offeredRate === undefined) {
      await pool(ids.length, ROUTE_IN_FLIGHT, share, (i) => route(ids[i]!));
    } else {
      // Open loop: call i leaves at started + i / rate, whatever the earlier ones are doing.
      let inFlight = 0;
      const calls: Promise<void>[] = [];
      for (let i = 0; i < ids.length && !share.expired(); i++) {
        await sleep(Math.max(0, started + (i * 1000) / opts.offeredRate - performance.now()));
        if (!(await waitFor(() => inFlight < 4 * ROUTE_IN_FLIGHT, share, 1))) break;
        inFlight++;
        calls.push(
          route(ids[i]!).finally(() => {
            inFlight--;
          }),
        );
      }
      await Promise.all(calls);
    }
    const routeCallsMs = performance.now() - started;
    await waitFor(() => visibleAt.size >= routeStart.size, budget.part(30_000), 5);
    // Notifications still queued are delivered, so the CPU figures cover whole handoffs.
    await stack.notifier.drain(200);
    const cpuAfter = sampleCpu();
    const wallMs = performance.now() - started;
    if (!visibleAt.size) return undefined;
    const firstCall = Math.min(...routeStart.values());
    const lastVisible = Math.max(...visibleAt.values());
    const makespanMs = lastVisible - firstCall;
    const latencies = [...visibleAt.entries()].map(([id, at]) => at - routeStart.get(id)!);
    const run: RunFigures = {
      label: opts.label,
      consumers: opts.consumers,
      ...(opts.offeredRate !== undefined ? { offeredRate: opts.offeredRate } : {}),
      routed: routeStart.size,
      routeErrors,
      visible: visibleAt.size,
      makespanMs,
      routeCallsMs,
      throughput: visibleAt.size / (makespanMs / 1000),
      latency: distribution(latencies),
      routeCall: distribution(routeCall),
      cpu: cpuPer(cpuBefore, cpuAfter, visibleAt.size),
      cores: cpuPer(cpuBefore, cpuAfter, wallMs),
    };
    return { run, visibleIds: [...visibleAt.keys()] };
  } finally {
    consuming = false;
    await Promise.all(consumers);
    stopListening();
  }
}

/** How many of the routed cases hrss's inbox (GET /v1/cases as hrss) lists as transferred to it. */
async function inboxCount(bench: BenchStack, expected: number, budget: Budget): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (let page = 0; page < expected / MAX_PAGE_LIMIT + 10 && !budget.expired(); page++) {
    const query = `limit=${MAX_PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body = await expectStatus<{
      items: { status: string; leadAgency?: string }[];
      nextCursor?: string;
    }>(await bench.call("GET", `/v1/cases?${query}`, hrssHandler), 200, "hrss inbox");
    count += body.items.filter((c) => c.status === "transferred" && c.leadAgency === "hrss").length;
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return count;
}

function handoffSection(
  runs: RunFigures[],
  registerRate: number,
  inbox: number,
  transferred: number,
): Section {
  const rows: SummaryRow[] = [];
  const saturated = runs.filter((r) => r.offeredRate === undefined);
  const best = saturated.reduce<RunFigures | undefined>(
    (b, r) => (!b || r.throughput > b.throughput ? r : b),
    undefined,
  );
  const consumers = (r: RunFigures) => `${r.consumers} consumer${r.consumers > 1 ? "s" : ""} per queue`;
  if (best) {
    rows.push({
      benchmark: "Handoff pipeline: throughput",
      measured: `${fmt.rate(best.throughput)} handoffs/s (${consumers(best)})`,
      target: `≥ ${TARGET_RATE}/s`,
      verdict: verdict(best.throughput >= TARGET_RATE),
    });
  }
  for (const run of runs.filter((r) => r.offeredRate !== undefined)) {
    rows.push({
      benchmark: `Handoff pipeline: p95 route call → in hrss inbox, ${run.offeredRate}/s offered (${consumers(run)})`,
      measured: `${fmt.ms(run.latency.p95)} (p50 ${fmt.ms(run.latency.p50)})`,
      target: "≤ 1 s",
      verdict: run.visible < run.routed ? "incomplete" : verdict(run.latency.p95 <= 1000),
    });
  }
  for (const run of saturated) {
    rows.push({
      benchmark: `Handoff pipeline: p95 at saturation (${consumers(run)}, ${fmt.int(run.routed)} route calls in ${fmt.s(run.routeCallsMs)})`,
      measured: `${fmt.ms(run.latency.p95)}: the queue's backlog`,
      target: "≤ 1 s at ≥ 200/s",
      verdict: "info",
    });
  }
  const notes: string[] = [];
  const dynamoMs = best?.cpu.dynamodb;
  if (best && dynamoMs !== undefined && best.throughput < TARGET_RATE) {
    notes.push(
      `Each handoff (route call, router, notifier) cost ${fmt.ms(dynamoMs)} of CPU in DynamoDB Local and ${fmt.ms(best.cpu.bench)} in the bench ` +
        `process (API, handlers, fauxqs, SDK), with DynamoDB Local using ${best.cores.dynamodb?.toFixed(2) ?? "n/a"} cores and the bench process ` +
        `${best.cores.bench.toFixed(2)} on average: at that cost one core of DynamoDB Local carries about ${fmt.rate(1000 / dynamoMs)} handoffs/s, and ` +
        `${TARGET_RATE}/s would need ${fmt.rate((TARGET_RATE * dynamoMs) / 1000)} cores for it alone.`,
    );
  }
  const details = [
    table(
      [
        "run",
        "routed (errors)",
        "visible to hrss",
        "route calls took",
        "last visible after",
        "handoffs/s",
        "latency p50 / p95 / p99 / max",
        "route call (202) p50 / p95",
        "CPU per handoff: bench / DynamoDB Local (cores in use)",
      ],
      runs.map((r) => [
        r.label,
        `${fmt.int(r.routed)} (${r.routeErrors})`,
        fmt.int(r.visible),
        fmt.s(r.routeCallsMs),
        fmt.s(r.makespanMs),
        fmt.rate(r.throughput),
        `${fmt.ms(r.latency.p50)} / ${fmt.ms(r.latency.p95)} / ${fmt.ms(r.latency.p99)} / ${fmt.ms(r.latency.max)}`,
        `${fmt.ms(r.routeCall.p50)} / ${fmt.ms(r.routeCall.p95)}`,
        `${fmt.ms(r.cpu.bench)} / ${r.cpu.dynamodb === undefined ? "n/a" : fmt.ms(r.cpu.dynamodb)} (${r.cores.bench.toFixed(2)} / ${r.cores.dynamodb?.toFixed(2) ?? "n/a"})`,
      ]),
    ),
    "",
    `Afterwards hrss's inbox (GET /v1/cases as hrss, paginated) listed ${fmt.int(inbox)} of the ${fmt.int(transferred)} routed cases as transferred to hrss. ` +
      `Registering the cases beforehand through POST /v1/cases ran at ${fmt.rate(registerRate)} cases/s (${REGISTER_IN_FLIGHT} in flight).`,
  ].join("\n");
  const method =
    "createLocalRuntime on the bench's DynamoDB Local and fauxqs, its store on a metered client. For each run, cases are first registered " +
    "through POST /v1/cases (not timed); then consumers start, each a loop of the stack's own `router.pollOnce(1)` or `notifier.pollOnce(1)` " +
    "(the real router and notifier handlers, batches of 10, long polling), one per queue as `npm start` runs them or four per queue as Lambda " +
    `would scale them; then every case is routed with POST /v1/cases/{id}/route {kind: transfer} via \`app.request\` (${ROUTE_IN_FLIGHT} in flight, ` +
    `or open loop at a fixed rate). A case's latency runs from the start of its route call to the commit of the router's transaction that makes it ` +
    "`transferred` with leadAgency hrss and writes hrss's access item (seen by the metered client's middleware); from that instant GET /v1/cases as " +
    "hrss lists it, which the run checks at the end. Throughput is the cases made visible divided by the time from the first route call to the last " +
    `one visible. The sweep and relay timers are off (nothing falls due, and the relay's ${OUTBOX_GRACE_MS / 1000} s grace is never reached). CPU per handoff is the ` +
    "bench process's own CPU time (API, handlers, fauxqs, SDK) and DynamoDB Local's (from /proc), from the first route call until the last " +
    "notification is stored, divided by the handoffs. The p95 target is judged at a fixed offered rate the pipeline sustains (the target " +
    "rate or 70 % of the four-consumer throughput, whichever is lower); at saturation latency only measures the backlog.";
  return { title: "2. Handoff pipeline", rows, method, details, notes };
}
