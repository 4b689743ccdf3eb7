// Benchmark 7, statistics reads: what GET /v1/stats reads for a year of a county's cases —
// items, DynamoDB calls and read units per question, and its time — for the annual
// by-category table of every agency, the agencies' assessment, a question by two dimensions,
// and an agency head's own figures; at 300 cases, then again at 34 times as many (copies of
// the first 300, counted by the stats function off the table's stream as any case is).
import { ControlledClock } from "../../shared/clock.js";
import { StatsService } from "../../shared/app/stats.js";
import type { StatsQuery } from "../../shared/domain/stats-report.js";
import { DAY_MS } from "../../shared/durations.js";
import { expectStatus, hrssHead, intake, openStack, registration, type Endpoints, who } from "./fixtures.js";
import { snapshotCases, writeCopies, type Grown } from "./clone.js";
import { distribution, fmt, pool, table, verdict, type Budget, type Section } from "./harness.js";
import { STATS_TRANSACTION } from "./meter.js";

const MONTHS = 12;
const PER_MONTH = 25;
const ROUNDS = 40;
/** Asked this often even past the time share: a figure at each size, if a rough one. */
const MIN_ROUNDS = 10;
/** Copies of each case for the second measurement: 300 × 34 = 10,200 cases in the year. */
const COPIES = 33;
const COPIES_AT_ONCE = 3;
const CATEGORIES = [
  "labor-social-security",
  "land-acquisition",
  "housing-demolition",
  "environment",
  "health",
];
const REGIONS = ["chengguan", "xiangshan", "industrial-park"];
const CHANNELS = ["letter", "visit", "phone", "online"];
const coordinator = who("bureau", "coordinator");

interface Question {
  label: string;
  as: ReturnType<typeof who>;
  query: StatsQuery;
}

interface Answered {
  question: Question;
  rows: number;
  itemsRead: number;
  calls: number;
  units: number;
  p50: number;
  p95: number;
  count: number;
}

interface Counting {
  cases: number;
  ms: number;
  transactions: number;
  items: number;
}

