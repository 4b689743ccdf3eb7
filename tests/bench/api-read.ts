// Benchmark 3, API read latency: GET /v1/cases/{id} over real
// HTTP at 50 concurrent clients. The stack's Hono app is served by @hono/node-server on
// loopback; a child process drives it with Node's fetch.
import { serve } from "@hono/node-server";
import { fork } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import {
  cpuPer,
  distribution,
  fmt,
  median,
  sampleCpu,
  table,
  verdict,
  type Budget,
  type ChildProcesses,
  type Distribution,
  type Section,
} from "./harness.js";
import { hrssHandler, type BenchStack } from "./fixtures.js";
import { middle, serveReadFloor } from "./floors.js";
import type { ReadOrders, ReadResult } from "./read-client.js";

const CLIENTS = 50;
const WARMUP = 500;
const FIRST_WARMUP = 1_500;
const REQUESTS = 5_000;
const TARGET_P99_MS = 50;
/** Floor and Casebridge closed-loop runs alternate, this many of each. */
const PAIRS = 2;
/** Goals against the floor: at least this share of its throughput, at most this multiple of its p99. */
const FLOOR_THROUGHPUT_GOAL = 0.6;
const FLOOR_P99_GOAL = 1.5;

interface ReadRun {
  label: string;
  /** The bare floor server's run, or Casebridge's; the pair it belongs to. */
  floor: boolean;
  pair?: number;
  result: ReadResult;
  latency: Distribution;
  throughput: number;
  /** CPU ms per request: the server (bench process), DynamoDB Local, the client. */
  cpu: { server: number; dynamodb?: number; client: number };
  /** DynamoDB calls per request, by operation, as the metered store saw them. */
  dynamodbCalls: string;
}

