// Early warning (预警): is a category × region receiving more petitions than its own
// history says it should, today or this week? The method is CDC's EARS C2 (Hutwagner et al.,
// "The bioterrorism preparedness and response Early Aberration Reporting System", J Urban
// Health 2003): the baseline is the mean and standard deviation of the 7 days ending 2 days
// before the day (a guard band, so a spike building up does not hide in its own baseline),
// and the day alarms when (x − mean) / max(sd, 0.2 × mean, floor) exceeds the threshold.
// The week is judged the same way on 7-day sums against the four weeks before the last one.
// Plain functions over counts: no store, no clock (the day is always passed in).
import { addDays, type LocalDay } from "./calendar.js";

export type HotspotWindow = "day" | "week";

/** How the watch judges counts; one object so the jurisdiction's thresholds (GET/PUT /v1/thresholds) can replace it. */
export interface HotspotRules {
  /** C2's alarm level on the standardised excess. */
  threshold: number;
  /** The sd is never taken below this share of the mean (a flat baseline would alarm on any excess). */
  relativeSdFloor: number;
  /** … nor below this many petitions, for series that are mostly zero. */
  sdFloor: { day: number; week: number };
  /** At least this many petitions in the window before anything is called a spike. */
  minCount: { day: number; week: number };
  /** An alarm within this many days after the last one continues the same spike; after that it is a new one. */
  quietDays: number;
  /** Repeat petitioners (重复信访): this many petitions of one person in one category … */
  repeatPetitions: number;
  /** … within this many days raise a `repeat_petitioner` notice. */
  repeatWithinDays: number;
}

/** The defaults in code, per jurisdiction where one departs from them (none does yet). */
export const defaultHotspotRules: HotspotRules = {
  threshold: 3,
  relativeSdFloor: 0.2,
  sdFloor: { day: 0.5, week: 1 },
  minCount: { day: 4, week: 8 },
  quietDays: 7,
  repeatPetitions: 3,
  repeatWithinDays: 90,
};

/** EARS C2's baseline: 7 days, ending 2 days before the day judged. */
export const BASELINE_DAYS = 7;
export const GUARD_DAYS = 2;
/** The week's baseline: the 7-day sums of 4 weeks, the most recent ending 2 weeks before the day. */
export const BASELINE_WEEKS = 4;
export const GUARD_WEEKS = 1;
/** Days of history a judgement of one day reads, the day included (oldest needed: the 4th baseline week). */
export const HISTORY_DAYS = 7 * (1 + GUARD_WEEKS + BASELINE_WEEKS);

/** Per-day counts of one series, oldest first, the last being the day judged. */
export type DailyCounts = readonly number[];

export interface Judgement {
  window: HotspotWindow;
  observed: number;
  /** The baseline mean: what the window would hold in an ordinary period. */
  expected: number;
  /** The standardised excess C2 compares with the threshold. */
  score: number;
  alarm: boolean;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const round2 = (x: number) => Math.round(x * 100) / 100;

function c2(
  observed: number,
  baseline: readonly number[],
  window: HotspotWindow,
  rules: HotspotRules,
): Judgement {
  const m = mean(baseline);
  // Counts are Poisson-like: a 7-day sd often comes out below the √mean chance alone gives.
  const denom = Math.max(sd(baseline), Math.sqrt(m), rules.relativeSdFloor * m, rules.sdFloor[window]);
  const score = (observed - m) / denom;
  return {
    window,
    observed,
    expected: round2(m),
    score: round2(score),
    alarm: score > rules.threshold && observed >= rules.minCount[window],
  };
}

/** The day (the series' last entry) and the week ending on it, judged by C2. Missing history counts as zero. */
export function judgeSeries(series: DailyCounts, rules: HotspotRules = defaultHotspotRules): Judgement[] {
  const at = (back: number) => series[series.length - 1 - back] ?? 0;
  const sumBack = (from: number, n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += at(from + i);
    return s;
  };
  const dayBaseline = Array.from({ length: BASELINE_DAYS }, (_, i) => at(GUARD_DAYS + 1 + i));
  const weekBaseline = Array.from({ length: BASELINE_WEEKS }, (_, w) =>
    sumBack(7 * (GUARD_WEEKS + 1 + w), 7),
  );
  return [c2(at(0), dayBaseline, "day", rules), c2(sumBack(0, 7), weekBaseline, "week", rules)];
}

/** The alarm to report of a day's judgements: the day's when it alarms (the sharper figure), else the week's. */
export function alarmOf(judgements: readonly Judgement[]): Judgement | undefined {
  return judgements.find((j) => j.alarm && j.window === "day") ?? judgements.find((j) => j.alarm);
}

/** What the watch remembers of a series' latest spike (an item per category × region). */
export interface SpikeRecord {
  category: string;
  region: string;
  /** The first alarm day of the spike, and the notification raised for it. */
  startedOn: LocalDay;
  lastAlarmOn: LocalDay;
  notificationId: string;
  version: number;
}

export type SpikeStep =
  /** A new spike: notify and remember it. */
  | { kind: "raise" }
  /** The same spike alarms again: remember the day, notify no one. */
  | { kind: "continue"; lastAlarmOn: LocalDay }
  /** Already seen today (the watch ran twice), or an older day replayed: nothing to do. */
  | { kind: "seen" };

/**
 * Once per spike, not once per day: an alarm within `quietDays` of the series' last alarm is the
 * same spike; the series must stay quiet longer than that before an alarm is news again.
 */
export function spikeStep(
  last: Pick<SpikeRecord, "lastAlarmOn"> | undefined,
  day: LocalDay,
  rules: Pick<HotspotRules, "quietDays"> = defaultHotspotRules,
): SpikeStep {
  if (!last) return { kind: "raise" };
  if (day <= last.lastAlarmOn) return { kind: "seen" };
  if (day <= addDays(last.lastAlarmOn, rules.quietDays)) return { kind: "continue", lastAlarmOn: day };
  return { kind: "raise" };
}

/** A series' key: category and region joined (neither holds `|`). */
export const seriesKey = (category: string, region: string) => `${category}|${region}`;
export function seriesOf(key: string): { category: string; region: string } {
  const [category = "", region = ""] = key.split("|");
  return { category, region };
}

/** The days a judgement of `day` reads, oldest first. */
export const historyDays = (day: LocalDay): LocalDay[] =>
  Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(day, i - HISTORY_DAYS + 1));