export async function benchStats(
  endpoints: Endpoints,
  budget: Budget,
  log: (line: string) => void,
): Promise<Section> {
  // 2026 from its first working day: each month gets its cases, the clock moved between months.
  const clock = new ControlledClock(new Date("2026-01-05T02:00:00Z").getTime() - Date.now());
  const bench = await openStack(endpoints, "stats", clock);
  try {
    const started = performance.now();
    let n = 0;
    // At most 40 % of the share for the year's cases: the questions and the grown year need the rest.
    const making = budget.part(budget.left() * 0.4);
    let months = 0;
    for (let m = 0; m < MONTHS && !making.expired(); m++, months++) {
      await pool(PER_MONTH, 8, making, async () => {
        const i = n++;
        const { id } = await expectStatus<{ id: string }>(
          await bench.call(
            "POST",
            "/v1/cases",
            intake,
            registration({
              category: CATEGORIES[i % CATEGORIES.length],
              region: REGIONS[i % REGIONS.length],
              channel: CHANNELS[i % CHANNELS.length],
            }),
          ),
          201,
          "register",
        );
        await expectStatus(
          await bench.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" }),
          202,
          "route",
        );
      });
      await bench.stack.drain();
      clock.advance(30 * DAY_MS);
    }
    // Once more: a record the stream had not yet shown (a busy DynamoDB Local) is counted before the first questions.
    await bench.stack.drain();
    log(`  ${fmt.int(n)} cases over ${MONTHS} months made in ${fmt.s(performance.now() - started)}`);

    const year = { from: "2026-01", to: "2026-12" };
    const questions: Question[] = [
      { label: "a year × all agencies, by category", as: coordinator, query: { ...year, by: ["category"] } },
      {
        label: "a year, the agencies' assessment (by agency)",
        as: coordinator,
        query: { ...year, by: ["agency"] },
      },
      { label: "a year, by month", as: coordinator, query: { ...year, by: ["month"] } },
      {
        label: "a year, by agency × category (full cells)",
        as: coordinator,
        query: { ...year, by: ["agency", "category"] },
      },
      { label: "a year, one agency's head, by category", as: hrssHead, query: { ...year, by: ["category"] } },
    ];
    const service = new StatsService(bench.stack.deps);
    const ask = async (share: Budget): Promise<Answered[]> => {
      const out: Answered[] = [];
      for (const q of questions) {
        const ms: number[] = [];
        let itemsRead = 0;
        let rowsAnswered = 0;
        bench.meter.reset();
        for (let r = 0; r < ROUNDS && (r < MIN_ROUNDS || !share.expired()); r++) {
          const t0 = performance.now();
          const answer = await service.read(q.as, q.query);
          ms.push(performance.now() - t0);
          itemsRead = answer.itemsRead;
          rowsAnswered = answer.rows.length;
        }
        const reads = bench.meter.totals("read");
        const d = distribution(ms);
        const perCall = (x: number) => (d.count ? x / d.count : 0);
        out.push({
          question: q,
          rows: rowsAnswered,
          itemsRead,
          calls: perCall(reads.calls),
          units: perCall(reads.units),
          p50: d.p50,
          p95: d.p95,
          count: d.count,
        });
        log(`  ${q.label}: ${itemsRead} items, p95 ${fmt.ms(d.p95)}`);
      }
      return out;
    };
    const small = await ask(budget.part(budget.left() * 0.2));

    // 34 times the cases: copies of each, counted by the real stats handler off the stream,
    // a few copies at a time so that the counting stops in time on a slow machine.
    log(`  copying each case ${COPIES} times…`);
    const growing = budget.part(budget.left() * 0.75);
    const groups = await snapshotCases(bench);
    const grown: Grown = { originals: groups.size, copies: 0, items: 0, ms: 0 };
    const counting: Counting = { cases: 0, ms: 0, transactions: 0, items: 0 };
    for (let k = 0; k < COPIES && (k === 0 || !growing.expired()); k += COPIES_AT_ONCE) {
      const part = await writeCopies(bench, groups, Math.min(COPIES_AT_ONCE, COPIES - k), growing);
      grown.copies += part.copies;
      grown.items += part.items;
      grown.ms += part.ms;
      bench.meter.reset();
      const t0 = performance.now();
      await bench.stack.stats.drain();
      const tally = bench.meter.tally(STATS_TRANSACTION);
      counting.cases += part.copies;
      counting.ms += performance.now() - t0;
      counting.transactions += tally?.calls ?? 0;
      counting.items += tally?.items ?? 0;
    }
    log(
      `  ${fmt.int(grown.copies)} copies written in ${fmt.s(grown.ms)}; the stats function counted them in ${fmt.s(counting.ms)} (${fmt.int(counting.transactions)} transactions)`,
    );
    const large = grown.copies ? await ask(budget) : [];
    return statsSection(n, n + grown.copies, small, large, grown, counting, months);
  } finally {
    await bench.stop();
  }
}

