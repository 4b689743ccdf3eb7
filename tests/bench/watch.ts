// Benchmark 7, the early warning on the demo quarter: Demo County's quarter played on the
// embedded stack with two planted spikes (extra petitions of one category × region on one
// day), the daily watch run by each morning's tick as `npm start` runs it; then the bureau's
// hotspot notices read back: was each planted spike found, and how many other alarms a month.
import { fetchClient } from "../../infra/local/demo/client.js";
import { playQuarter } from "../../infra/local/demo/quarter.js";
import type { PlantedSpike, SpikePlan } from "../../infra/local/demo/spikes.js";
import type { WatchReport } from "../../shared/app/watch.js";
import { addDays } from "../../shared/domain/calendar.js";
import {
  c2Judge,
  cusumJudge,
  defaultCusumRules,
  defaultHotspotRules,
  HISTORY_DAYS,
  replaySpikes,
  seriesKey,
  type Judge,
} from "../../shared/domain/hotspots.js";
import { localDay } from "../../shared/domain/calendar.js";
import { dayKey } from "../../shared/domain/stats-facts.js";
import type { StatsStore } from "../../shared/ports.js";
import type { Notification } from "../../shared/domain/model.js";
import { DAY_MS } from "../../shared/durations.js";
import { openStack, who, type Endpoints } from "./fixtures.js";
import { fmt, table, verdict, type Budget, type Section } from "./harness.js";

export const QUARTER_CASES = 300;
export const QUARTER_SEED = 20261001;
/** Two spikes of a size a county bureau would want to hear of: about 6 on a day where 0 or 1 is usual. */
export const PLANTED: readonly SpikePlan[] = [
  { day: 33, category: "environment", region: "chengguan", extra: 6 },
  { day: 68, category: "health", region: "industrial-park", extra: 5 },
];

const coordinator = who("bureau", "coordinator");

export interface WatchMeasure {
  planted: (PlantedSpike & { foundOn?: string; window?: string; observed?: number; expected?: number })[];
  notices: NonNullable<Notification["hotspot"]>[];
  falseByMonth: Map<string, number>;
  itemsReadPerRun: number;
  days: number;
  series: number;
  /** The same counts replayed by each method: spikes found of those planted, false alarms a month. */
  replayed: { method: string; found: number; falseByMonth: Map<string, number> }[];
}

const TZ = "Asia/Shanghai";

/** Each series' daily counts from the counters, for the quarter and the history before its first day. */
async function dailyCounts(store: StatsStore, days: readonly string[]): Promise<Map<string, number[]>> {
  const counts = new Map<string, number[]>();
  for (const [i, day] of days.entries()) {
    const { cells } = await store.readStats(dayKey(day), { kind: "cells" });
    for (const c of cells) {
      const key = seriesKey(c.key.category ?? "", c.key.region ?? "");
      const row = counts.get(key) ?? Array<number>(days.length).fill(0);
      row[i]! += c.counters.received ?? 0;
      counts.set(key, row);
    }
  }
  return counts;
}

function monthsOf(from: string, to: string): Map<string, number> {
  const months = new Map<string, number>();
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) months.set(m, 0);
  return months;
}

/** A notice finds a planted spike when it names its series and a day of the week that starts with it. */
const finds = (n: { category: string; region: string; day: string }, p: PlantedSpike) =>
  n.category === p.category && n.region === p.region && n.day >= p.day && n.day <= addDays(p.day, 6);

