// Clock lengths and due dates. Defaults follow the 2022 信访工作条例; a jurisdiction may
// override any of them. Periods follow Chinese procedure: the day of the triggering
// event is not counted, a deadline ends at the end of its local day, and a calendar-day
// period whose last day is a rest day runs to the next working day (configurable).
// Paused time does not count: it moves the nominal end by exactly the time paused, and
// the rest-day rule then applies to the moved end.
import {
  addDays,
  addWorkingDays,
  endOfLocalDay,
  localDay,
  nextWorkingDay,
  type Calendar,
  type LocalDay,
} from "./calendar.js";
import type { CaseClock, ClockName, DayUnit } from "./model.js";

export interface ClockRule {
  length: number;
  unit: DayUnit;
}

export type ClockRules = Record<ClockName, ClockRule>;

export const defaultClockRules: ClockRules = {
  route: { length: 15, unit: "calendar" }, // Art. 22
  acknowledge: { length: 15, unit: "calendar" }, // Art. 23
  object: { length: 5, unit: "working" }, // Art. 23
  handle: { length: 60, unit: "calendar" }, // Art. 34
  report_back: { length: 60, unit: "calendar" }, // Art. 22, default = handle
  review_window: { length: 30, unit: "calendar" }, // Art. 35
  review: { length: 30, unit: "calendar" }, // Art. 35
  re_review_window: { length: 30, unit: "calendar" }, // Art. 36
  re_review: { length: 30, unit: "calendar" }, // Art. 36
};

export interface DeadlinePolicy {
  calendar: Calendar;
  clocks: ClockRules;
  /** Move a period that ends on a rest day to the end of the next working day. */
  restDayRollsForward: boolean;
}

export interface DueDate {
  dueAt: Date;
  /** End of the period's last day before the rest-day rule and before any pause. */
  nominalEnd: Date;
  /** Years the period touched for which the calendar has no data (weekends only there). */
  yearsWithoutData: number[];
}

/** The end of a period after the rest-day rule: a rest day moves to the next working day's end. */
export function applyRestDayRule(policy: DeadlinePolicy, end: Date): Date {
  if (!policy.restDayRollsForward) return end;
  const day = localDay(end, policy.calendar.timeZone);
  if (policy.calendar.isWorkingDay(day)) return end;
  return endOfLocalDay(nextWorkingDay(policy.calendar, day), policy.calendar.timeZone);
}

export function computeDueAt(
  policy: DeadlinePolicy,
  startedAt: Date,
  length: number,
  unit: DayUnit,
  pausedMs = 0,
): DueDate {
  const { calendar } = policy;
  const start: LocalDay = localDay(startedAt, calendar.timeZone);
  const last = unit === "working" ? addWorkingDays(calendar, start, length) : addDays(start, length);
  const nominalEnd = endOfLocalDay(last, calendar.timeZone);
  const dueAt = applyRestDayRule(policy, new Date(nominalEnd.getTime() + pausedMs));
  const yearsWithoutData: number[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(localDay(dueAt, calendar.timeZone).slice(0, 4)); y++) {
    if (!calendar.hasYear(y)) yearsWithoutData.push(y);
  }
  return { dueAt, nominalEnd, yearsWithoutData };
}

export function startClock(
  policy: DeadlinePolicy,
  name: ClockName,
  owner: string,
  now: Date,
  length = policy.clocks[name].length,
): { clock: CaseClock; yearsWithoutData: number[] } {
  const { unit } = policy.clocks[name];
  const due = computeDueAt(policy, now, length, unit);
  const clock: CaseClock = {
    name,
    owner,
    startedAt: now.toISOString(),
    dueAt: due.dueAt.toISOString(),
    state: "running",
    length,
    unit,
    pausedMs: 0,
  };
  if (due.yearsWithoutData.length) clock.calendarWarning = calendarWarning(due.yearsWithoutData);
  return { clock, yearsWithoutData: due.yearsWithoutData };
}

/**
 * What a clock says when its period runs into a year the jurisdiction has no official
 * calendar for: it is counted with weekends as the only rest days, and its due time may
 * move once the year is published (docs/calendars.md says how a jurisdiction adds it).
 */
export function calendarWarning(years: readonly number[]): string {
  return `No official holiday calendar for ${years.join(", ")} yet: counted with weekends as the only rest days; the due time may change when the calendar is added.`;
}

/** Move a clock's due time after a pause or an extension, noting a year without calendar data if it now reaches one. */
export function reschedule(policy: DeadlinePolicy, clock: CaseClock): void {
  const due = recomputeDueAt(policy, clock);
  clock.dueAt = due.dueAt.toISOString();
  if (due.yearsWithoutData.length) clock.calendarWarning = calendarWarning(due.yearsWithoutData);
}

/** Recompute a clock's due time from its start, length and time paused so far. */
function recomputeDueAt(policy: DeadlinePolicy, clock: CaseClock): DueDate {
  return computeDueAt(policy, new Date(clock.startedAt), clock.length, clock.unit, clock.pausedMs);
}
