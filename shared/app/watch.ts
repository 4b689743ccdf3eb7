// The early warning (预警), run daily: each category × region's petitions received on the day
// that ended and in the week to it, judged against its own history (EARS C2, shared/domain/hotspots.ts) from the
// statistics' daily counters — one Query per day read, never a case — and, for a spike only,
// the cases behind it from the lead agencies' inbox index. A spike is told to the bureau's
// coordinators once, however many days it lasts and however often the watch runs.
import { BUREAU } from "../domain/access.js";
import { addDays, endOfLocalDay, localDay, type LocalDay } from "../domain/calendar.js";
import {
  alarmOf,
  defaultHotspotRules,
  historyDays,
  judgeSeries,
  seriesKey,
  seriesOf,
  spikeStep,
  windowDays,
  type HotspotRules,
  type Judgement,
  type SpikeRecord,
} from "../domain/hotspots.js";
import type { Case, Notification, OutboxEntry } from "../domain/model.js";
import { dayKey } from "../domain/stats-facts.js";
import type { CaseIndex, CaseStore, StatsStore, WatchStore } from "../ports.js";
import { dispatch } from "./cases.js";
import type { Deps } from "./deps.js";

/** Days read at once. */
const PARALLEL_DAYS = 7;
/** A notice names at most this many cases (the first ones received); `observed` says how many there are. */
export const MAX_NOTICE_CASES = 100;

export type WatchDeps = Pick<Deps, "clock" | "policy" | "newId" | "logger" | "queue"> & {
  store: StatsStore & WatchStore & Pick<CaseIndex, "caseIdsForAgencyCreated"> & Pick<CaseStore, "getCases">;
  hotspotRules?: HotspotRules;
};

export interface WatchReport {
  day: LocalDay;
  series: number;
  alarms: number;
  raised: number;
  continued: number;
  itemsRead: number;
}

/** Each series' counts per day, oldest first, and the agencies its cases sit under per day. */
interface History {
  counts: Map<string, number[]>;
  agencies: Map<string, Map<LocalDay, Set<string>>>;
  itemsRead: number;
}

async function readHistory(store: StatsStore, days: readonly LocalDay[]): Promise<History> {
  const history: History = { counts: new Map(), agencies: new Map(), itemsRead: 0 };
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const batch = days.slice(i, i + PARALLEL_DAYS);
    const read = await Promise.all(batch.map((d) => store.readStats(dayKey(d), { kind: "cells" })));
    read.forEach((out, j) => {
      history.itemsRead += out.itemsRead;
      const day = batch[j]!;
      for (const cell of out.cells) {
        const n = cell.counters.received ?? 0;
        if (n <= 0 || !cell.key.category || !cell.key.region) continue;
        const key = seriesKey(cell.key.category, cell.key.region);
        let counts = history.counts.get(key);
        if (!counts) history.counts.set(key, (counts = Array<number>(days.length).fill(0)));
        counts[i + j]! += n;
        const byDay = history.agencies.get(key) ?? new Map<LocalDay, Set<string>>();
        history.agencies.set(
          key,
          byDay.set(day, (byDay.get(day) ?? new Set()).add(cell.key.agency ?? BUREAU)),
        );
      }
    });
  }
  return history;
}

/** The cases counted in the window: from each lead agency's inbox index, those created since the window began, kept when they match. */
async function casesBehind(
  deps: WatchDeps,
  key: string,
  window: readonly LocalDay[],
  agencies: ReadonlySet<string>,
): Promise<Case[]> {
  const tz = deps.policy.calendar.timeZone;
  const { category, region } = seriesOf(key);
  const from = new Date(endOfLocalDay(addDays(window[0]!, -1), tz).getTime() + 1).toISOString();
  const to = deps.clock.now().toISOString();
  const ids = new Set<string>();
  for (const agency of agencies)
    for (const id of await deps.store.caseIdsForAgencyCreated(agency, from, to)) ids.add(id);
  const inWindow = new Set(window);
  return (await deps.store.getCases([...ids]))
    .filter(
      (c) =>
        c.category === category && c.region === region && inWindow.has(localDay(new Date(c.receivedAt), tz)),
    )
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
}

/** The bureau's coordinators are told; the notice carries figures and case ids, nothing of anyone. */
function hotspotNotice(
  deps: WatchDeps,
  key: string,
  day: LocalDay,
  alarm: Judgement,
  cases: Case[],
): OutboxEntry {
  const caseIds = cases.slice(0, MAX_NOTICE_CASES).map((c) => c.id);
  const n: Notification = {
    id: deps.newId(),
    type: "hotspot",
    caseId: caseIds[0]!,
    agency: BUREAU,
    roles: ["coordinator"],
    level: 0,
    at: deps.clock.now().toISOString(),
    hotspot: {
      ...seriesOf(key),
      window: alarm.window,
      day,
      observed: alarm.observed,
      expected: alarm.expected,
      caseIds,
    },
  };
  return { id: n.id, queue: "notifications", caseId: n.caseId, body: { ...n } };
}

/**
 * Judge the day that ended last (in the jurisdiction's zone) and the week ending on it: a daily
 * run judges a whole day whatever hour it fires, and a second run that day judges the same
 * day again, finding the spike already told. Each new spike is told once.
 */
export async function watchHotspots(deps: WatchDeps): Promise<WatchReport> {
  const rules = deps.hotspotRules ?? defaultHotspotRules;
  const day = addDays(localDay(deps.clock.now(), deps.policy.calendar.timeZone), -1);
  const days = historyDays(day);
  const history = await readHistory(deps.store, days);
  const report: WatchReport = {
    day,
    series: history.counts.size,
    alarms: 0,
    raised: 0,
    continued: 0,
    itemsRead: history.itemsRead,
  };
  for (const [key, counts] of history.counts) {
    const alarm = alarmOf(judgeSeries(counts, rules));
    if (!alarm) continue;
    report.alarms++;
    const { category, region } = seriesOf(key);
    const last = await deps.store.getSpike(category, region);
    const step = spikeStep(last, day, rules);
    if (step.kind === "seen") continue;
    if (step.kind === "continue" && last) {
      // The same spike goes on: remember the day, tell no one. A run that lost the race changes nothing.
      if (await deps.store.saveSpike({ ...last, lastAlarmOn: step.lastAlarmOn, version: last.version + 1 }))
        report.continued++;
      continue;
    }
    const window = windowDays(day, alarm.window);
    const agencies = new Set(window.flatMap((d) => [...(history.agencies.get(key)?.get(d) ?? [])]));
    const cases = await casesBehind(deps, key, window, agencies);
    if (!cases.length) {
      // Counted but not yet in the index (or moved on): the next run looks again.
      deps.logger.warn("hotspot without cases", { category, region, window: alarm.window, day });
      continue;
    }
    const notice = hotspotNotice(deps, key, day, alarm, cases);
    const record: SpikeRecord = {
      category,
      region,
      startedOn: day,
      lastAlarmOn: day,
      notificationId: notice.id,
      version: (last?.version ?? 0) + 1,
    };
    if (!(await deps.store.saveSpike(record, notice))) continue;
    report.raised++;
    deps.logger.info("hotspot raised", {
      category,
      region,
      window: alarm.window,
      observed: alarm.observed,
      expected: alarm.expected,
      cases: cases.length,
      notificationId: notice.id,
    });
    await dispatch(deps, [notice]);
  }
  return report;
}