export async function measureWatch(endpoints: Endpoints, signal?: AbortSignal): Promise<WatchMeasure> {
  const bench = await openStack(endpoints, "watch");
  try {
    const client = fetchClient(async (path, init) => bench.stack.app.request(path, init));
    const summary = await playQuarter(client, {
      cases: QUARTER_CASES,
      seed: QUARTER_SEED,
      spikes: PLANTED,
      ...(signal ? { signal } : {}),
    });
    // The morning after the quarter: the watch judges its last day too.
    await client.setClock(new Date(Date.parse(summary.to) + DAY_MS));
    await client.tick();
    const notices: NonNullable<Notification["hotspot"]>[] = [];
    let cursor: string | undefined;
    do {
      const res = await bench.call(
        "GET",
        `/v1/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        coordinator,
      );
      const page = (await res.json()) as { items: Notification[]; nextCursor?: string };
      for (const n of page.items) if (n.type === "hotspot" && n.hotspot) notices.push(n.hotspot);
      cursor = page.nextCursor;
    } while (cursor);
    notices.sort((a, b) => a.day.localeCompare(b.day));
    const report = (await bench.stack.watch()) as WatchReport;
    const planted = summary.planted.map((p) => {
      const hit = notices.find((n) => finds(n, p));
      return hit
        ? { ...p, foundOn: hit.day, window: hit.window, observed: hit.observed, expected: hit.expected }
        : p;
    });
    const falseByMonth = new Map<string, number>();
    for (let d = summary.from.slice(0, 7); d <= summary.to.slice(0, 7); d = nextMonth(d))
      falseByMonth.set(d, 0);
    for (const n of notices)
      if (!summary.planted.some((p) => finds(n, p)))
        falseByMonth.set(n.day.slice(0, 7), (falseByMonth.get(n.day.slice(0, 7)) ?? 0) + 1);
    const first = localDay(new Date(summary.from), TZ);
    const last = localDay(new Date(summary.to), TZ);
    const days: string[] = [];
    for (let d = addDays(first, 1 - HISTORY_DAYS); d <= last; d = addDays(d, 1)) days.push(d);
    const counts = await dailyCounts(bench.stack.deps.store, days);
    const methods: [string, Judge][] = [
      ["EARS C2 (the watch's)", c2Judge()],
      [`Poisson CUSUM (h ${defaultCusumRules.h})`, cusumJudge()],
    ];
    const replayed = methods.map(([method, judge]) => {
      const spikes = replaySpikes(counts, HISTORY_DAYS - 1, days, defaultHotspotRules, judge);
      const asNotice = (x: (typeof spikes)[number]) => ({ ...x, day: x.startedOn });
      const falseAlarms = monthsOf(summary.from, summary.to);
      for (const x of spikes)
        if (!summary.planted.some((p) => finds(asNotice(x), p)))
          falseAlarms.set(x.startedOn.slice(0, 7), (falseAlarms.get(x.startedOn.slice(0, 7)) ?? 0) + 1);
      const found = summary.planted.filter((p) => spikes.some((x) => finds(asNotice(x), p))).length;
      return { method, found, falseByMonth: falseAlarms };
    });
    return {
      planted,
      notices,
      falseByMonth,
      replayed,
      itemsReadPerRun: report.itemsRead,
      days: summary.days,
      series: report.series,
    };
  } finally {
    await bench.stop();
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export async function benchWatch(
  endpoints: Endpoints,
  budget: Budget,
  log: (line: string) => void,
): Promise<Section> {
  const m = await measureWatch(endpoints, AbortSignal.timeout(Math.max(1, Math.floor(budget.left()))));
  const found = m.planted.filter((p) => p.foundOn).length;
  const falseTotal = [...m.falseByMonth.values()].reduce((a, b) => a + b, 0);
  log(`  ${found}/${m.planted.length} planted spikes found; ${falseTotal} other alarms over ${m.days} days`);
  const r = defaultHotspotRules;
  return {
    title: "8. Early warning",
    method:
      `Demo County's quarter (\`npm run demo\`'s play, ${QUARTER_CASES} ordinary cases, seed ${QUARTER_SEED}) on the embedded stack, with ` +
      `two planted spikes: extra petitions of one category × region on one day. The daily watch runs on each morning's tick ` +
      `and judges the day before (EARS C2: threshold ${r.threshold}, sd floored at max(√mean, ${r.relativeSdFloor} × mean, ` +
      `${r.sdFloor.day}/day, ${r.sdFloor.week}/week), at least ${r.minCount.day} a day or ${r.minCount.week} a week; ` +
      `a spike is told once, a new one after ${r.quietDays} quiet days). A planted spike is found when a hotspot notice ` +
      `names its category × region for a day of the week it starts; every other notice counts as a false alarm. ` +
      `The first weeks of the quarter have no history before them (counted as zeros).`,
    details: [
      table(
        ["planted", "day", "extra", "found", "window", "observed", "expected"],
        m.planted.map((p) => [
          `${p.category} × ${p.region}`,
          p.day,
          String(p.extra),
          p.foundOn ?? "no",
          p.window ?? "",
          p.observed === undefined ? "" : String(p.observed),
          p.expected === undefined ? "" : String(p.expected),
        ]),
      ),
      "",
      table(
        ["month", "false alarms"],
        [...m.falseByMonth].map(([month, n]) => [month, String(n)]),
      ),
      "",
      `Every notice: ${m.notices.map((n) => `${n.day} ${n.category} × ${n.region} (${n.window}, ${n.observed} vs ${n.expected})`).join("; ") || "none"}.`,
      "",
      "The same daily counts, read back from the counters and replayed day by day (`replaySpikes`, the watch's own once-per-spike rule) by each method:",
      "",
      table(
        ["method", "planted spikes found", "false alarms a month"],
        m.replayed.map((r) => [
          r.method,
          `${r.found} of ${m.planted.length}`,
          [...r.falseByMonth].map(([month, n]) => `${month}: ${n}`).join(", "),
        ]),
      ),
      "",
      `${m.series} series (category × region) judged a day; one run reads ${fmt.int(m.itemsReadPerRun)} counter items (42 daily Queries).`,
    ].join("\n"),
    rows: [
      {
        benchmark: "Early warning: planted spikes found",
        measured: `${found} of ${m.planted.length}`,
        target: "both",
        verdict: verdict(found === m.planted.length),
      },
      {
        benchmark: "Early warning: false alarms a month",
        measured: [...m.falseByMonth].map(([month, n]) => `${month}: ${n}`).join(", "),
        target: "reported",
        verdict: "info",
      },
    ],
  };
}
