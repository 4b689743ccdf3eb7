// Benchmark 6, the console's pages: the server time of the Inbox of a handler with 1,000 cases
// and of a case page, in process (`app.request`, no network), side by side with the API's own
// GET /v1/cases and GET /v1/cases/{id} for the same data and the same caller; then the same
// again once the table holds ten times the cases (copies of the first thousand), to show
// that what a page reads follows the page, not the population.
import { ConsoleBrowser } from "../support/console.js";
import { copyCases, type Grown } from "./clone.js";
import {
  expectStatus,
  hrssHandler,
  intake,
  openStack,
  registration,
  type BenchStack,
  type Endpoints,
} from "./fixtures.js";
import {
  distribution,
  fmt,
  pool,
  table,
  verdict,
  Budget,
  type Distribution,
  type Section,
} from "./harness.js";

const CASES = 1_000;
/** Copies of each case made for the second measurement: 10,000 cases in all. */
const COPIES = 9;
/** The console's inbox shows one page of 50 (INBOX_PAGE in shared/console/inbox.tsx): the API is asked for as many. */
const PAGE = 50;
const WARMUP_ROUNDS = 20;
const ROUNDS = 200;
/** Measured this often even past the time share: a figure at each size, if a rough one. */
const MIN_ROUNDS = 30;

interface Target {
  label: string;
  /** The address of the i-th request. */
  path(i: number): string;
  headers: Record<string, string>;
  /** A list: its answer's cases are counted. */
  lists?: boolean;
}

interface Measured {
  target: Target;
  latency: Distribution;
  errors: number;
  /** Process CPU ms per request: routing, rights, the store's SDK calls, rendering. */
  cpuMs: number;
  bytes: number;
  /** DynamoDB calls per request, by operation (and index), as the metered store saw them. */
  calls: Map<string, number>;
  /** Items and read units per request (what the metered store's reads returned). */
  itemsRead: number;
  unitsRead: number;
  /** Rows the answer holds: cases listed, for the list requests. */
  rows?: number;
}

export async function benchConsole(
  endpoints: Endpoints,
  budget: Budget,
  log: (line: string) => void,
): Promise<Section> {
  const bench = await openStack(endpoints, "console");
  try {
    // Registrations start for at most 30 % of the share (the handoffs are drained after).
    const ids = await caseloadOfOneAgency(bench, budget.part(budget.left() * 0.3), log);
    const visible = await countVisible(bench);
    log(
      `  ${fmt.int(ids.length)} cases registered and routed to hrss; ${fmt.int(visible)} in its handler's list`,
    );

    const browser = new ConsoleBrowser(bench.stack);
    const signedIn = await browser.signIn(hrssHandler);
    if (signedIn.status !== 200) throw new Error(`Console sign-in: HTTP ${signedIn.status}`);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const bearer = { authorization: `Bearer ${await bench.token(hrssHandler)}` };
    const pick = (i: number) => ids[i % ids.length]!;
    const targets: Target[] = [
      { label: "Console: Inbox (GET /console)", path: () => "/console", headers: { cookie }, lists: true },
      {
        label: `API: GET /v1/cases?limit=${PAGE}`,
        path: () => `/v1/cases?limit=${PAGE}`,
        headers: bearer,
        lists: true,
      },
      {
        label: "Console: case page (GET /console/cases/{id})",
        path: (i) => `/console/cases/${pick(i)}`,
        headers: { cookie },
      },
      { label: "API: GET /v1/cases/{id}", path: (i) => `/v1/cases/${pick(i)}`, headers: bearer },
    ];
    const small = await measure(bench, targets, budget.part(budget.left() * 0.4), log);

    // Ten times the cases: copies of the first thousand, the same agency, the same notifications each.
    log(`  copying each case ${COPIES} times…`);
    // Every copy is made, whatever the time: writing them is cheap next to making the originals.
    const grown = await copyCases(bench, COPIES, new Budget(10 * 60_000));
    const visibleLarge = await countVisible(bench);
    log(
      `  ${fmt.int(grown.copies)} copies (${fmt.int(grown.items)} items) in ${fmt.s(grown.ms)}; ${fmt.int(visibleLarge)} in the handler's list`,
    );
    const large = grown.copies ? await measure(bench, targets, budget, log) : [];
    return section(
      [{ visible, measured: small }, ...(large.length ? [{ visible: visibleLarge, measured: large }] : [])],
      ids.length,
      grown,
    );
  } finally {
    await bench.stop();
  }
}

