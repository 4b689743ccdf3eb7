// A year of the jurisdiction's official calendar as a coordinator enters it (the shape of
// shared/calendars/cn.json), the rules it must keep, and the calendar the platform counts
// with: the shipped years, overridden or extended by the years kept in the store.
import { addDays, type CalendarYear } from "./calendar.js";

/** One year as the State Council notice gives it (国务院办公厅关于 YYYY 年部分节假日安排的通知). */
export interface CalendarYearEntry {
  source: string;
  holidays: { name: string; from: string; to: string }[];
  makeUpWorkdays: { date: string; for: string }[];
}

/** The years kept in the store, and the version every change to them moves on by one. */
export interface StoredCalendar {
  version: number;
  years: Record<string, CalendarYearEntry & { updatedAt: string; updatedBy: string }>;
}

export const EMPTY_CALENDAR: StoredCalendar = { version: 0, years: {} };

/** A field that breaks a rule, named by its path in the body (`holidays.2.to`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real date written `YYYY-MM-DD` (2027-02-30 is not one). */
function isDate(day: string): boolean {
  return DATE.test(day) && addDays(day, 0) === day;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/**
 * What is wrong with a year's entry, field by field; empty when it may be kept. Dates lie
 * in the year, each holiday runs forward and overlaps no other, and a make-up working day
 * is a Saturday or Sunday (调休 moves work onto a weekend) outside every holiday.
 */
export function calendarYearIssues(year: number, entry: CalendarYearEntry): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inYear = (path: string, day: string) => {
    if (!isDate(day)) issues.push({ path, message: `${day} is not a date written YYYY-MM-DD.` });
    else if (!day.startsWith(`${year}-`)) issues.push({ path, message: `${day} is not in ${year}.` });
    else return true;
    return false;
  };
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR)
    issues.push({ path: "year", message: `The year must be ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}.` });
  if (!entry.source.trim()) issues.push({ path: "source", message: "Name the notice the year comes from." });
  const ranges: { from: string; to: string; i: number }[] = [];
  entry.holidays.forEach((h, i) => {
    if (!h.name.trim()) issues.push({ path: `holidays.${i}.name`, message: "A holiday needs a name." });
    const from = inYear(`holidays.${i}.from`, h.from);
    const to = inYear(`holidays.${i}.to`, h.to);
    if (!from || !to) return;
    if (h.from > h.to) issues.push({ path: `holidays.${i}.to`, message: `${h.to} is before ${h.from}.` });
    else ranges.push({ from: h.from, to: h.to, i });
  });
  const sorted = [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let k = 1; k < sorted.length; k++) {
    const [prev, cur] = [sorted[k - 1]!, sorted[k]!];
    if (cur.from <= prev.to)
      issues.push({
        path: `holidays.${cur.i}.from`,
        message: `Overlaps holiday ${prev.i} (${prev.from}–${prev.to}).`,
      });
  }
  const seen = new Set<string>();
  entry.makeUpWorkdays.forEach((m, i) => {
    if (!m.for.trim())
      issues.push({ path: `makeUpWorkdays.${i}.for`, message: "Name the holiday it makes up for." });
    if (!inYear(`makeUpWorkdays.${i}.date`, m.date)) return;
    const path = `makeUpWorkdays.${i}.date`;
    if (weekday(m.date) !== 0 && weekday(m.date) !== 6)
      issues.push({ path, message: `${m.date} is not a Saturday or Sunday.` });
    if (ranges.some((r) => r.from <= m.date && m.date <= r.to))
      issues.push({ path, message: `${m.date} is inside a holiday.` });
    if (seen.has(m.date)) issues.push({ path, message: `${m.date} is listed twice.` });
    seen.add(m.date);
  });
  return issues;
}

/** The years the platform counts with: the shipped ones, each replaced or joined by the stored one. */
export function mergeCalendarYears(
  shipped: readonly CalendarYear[],
  stored: StoredCalendar,
  jurisdiction: { jurisdiction: string; timeZone: string },
): CalendarYear[] {
  const byYear = new Map(shipped.map((y) => [y.year, y]));
  for (const [year, entry] of Object.entries(stored.years)) {
    byYear.set(Number(year), {
      ...jurisdiction,
      year: Number(year),
      source: entry.source,
      holidays: entry.holidays,
      makeUpWorkdays: entry.makeUpWorkdays,
    });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
