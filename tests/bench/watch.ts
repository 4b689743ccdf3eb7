// Benchmark 7, the early warning on the demo quarter: Demo County's quarter played on the
// embedded stack with two planted spikes (extra petitions of one category × region on one
// day), the daily watch run by each morning's tick as `npm start` runs it; then the bureau's
// hotspot notices read back: was each planted spike found, and how many other alarms a month.
import { fetchClient } from "../../infra/local/demo/client.js";
import { playQuarter } from "../../infra/local/demo/quarter.js";
import type { PlantedSpike, SpikePlan } from "../../infra/local/demo/spikes.js";
import type { WatchReport } from "../../shared/app/watch.js";
import { addDays } from "../../shared/domain/calendar.js";
import { defaultHotspotRules } from "../../shared/domain/hotspots.js";
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
}

/** A notice finds a planted spike when it names its series and a day of the week that starts with it. */
const finds = (n: NonNullable<Notification["hotspot"]>, p: PlantedSpike) =>
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
    return {
      planted,
      notices,
      falseByMonth,
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
    title: "7. Early warning",
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