/** 1,000 petitions registered by intake and routed by the rules to hrss, the handoffs applied. */
async function caseloadOfOneAgency(bench: BenchStack, budget: Budget, log: (line: string) => void) {
  const ids: string[] = [];
  const started = performance.now();
  await pool(CASES, 16, budget, async () => {
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
  log(`  caseload made in ${fmt.s(performance.now() - started)}`);
  return ids;
}

/** The cases hrss's handler sees: GET /v1/cases paged to the end. */
async function countVisible(bench: BenchStack): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await expectStatus<{ items: unknown[]; nextCursor?: string }>(
      await bench.call(
        "GET",
        `/v1/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        hrssHandler,
      ),
      200,
      "list",
    );
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/**
 * Round after round, one request to each target in turn, one at a time: the four share the
 * machine's conditions. Timed from `app.request` to the last byte of the body.
 */
async function measure(
  bench: BenchStack,
  targets: Target[],
  budget: Budget,
  log: (line: string) => void,
): Promise<Measured[]> {
  const samples = targets.map(() => ({
    ms: [] as number[],
    errors: 0,
    cpu: 0,
    bytes: 0,
    calls: new Map<string, number>(),
    items: 0,
    units: 0,
    rows: 0,
  }));
  const one = async (t: Target, i: number, keep: boolean) => {
    bench.meter.reset();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const res = await bench.stack.app.request(t.path(i), { headers: t.headers });
    const body = await res.text();
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    if (!keep) return;
    const s = samples[targets.indexOf(t)]!;
    if (res.status !== 200) {
      s.errors++;
      return;
    }
    s.ms.push(ms);
    s.cpu += (used.user + used.system) / 1000;
    s.bytes += body.length;
    for (const [label, tally] of bench.meter.snapshot())
      s.calls.set(label, (s.calls.get(label) ?? 0) + tally.calls);
    const reads = bench.meter.totals("read");
    s.items += reads.items;
    s.units += reads.units;
    if (t.lists) s.rows = rowsOf(body);
  };
  for (let round = 0; round < WARMUP_ROUNDS; round++) for (const t of targets) await one(t, round, false);
  let rounds = 0;
  while (rounds < ROUNDS && (rounds < MIN_ROUNDS || !budget.expired())) {
    for (const t of targets) await one(t, WARMUP_ROUNDS + rounds, true);
    rounds++;
  }
  return targets.map((target, k) => {
    const s = samples[k]!;
    const n = Math.max(1, s.ms.length);
    const m: Measured = {
      target,
      latency: distribution(s.ms),
      errors: s.errors,
      cpuMs: s.cpu / n,
      bytes: s.bytes / n,
      calls: new Map([...s.calls].map(([label, calls]) => [label, calls / n])),
      itemsRead: s.items / n,
      unitsRead: s.units / n,
      ...(s.rows ? { rows: s.rows } : {}),
    };
    log(
      `  ${target.label}: ${fmt.int(m.latency.count)} requests, p50 ${fmt.ms(m.latency.p50)}, p95 ${fmt.ms(m.latency.p95)}, errors ${m.errors}`,
    );
    return m;
  });
}

/** Cases in a list answer: rows of the inbox's table, or items of the API's JSON. */
function rowsOf(body: string): number {
  if (body.startsWith("{")) {
    const items = (JSON.parse(body) as { items?: unknown[] }).items;
    return items?.length ?? 0;
  }
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
  return tbody.match(/<tr>/g)?.length ?? 0;
}

const callsText = (calls: Map<string, number>) =>
  [...calls]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label} ${n.toFixed(n % 1 ? 2 : 0)}`)
    .join(", ");

interface Size {
  /** Cases in the handler's list. */
  visible: number;
  measured: Measured[];
}

function section(sizes: Size[], registered: number, grown: Grown): Section {
  const first = sizes[0]!;
  const [inbox, list, casePage, read] = first.measured as [Measured, Measured, Measured, Measured];
  const ratio = (a: Measured, b: Measured) => fmt.ratio(a.latency.p95 / b.latency.p95);
  const complete = (m: Measured[]) => m.every((x) => x.latency.count === ROUNDS && x.errors === 0);
  const row = (size: Size, page: Measured, api: Measured, what: string) => ({
    benchmark: `Console: ${what}, p95 server time in process`,
    measured: `${fmt.ms(page.latency.p95)} (p50 ${fmt.ms(page.latency.p50)}; ${fmt.int(page.itemsRead)} items read); the API's ${api.target.label.replace("API: ", "")}: p95 ${fmt.ms(api.latency.p95)} (p50 ${fmt.ms(api.latency.p50)}; ${fmt.int(api.itemsRead)} items)`,
    target: "(against the API's own)",
    verdict: complete(size.measured) ? ("info" as const) : ("incomplete" as const),
  });
  const calls = (m: Measured) => [...m.calls.values()].reduce((s, n) => s + n, 0);
  const rows: Section["rows"] = [];
  for (const size of sizes) {
    const [i, l, c, r] = size.measured as [Measured, Measured, Measured, Measured];
    rows.push(row(size, i, l, `Inbox of a handler with ${fmt.int(size.visible)} cases`));
    rows.push(row(size, c, r, `case page, ${fmt.int(size.visible)} cases`));
  }
  const last = sizes[sizes.length - 1]!;
  if (sizes.length > 1) {
    const same = first.measured.every((m, k) => Math.abs(m.itemsRead - last.measured[k]!.itemsRead) < 0.5);
    rows.push({
      benchmark: `Console: items read per page, ${fmt.int(first.visible)} → ${fmt.int(last.visible)} cases`,
      measured: first.measured
        .map(
          (m, k) =>
            `${m.target.label.replace(/ \(GET.*\)$/, "")} ${fmt.int(m.itemsRead)} → ${fmt.int(last.measured[k]!.itemsRead)}`,
        )
        .join("; "),
      target: "O(page): the same at ten times the cases",
      verdict: verdict(same),
    });
  } else {
    rows.push({
      benchmark: `Console at ${fmt.int(registered * (COPIES + 1))} cases`,
      measured: "not run (time budget)",
      target: "",
      verdict: "incomplete",
    });
  }
  const sideBySide = table(
    [
      "request",
      ...sizes.map((z) => `items read (RCU) at ${fmt.int(z.visible)} cases`),
      ...sizes.map((z) => `p95 at ${fmt.int(z.visible)}`),
      ...sizes.map((z) => `DynamoDB calls at ${fmt.int(z.visible)}`),
    ],
    first.measured.map((m, k) => [
      m.target.label,
      ...sizes.map((z) => `${fmt.int(z.measured[k]!.itemsRead)} (${fmt.units(z.measured[k]!.unitsRead)})`),
      ...sizes.map((z) => fmt.ms(z.measured[k]!.latency.p95)),
      ...sizes.map((z) => calls(z.measured[k]!).toFixed(1)),
    ]),
  );
  return {
    title: "6. Console pages",
    rows,
    method:
      `A table of its own on the same DynamoDB Local: ${fmt.int(registered)} petitions registered by intake@bureau through POST /v1/cases (each from a ` +
      "new petitioner) and routed with POST /v1/cases/{id}/route, the handoffs applied by the router and their notifications by the notifier, so that " +
      `handler@hrss sees ${fmt.int(first.visible)} cases (GET /v1/cases paged to the end) and has as many unread notifications. The handler signs in to the ` +
      "console through its local sign-in page (tests/support/console.ts: ConsoleBrowser over `app.request`) and the API is called with a local token " +
      `for the same person. Then, ${ROUNDS} rounds after ${WARMUP_ROUNDS} of warm-up, one request to each of four addresses in turn, one at a time, ` +
      "all through the local runtime's Hono app in process (`app.request`: no socket, no HTTP parsing), timed from the call to the last byte of the " +
      "body: the console's Inbox (GET /console, Chinese, no filter), which lists one page of 50 cases, as the API is asked for " +
      `(GET /v1/cases?limit=${PAGE}); and a case page (GET /console/cases/{id}) against GET /v1/cases/{id}, both round robin over the ${fmt.int(registered)} ` +
      "cases, each transferred to hrss with three events. What a request costs is all there: the session or token, the rights check, the store's " +
      "calls to DynamoDB Local over loopback (counted by the metered client: calls, items returned, read units), and for the console the page's other reads (the reference data, the " +
      "unread count among the newest hundred notifications, the case's events and their chain check) and the rendering; the console's cache of the " +
      "reference data reads through the stack's own, unmetered client. CPU is this process's " +
      "(process.cpuUsage) per request; DynamoDB Local's own is not in it. The pollers are stopped; nothing else runs. " +
      `Then the table is grown to ${COPIES + 1} times the cases (tests/bench/clone.ts): every item of each case (the case, its events, access and outbox items) and its ` +
      `notifications are copied ${COPIES} times under fresh ULIDs of the same times (the events hashed again under the new id, so each copy's trail verifies) ` +
      "and written with BatchWriteItem, so the handler's list, the byAgency index and the notification partition hold ten times the entries, interleaved " +
      "with the originals; and the same rounds run again over the same original cases.",
    details: [
      sideBySide,
      "",
      ...sizes.flatMap((z) => [
        `At ${fmt.int(z.visible)} cases in the handler's list:`,
        "",
        table(
          [
            "request",
            "requests",
            "errors",
            "cases listed",
            "p50",
            "p95",
            "p99",
            "max",
            "mean",
            "CPU per request",
            "bytes",
            "DynamoDB calls per request",
          ],
          z.measured.map((m) => [
            m.target.label,
            fmt.int(m.latency.count),
            String(m.errors),
            m.rows === undefined ? "–" : fmt.int(m.rows),
            fmt.ms(m.latency.p50),
            fmt.ms(m.latency.p95),
            fmt.ms(m.latency.p99),
            fmt.ms(m.latency.max),
            fmt.ms(m.latency.mean),
            fmt.ms(m.cpuMs),
            fmt.int(m.bytes),
            `${calls(m).toFixed(1)}: ${callsText(m.calls)}`,
          ]),
        ),
        "",
      ]),
      `Growing the table: ${fmt.int(grown.copies)} copies of ${fmt.int(grown.originals)} cases, ${fmt.int(grown.items)} items written by BatchWriteItem, in ${fmt.s(grown.ms)}.`,
    ].join("\n"),
    notes: [
      `At p95 and ${fmt.int(first.visible)} cases the Inbox takes ${ratio(inbox, list)} the time of the API's list, and the case page ${ratio(casePage, read)} that of the API's read: ` +
        `the Inbox makes ${calls(inbox).toFixed(1)} DynamoDB calls to the list's ${calls(list).toFixed(1)}, the case page ${calls(casePage).toFixed(1)} to the read's ` +
        `${calls(read).toFixed(1)}, and each page renders HTML (${fmt.ms(inbox.cpuMs)} and ${fmt.ms(casePage.cpuMs)} of CPU per request against ` +
        `${fmt.ms(list.cpuMs)} and ${fmt.ms(read.cpuMs)}).`,
    ],
  };
}
