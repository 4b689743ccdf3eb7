// Clock lengths and due dates. Defaults follow the 2022 信访工作条例; a jurisdiction may
// override any of them. Periods follow Chinese procedure: the day of the triggering
// event is not counted, a deadline ends at the end of its local day, and a calendar-day
// period whose last day is a rest day runs to the next working day.
import { addDays, addWorkingDays, endOfLocalDay, localDay, nextWorkingDay, type Calendar, type LocalDay } from "./calendar.js";
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
  /** Move a calendar-day period that ends on a rest day to the next working day. */
  restDayRollsForward: boolean;
}

export interface DueDate {
  dueAt: Date;
  /** Years the period touched for which the calendar has no data (weekends only there). */
  yearsWithoutData: number[];
}

export function computeDueAt(policy: DeadlinePolicy, startedAt: Date, length: number, unit: DayUnit): DueDate {
  const { calendar } = policy;
  const start: LocalDay = localDay(startedAt, calendar.timeZone);
  let last: LocalDay;
  if (unit === "working") {
    last = addWorkingDays(calendar, start, length);
  } else {
    last = addDays(start, length);
    if (policy.restDayRollsForward) last = nextWorkingDay(calendar, last);
  }
  const yearsWithoutData: number[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) {
    if (!calendar.hasYear(y)) yearsWithoutData.push(y);
  }
  return { dueAt: endOfLocalDay(last, calendar.timeZone), yearsWithoutData };
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
  return {
    clock: { name, owner, startedAt: now.toISOString(), dueAt: due.dueAt.toISOString(), state: "running", length, unit },
    yearsWithoutData: due.yearsWithoutData,
  };
}