function statsSection(
  before: number,
  after: number,
  small: Answered[],
  large: Answered[],
  grown: Grown,
  counting: Counting,
  months: number,
): Section {
  const sizes = large.length && after > before ? [small, large] : [small];
  const cases = [before, after].slice(0, sizes.length);
  const summary: Section["rows"] = cases.map((c, k) => {
    const a = sizes[k]![0]!;
    return {
      benchmark: `Stats: a year × all agencies, by category, ${fmt.int(c)} cases — items read per call`,
      measured: `${fmt.int(a.itemsRead)} items (${a.calls.toFixed(0)} queries, ${a.units.toFixed(1)} RCU), p95 ${fmt.ms(a.p95)}`,
      target: "O(cells asked): 12 months × categories + the gauges",
      verdict: "info" as const,
    };
  });
  if (sizes.length > 1) {
    const same = small.every((a, k) => a.itemsRead === large[k]!.itemsRead);
    summary.push({
      benchmark: `Stats: items read per question, ${fmt.int(before)} → ${fmt.int(after)} cases`,
      measured: small.map((a, k) => `${fmt.int(a.itemsRead)} → ${fmt.int(large[k]!.itemsRead)}`).join("; "),
      target: "the same: O(cells asked), not O(cases)",
      verdict: counting.cases < grown.copies ? "incomplete" : verdict(same),
    });
  } else {
    summary.push({
      benchmark: `Stats at ${fmt.int(after)} cases`,
      measured: `not run (time budget; ${fmt.int(grown.copies)} copies counted)`,
      target: "",
      verdict: "incomplete",
    });
  }
  const details = table(
    [
      "question",
      "rows",
      ...cases.map((c) => `items read at ${fmt.int(c)} cases`),
      "queries",
      ...cases.map((c) => `RCU at ${fmt.int(c)}`),
      ...cases.map((c) => `p50 / p95 at ${fmt.int(c)}`),
    ],
    small.map((a, k) => [
      a.question.label,
      fmt.int(a.rows),
      ...sizes.map((z) => fmt.int(z[k]!.itemsRead)),
      sizes.map((z) => z[k]!.calls.toFixed(0)).join(" / "),
      ...sizes.map((z) => z[k]!.units.toFixed(1)),
      ...sizes.map((z) => `${fmt.ms(z[k]!.p50)} / ${fmt.ms(z[k]!.p95)}`),
    ]),
  );
  const rate = counting.cases / (counting.ms / 1000);
  return {
    title: "7. Statistics reads",
    rows: summary,
    method:
      `A table of its own on the same DynamoDB Local: ${fmt.int(before)} petitions registered through POST /v1/cases and routed by the rules, ` +
      `up to ${PER_MONTH} a month for ${months} month${months === 1 ? "" : "s"} of 2026 (the clock moved 30 days between months; ${MONTHS} unless the time share ran out), over ${CATEGORIES.length} categories, ` +
      `${REGIONS.length} regions and ${CHANNELS.length} channels; the stats function counts them off the table's stream (drained with the queues). ` +
      `Then each question ${ROUNDS} times through StatsService.read — what GET /v1/stats calls — in process, one at a time, on the metered client: ` +
      "items read (counter items the question's queries returned), DynamoDB calls and read units per call (eventually consistent queries), and the time. " +
      "A question by one dimension reads that dimension's items of each month; by several, or for one agency, the full cells (of that agency); " +
      "the gauges (open, overdue now) are one more query. " +
      `Then the year is grown to ${fmt.int(after)} cases (tests/bench/clone.ts): every item of each case (the case, its events, access and outbox items, ` +
      `its notifications, but not its statistics mark) is copied ${COPIES} times under fresh ULIDs of the same times and written with BatchWriteItem; ` +
      "the real stats handler then counts each copy off the table's stream (the local stream poller, as Lambda's event source mapping feeds it), " +
      "as a case that appears in its current state, in its own month — the counters hold what they would for that many cases. The same questions run again.",
    details: [
      details,
      "",
      `Growing the year: ${fmt.int(grown.copies)} copies of ${fmt.int(grown.originals)} cases (${fmt.int(grown.items)} items) written in ${fmt.s(grown.ms)}; ` +
        `the stats function counted them off the stream in ${fmt.s(counting.ms)} (${fmt.rate(rate)} cases/s), in ${fmt.int(counting.transactions)} transactions of ` +
        `${fmt.int(counting.items)} items (${(counting.items / Math.max(1, counting.transactions)).toFixed(1)} a transaction: the case's mark and the counter items it changes).`,
    ].join("\n"),
    notes: [
      "Items read follow the cells asked, not the cases: the counters of a month hold one item per dimension value and one per full cell met, whatever the number of cases counted in them.",
    ],
  };
}