/** The days a window ending on `day` covers. */
export const windowDays = (day: LocalDay, window: HotspotWindow): LocalDay[] =>
  window === "day" ? [day] : Array.from({ length: 7 }, (_, i) => addDays(day, i - 6));

/**
 * A Poisson CUSUM (Lucas, "Counted data CUSUMs", Technometrics 1985), the comparison the bench
 * replays beside C2: S_t = max(0, S_{t−1} + x_t − k) over the last two weeks, from an in-control
 * mean μ0 taken from the four weeks before them, k = (μ1 − μ0) / (ln μ1 − ln μ0) for the shift
 * to detect μ1 = max(2 μ0, μ0 + 1), signalling when S reaches h. What it reports: the counts of
 * the current run (since S was last 0) against μ0 over as many days.
 */
export interface CusumRules {
  h: number;
  /** μ0 is never taken below this (a series without history would make any petition a shift). */
  meanFloor: number;
}
export const defaultCusumRules: CusumRules = { h: 4, meanFloor: 0.1 };
const CUSUM_DAYS = 14;

export function judgeCusum(series: DailyCounts, rules: CusumRules = defaultCusumRules): Judgement {
  const at = (back: number) => series[series.length - 1 - back] ?? 0;
  const baseline = Array.from({ length: 28 }, (_, i) => at(CUSUM_DAYS + i));
  const mu0 = Math.max(mean(baseline), rules.meanFloor);
  const mu1 = Math.max(2 * mu0, mu0 + 1);
  const k = (mu1 - mu0) / (Math.log(mu1) - Math.log(mu0));
  let s = 0;
  let run = 0;
  let observed = 0;
  for (let back = CUSUM_DAYS - 1; back >= 0; back--) {
    s = Math.max(0, s + at(back) - k);
    run = s > 0 ? run + 1 : 0;
    observed = s > 0 ? observed + at(back) : 0;
  }
  return {
    window: run <= 1 ? "day" : "week",
    observed,
    expected: round2(mu0 * Math.max(run, 1)),
    score: round2(s),
    alarm: s >= rules.h,
  };
}

/** How a replay judges a series on its last day: C2 (what the watch runs) unless told otherwise. */
export type Judge = (series: DailyCounts) => Judgement | undefined;
export const c2Judge =
  (rules: HotspotRules = defaultHotspotRules): Judge =>
  (series) =>
    alarmOf(judgeSeries(series, rules));
export const cusumJudge =
  (rules: CusumRules = defaultCusumRules): Judge =>
  (series) => {
    const j = judgeCusum(series, rules);
    return j.alarm ? j : undefined;
  };

export interface ReplayedSpike {
  category: string;
  region: string;
  startedOn: LocalDay;
  lastAlarmOn: LocalDay;
  judgement: Judgement;
}

/**
 * The watch replayed over a run of days: given each series' counts per day (keyed by
 * `seriesKey`, index 0 = `days[0]`, with at least HISTORY_DAYS − 1 days before the first judged),
 * the spikes it raises, in the order it raises them. What the bench measures recall and false alarms on.
 */
export function replaySpikes(
  counts: ReadonlyMap<string, readonly number[]>,
  firstJudged: number,
  days: readonly LocalDay[],
  rules: HotspotRules = defaultHotspotRules,
  judge: Judge = c2Judge(rules),
): ReplayedSpike[] {
  const raised: ReplayedSpike[] = [];
  const memory = new Map<string, ReplayedSpike>();
  for (let d = firstJudged; d < days.length; d++) {
    for (const [key, series] of counts) {
      const alarm = judge(series.slice(0, d + 1));
      if (!alarm) continue;
      const last = memory.get(key);
      const step = spikeStep(last, days[d]!, rules);
      if (step.kind === "continue" && last) last.lastAlarmOn = step.lastAlarmOn;
      if (step.kind !== "raise") continue;
      const spike = { ...seriesOf(key), startedOn: days[d]!, lastAlarmOn: days[d]!, judgement: alarm };
      memory.set(key, spike);
      raised.push(spike);
    }
  }
  return raised;
}