export async function benchApiRead(
  bench: BenchStack,
  caseIds: string[],
  budget: Budget,
  children: ChildProcesses,
  log: (line: string) => void,
): Promise<Section> {
  if (!caseIds.length) throw new Error("No cases to read.");
  // Without TLS or HTTP/2 options, serve() creates a plain node:http server.
  const server = serve({ fetch: bench.stack.app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  const floor = await serveReadFloor(bench.meter.client, bench.tableName);
  const runs: ReadRun[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (server.listening) resolve();
      server.once("listening", () => resolve());
      server.once("error", reject);
    });
    const { port } = server.address() as AddressInfo;
    const base: Omit<ReadOrders, "maxMs"> = {
      baseUrl: `http://127.0.0.1:${port}`,
      token: await bench.token(hrssHandler),
      ids: caseIds.slice(0, 1_000),
      clients: CLIENTS,
      warmup: WARMUP,
      requests: REQUESTS,
    };
    const run = async (
      label: string,
      extra: Partial<ReadOrders>,
      shape: { floor?: boolean; pair?: number } = {},
    ) => {
      const share = budget.part(45_000);
      bench.meter.reset();
      const before = sampleCpu();
      const result = await readInChild(
        {
          ...base,
          ...(shape.floor ? { baseUrl: floor.baseUrl } : {}),
          ...extra,
          maxMs: Math.max(1_000, share.left() - 5_000),
        },
        share.left(),
        children,
      );
      const after = sampleCpu();
      const latency = distribution(result.latencies);
      const requests = latency.count + (extra.warmup ?? WARMUP) + result.errors;
      const perRequest = cpuPer(before, after, requests);
      const dynamodbCalls = [...bench.meter.snapshot().entries()]
        .map(
          ([label, t]) =>
            `${label} ${(t.calls / requests).toFixed(2)} (${fmt.units(t.units / requests)} ${t.kind === "read" ? "RCU" : "WCU"})`,
        )
        .join(", ");
      const r: ReadRun = {
        label,
        floor: shape.floor ?? false,
        ...(shape.pair !== undefined ? { pair: shape.pair } : {}),
        result,
        latency,
        throughput: latency.count / (result.wallMs / 1000),
        cpu: {
          server: perRequest.bench,
          ...(perRequest.dynamodb !== undefined ? { dynamodb: perRequest.dynamodb } : {}),
          client: result.cpuMs / latency.count,
        },
        dynamodbCalls,
      };
      runs.push(r);
      log(
        `  ${shape.floor ? "floor, " : ""}${label}: ${fmt.int(latency.count)} reads at ${fmt.rate(r.throughput)}/s, p50 ${fmt.ms(latency.p50)}, p95 ${fmt.ms(latency.p95)}, p99 ${fmt.ms(latency.p99)}, errors ${result.errors}`,
      );
      return r;
    };
    // Alternately, the floor and Casebridge, the same client and orders.
    for (let pair = 1; pair <= PAIRS; pair++) {
      // The first pair warms both servers (JIT, sockets) longer than the rest.
      const warmup = pair === 1 ? FIRST_WARMUP : WARMUP;
      await run(`${CLIENTS} clients, closed loop (pair ${pair})`, { warmup }, { floor: true, pair });
      await run(`${CLIENTS} clients, closed loop (pair ${pair})`, { warmup }, { pair });
    }
    const rate = Math.max(10, Math.floor(median(runs.filter((r) => !r.floor).map((r) => r.throughput)) / 2));
    await run(`${rate} requests/s, open loop (half the closed-loop rate)`, { ratePerS: rate });
  } finally {
    server.close();
    server.closeAllConnections();
    floor.close();
  }

  const closedRuns = runs.filter((r) => !r.floor && r.pair !== undefined);
  // The Casebridge run nearest the median throughput stands for the closed loop.
  const closed =
    [...closedRuns].sort((a, b) => a.throughput - b.throughput)[Math.floor((closedRuns.length - 1) / 2)] ??
    runs[0]!;
  const pairs = closedRuns.flatMap((r) => {
    const f = runs.find((x) => x.floor && x.pair === r.pair);
    return f ? [{ r, f, throughput: r.throughput / f.throughput, p99: r.latency.p99 / f.latency.p99 }] : [];
  });
  const pairsComplete = pairs.every(
    (p) =>
      p.r.latency.count === REQUESTS &&
      p.f.latency.count === REQUESTS &&
      !p.r.result.errors &&
      !p.f.result.errors,
  );
  const throughputRatio = middle(pairs.map((p) => p.throughput));
  const p99Ratio = middle(pairs.map((p) => p.p99));
  const complete = closed.latency.count === REQUESTS && closed.result.errors === 0;
  const notes: string[] = [];
  if (closed.latency.p99 > TARGET_P99_MS) {
    notes.push(
      `With ${CLIENTS} clients each sending its next request as soon as the last one is answered, mean latency is the number of clients ` +
        `over the throughput (${CLIENTS} / ${fmt.rate(closed.throughput)} per s = ${fmt.ms((CLIENTS / closed.throughput) * 1000)}; measured mean ` +
        `${fmt.ms(closed.latency.mean)}): a p99 of ${TARGET_P99_MS} ms at ${CLIENTS} clients needs more than ${fmt.int((CLIENTS / TARGET_P99_MS) * 1000)} reads/s. ` +
        `Each read cost ${fmt.ms(closed.cpu.server)} of CPU in the server process, ${closed.cpu.dynamodb === undefined ? "n/a" : fmt.ms(closed.cpu.dynamodb)} ` +
        `in DynamoDB Local and ${fmt.ms(closed.cpu.client)} in the client, all on ${availableParallelism()} cores; its DynamoDB calls: ${closed.dynamodbCalls}.`,
    );
  }
  return {
    title: "3. API read latency",
    rowPrefixes: ["API: GET /v1/cases/{id},", "Read"],
    rows: [
      {
        benchmark: `API: GET /v1/cases/{id}, ${CLIENTS} concurrent clients, p99`,
        measured: `${fmt.ms(closed.latency.p99)} (p50 ${fmt.ms(closed.latency.p50)}, p95 ${fmt.ms(closed.latency.p95)}; ${fmt.rate(closed.throughput)} reads/s)`,
        target: `≤ ${TARGET_P99_MS} ms`,
        verdict: complete ? verdict(closed.latency.p99 <= TARGET_P99_MS) : "incomplete",
      },
      ...(pairs.length
        ? [
            {
              benchmark: "Read: Casebridge ÷ floor throughput",
              measured: `${throughputRatio.toFixed(2)} (${CLIENTS} clients, closed loop; median of ${pairs.length} pair${pairs.length === 1 ? "" : "s"}: ${pairs.map((p) => `${fmt.rate(p.r.throughput)} ÷ ${fmt.rate(p.f.throughput)} = ${p.throughput.toFixed(2)}`).join("; ")} reads/s)`,
              target: `≥ ${FLOOR_THROUGHPUT_GOAL}`,
              verdict: pairsComplete
                ? verdict(throughputRatio >= FLOOR_THROUGHPUT_GOAL)
                : ("incomplete" as const),
            },
            {
              benchmark: "Read p99 ÷ floor p99",
              measured: `${p99Ratio.toFixed(2)} (${CLIENTS} clients, closed loop; median of ${pairs.length} pair${pairs.length === 1 ? "" : "s"}: ${pairs.map((p) => `${fmt.ms(p.r.latency.p99)} ÷ ${fmt.ms(p.f.latency.p99)} = ${p.p99.toFixed(2)}`).join("; ")})`,
              target: `≤ ${FLOOR_P99_GOAL}`,
              verdict: pairsComplete ? verdict(p99Ratio <= FLOOR_P99_GOAL) : ("incomplete" as const),
            },
          ]
        : []),
      ...runs
        .filter((r) => !r.floor && r.pair === undefined)
        .map((r) => ({
          benchmark: `API: GET /v1/cases/{id}, ${r.label}, p99`,
          measured: `${fmt.ms(r.latency.p99)} (p50 ${fmt.ms(r.latency.p50)}, p95 ${fmt.ms(r.latency.p95)})`,
          target: `≤ ${TARGET_P99_MS} ms`,
          verdict: "info" as const,
        })),
    ],
    method:
      `After the handoff runs, the same stack's \`app.fetch\` is served by @hono/node-server \`serve\` on 127.0.0.1 and a free port. A child ` +
      `process (tests/bench/read-client.ts, forked with tsx) reads GET /v1/cases/{id} as an hrss handler (token from issueLocalToken) over ` +
      `${fmt.int(Math.min(caseIds.length, 1_000))} cases transferred to hrss, round robin, with Node's fetch (undici, keep-alive): ${WARMUP} requests of warm-up (${fmt.int(FIRST_WARMUP)} in the first pair), then ` +
      `${fmt.int(REQUESTS)} measured from request start to the last byte of the body. The target run is closed loop: ${CLIENTS} concurrent ` +
      `clients, each sending its next request when the last is answered. A second run offers half that rate open loop (each request timed ` +
      `from its scheduled start, at most ${CLIENTS} in flight), to show the latency of a read when the server is not saturated. Each request ` +
      "goes through the real app (token verification, rights, the store, the reply); the DynamoDB calls it makes are counted by the metered " +
      "store. The pollers are stopped; nothing else runs. CPU per request comes from the server process's and DynamoDB Local's CPU time " +
      "(/proc) and the client's own. " +
      "**The floor** (tests/bench/floors.ts) is a bare Hono app on @hono/node-server in the same process, on another port, answering " +
      "GET /v1/cases/:id with one consistent GetItem of the same case item on the same table (through the same metered DynamoDBClient as Casebridge's store, so both pay the same per-call cost), " +
      "unmarshalled and sent as JSON with c.json: no token verification, no rights check, no mapping of the item to the API's view, no " +
      "response validation, no middleware, no logging. The same client, with the same orders and the same token header (ignored by the floor), " +
      `reads it; floor and Casebridge runs alternate (floor, Casebridge, floor, Casebridge), ${PAIRS} of each, and each ratio is a Casebridge run ` +
      "over the floor run just before it; the verdict is on their median (of two, their mean). The Casebridge run shown in the first summary row is the one of median throughput (of two, the slower).",
    details: table(
      [
        "run",
        "requests",
        "errors",
        "req/s",
        "p50",
        "p95",
        "p99",
        "max",
        "mean",
        "CPU per read: server / DynamoDB Local / client",
        "DynamoDB calls per read",
      ],
      runs.map((r) => [
        r.floor ? `**floor**, ${r.label}` : `Casebridge, ${r.label}`,
        fmt.int(r.latency.count),
        `${r.result.errors}${r.result.firstError ? ` (${r.result.firstError})` : ""}`,
        fmt.rate(r.throughput),
        fmt.ms(r.latency.p50),
        fmt.ms(r.latency.p95),
        fmt.ms(r.latency.p99),
        fmt.ms(r.latency.max),
        fmt.ms(r.latency.mean),
        `${r.cpu.server.toFixed(2)} / ${r.cpu.dynamodb?.toFixed(2) ?? "n/a"} / ${r.cpu.client.toFixed(2)} ms`,
        r.dynamodbCalls,
      ]),
    ),
    notes,
  };
}

function readInChild(orders: ReadOrders, timeoutMs: number, children: ChildProcesses): Promise<ReadResult> {
  const child = children.track(
    fork(fileURLToPath(new URL("./read-client.ts", import.meta.url)), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  return new Promise<ReadResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The read client did not finish within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    child.once("message", (result) => {
      clearTimeout(timer);
      resolve(result as ReadResult);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The read client exited with ${code} before reporting.`));
    });
    child.once("spawn", () => child.send(orders));
  });
}
