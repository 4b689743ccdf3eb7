// Benchmark 7, statistics reads: what GET /v1/stats reads for a year of a county's cases —
// items, DynamoDB calls and read units per question, and its time — for the annual
// by-category table of every agency, the agencies' assessment, a question by two dimensions,
// and an agency head's own figures.
import { ControlledClock } from "../../shared/clock.js";
import { StatsService } from "../../shared/app/stats.js";
import type { StatsQuery } from "../../shared/domain/stats-report.js";
import { DAY_MS } from "../../shared/durations.js";
import { expectStatus, hrssHead, intake, openStack, registration, type Endpoints, who } from "./fixtures.js";
import { distribution, fmt, pool, table, type Budget, type Section } from "./harness.js";

const MONTHS = 12;
const PER_MONTH = 25;
const ROUNDS = 40;
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
    for (let m = 0; m < MONTHS; m++) {
      await pool(PER_MONTH, 8, budget, async () => {
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
    const rows: string[][] = [];
    const summary: Section["rows"] = [];
    for (const q of questions) {
      const ms: number[] = [];
      let itemsRead = 0;
      let rowsAnswered = 0;
      bench.meter.reset();
      for (let r = 0; r < ROUNDS && !budget.expired(); r++) {
        const t0 = performance.now();
        const answer = await service.read(q.as, q.query);
        ms.push(performance.now() - t0);
        itemsRead = answer.itemsRead;
        rowsAnswered = answer.rows.length;
      }
      const reads = bench.meter.totals("read");
      const d = distribution(ms);
      const perCall = (x: number) => (d.count ? x / d.count : 0);
      rows.push([
        q.label,
        fmt.int(rowsAnswered),
        fmt.int(itemsRead),
        perCall(reads.calls).toFixed(0),
        perCall(reads.units).toFixed(1),
        fmt.ms(d.p50),
        fmt.ms(d.p95),
      ]);
      if (q === questions[0])
        summary.push({
          benchmark: "Stats: a year × all agencies, by category — items read per call",
          measured: `${fmt.int(itemsRead)} items (${perCall(reads.calls).toFixed(0)} queries, ${perCall(reads.units).toFixed(1)} RCU), p95 ${fmt.ms(d.p95)}; ${fmt.int(n)} cases in the year`,
          target: "O(cells asked): 12 months × categories + the gauges",
          verdict: "info",
        });
      log(`  ${q.label}: ${itemsRead} items, p95 ${fmt.ms(d.p95)}`);
    }
    return {
      title: "7. Statistics reads",
      rows: summary,
      method:
        `A table of its own on the same DynamoDB Local: ${fmt.int(n)} petitions registered through POST /v1/cases and routed by the rules, ` +
        `${PER_MONTH} a month for ${MONTHS} months of 2026 (the clock moved 30 days between months), over ${CATEGORIES.length} categories, ` +
        `${REGIONS.length} regions and ${CHANNELS.length} channels; the stats function counts them off the table's stream (drained with the queues). ` +
        `Then each question ${ROUNDS} times through StatsService.read — what GET /v1/stats calls — in process, one at a time, on the metered client: ` +
        "items read (counter items the question's queries returned), DynamoDB calls and read units per call (eventually consistent queries), and the time. " +
        "A question by one dimension reads that dimension's items of each month; by several, or for one agency, the full cells (of that agency); " +
        "the gauges (open, overdue now) are one more query.",
      details: table(["question", "rows", "items read", "queries", "RCU", "p50", "p95"], rows),
      notes: [
        "Items read follow the cells asked, not the cases: the same questions over ten times the cases read the same items as long as the categories, agencies, regions and channels met are the same.",
      ],
    };
  } finally {
    await bench.stop();
  }
}
