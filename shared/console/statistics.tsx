// The Statistics page: on-time rates, the backlog rate and volumes by month, category, region
// and channel, as charts with their data tables (charts.tsx), from what GET /v1/stats answers
// the person signed in (StatsService, or a source a test wires). It never shows a number it
// was not given.
import { Hono } from "hono";
import type { StatsService } from "../app/stats.js";
import type { Identity } from "../domain/access.js";
import { CHANNELS, type Channel } from "../domain/model.js";
import { BarChart, LineChart, type Datum } from "./charts.js";
import type { ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { categoryName, regionName, type Lang } from "./language.js";
import { respond } from "./layout.js";
import { localDay } from "./local-time.js";
import type { Reference } from "../domain/routing.js";
import { EarlyWarnings, WARNINGS_READ } from "./warnings.js";

export type StatsDimension = "month" | "category" | "region" | "channel";

export interface StatsFigures {
  received: number;
  concluded: number;
  /** Shares from 0 to 1; absent when nothing was decided in the period. */
  acknowledgedOnTimeRate?: number;
  onTimeRate?: number;
  backlogRate?: number;
  satisfactionRate?: number;
}

export interface StatsAnswer {
  rows: (StatsFigures & { key: Partial<Record<StatsDimension, string>> })[];
  totals: StatsFigures;
}

/** What the page reads: GET /v1/stats as this person may see it, by one dimension, months `from` to `to` (YYYY-MM). */
export interface StatisticsSource {
  read(who: Identity, query: { from: string; to: string; by: StatsDimension }): Promise<StatsAnswer>;
}

/** The page's questions put to the service behind GET /v1/stats. */
export function statsServiceSource(service: StatsService): StatisticsSource {
  return { read: (who, { from, to, by }) => service.read(who, { from, to, by: [by] }) };
}

/** The twelve months up to the current one, in the jurisdiction's zone. */
const MONTHS = 12;

export function monthsUpTo(now: Date, timeZone: string, count = MONTHS): string[] {
  const [year, month] = localDay(now, timeZone).split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const m = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}

const percent = (n: number) => `${(n * 100).toFixed(1)} %`;

function labelOf(by: StatsDimension, key: string, t: Catalogue, lang: Lang, reference: Reference): string {
  if (by === "category") return categoryName(reference, key, lang);
  if (by === "region") return regionName(t, key);
  if (by === "channel" && (CHANNELS as readonly string[]).includes(key)) return t.channels[key as Channel];
  return key;
}

export const statisticsApp = new Hono<ConsoleEnv>();

statisticsApp.get("/statistics", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const s = t.statistics;
  const source = ctx.statistics;
  const who = c.var.who!;
  const months = monthsUpTo(ctx.clock.now(), ctx.policy.calendar.timeZone);
  const period = { from: months[0]!, to: months.at(-1)! };
  const [byMonth, byCategory, byRegion, byChannel] = await Promise.all(
    (["month", "category", "region", "channel"] as const).map((by) => source.read(who, { ...period, by })),
  );
  const [reference, notices] = await Promise.all([
    ctx.reference(),
    ctx.services.notifications.list(who, { limit: WARNINGS_READ }),
  ]);
  const received = (answer: StatsAnswer, by: StatsDimension): Datum[] =>
    answer.rows.map((r) => ({ label: labelOf(by, r.key[by] ?? "", t, lang, reference), value: r.received }));
  const totals = byMonth!.totals;
  const rates: Datum[] = (
    [
      ["acknowledgedOnTime", totals.acknowledgedOnTimeRate],
      ["concludedOnTime", totals.onTimeRate],
      ["backlog", totals.backlogRate],
      ["satisfaction", totals.satisfactionRate],
    ] as const
  ).flatMap(([name, value]) => (value === undefined ? [] : [{ label: s.rateNames[name], value }]));
  const monthRows = new Map(byMonth!.rows.map((r) => [r.key.month, r]));
  return respond(
    c,
    { title: s.heading, active: "statistics" },
    <>
      <h1>{s.heading}</h1>
      <p>{s.period(period.from, period.to)}</p>
      <EarlyWarnings notifications={notices.items} t={t} lang={lang} reference={reference} />
      <BarChart
        id="rates"
        title={s.rates}
        labelHeading={s.rate}
        valueHeading={s.value}
        data={rates}
        max={1}
        format={percent}
        t={t}
      />
      <LineChart
        id="by-month"
        title={s.byMonth}
        labelHeading={s.month}
        labels={months}
        series={[
          { name: s.received, values: months.map((m) => monthRows.get(m)?.received ?? 0) },
          { name: s.concluded, values: months.map((m) => monthRows.get(m)?.concluded ?? 0) },
        ]}
        t={t}
      />
      <BarChart
        id="by-category"
        title={s.byCategory}
        labelHeading={s.category}
        valueHeading={s.count}
        data={received(byCategory!, "category")}
        t={t}
      />
      <BarChart
        id="by-region"
        title={s.byRegion}
        labelHeading={s.region}
        valueHeading={s.count}
        data={received(byRegion!, "region")}
        t={t}
      />
      <BarChart
        id="by-channel"
        title={s.byChannel}
        labelHeading={s.channel}
        valueHeading={s.count}
        data={received(byChannel!, "channel")}
        t={t}
      />
    </>,
  );
});
