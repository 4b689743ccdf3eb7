// Jurisdiction calendars: which local days are working days. Holidays and make-up
// working days are data (shared/calendars/*.json); a year without data counts weekends
// only, and callers are told so they can record it.
import { TZDate } from "@date-fns/tz";

export interface CalendarYear {
  jurisdiction: string;
  year: number;
  timeZone: string;
  source: string;
  holidays: { name: string; from: string; to: string }[];
  makeUpWorkdays: { date: string; for: string }[];
}

export interface Calendar {
  timeZone: string;
  isWorkingDay(day: string): boolean;
  /** Whether the year of `day` has official data; without it only weekends rest. */
  hasYear(year: number): boolean;
}

/** A local date as `YYYY-MM-DD`; arithmetic on it is done in UTC to stay free of DST. */
export type LocalDay = string;

export function buildCalendar(timeZone: string, years: readonly CalendarYear[]): Calendar {
  const holidays = new Set<string>();
  const makeUp = new Set<string>();
  const known = new Set<number>();
  for (const y of years) {
    known.add(y.year);
    for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.add(d);
    for (const m of y.makeUpWorkdays) makeUp.add(m.date);
  }
  return {
    timeZone,
    hasYear: (year) => known.has(year),
    isWorkingDay(day) {
      if (makeUp.has(day)) return true;
      if (holidays.has(day)) return false;
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
  };
}

export function addDays(day: LocalDay, n: number): LocalDay {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** One formatter per time zone: building one costs about 50 times what formatting does. */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

export function localDay(at: Date, timeZone: string): LocalDay {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, format);
  }
  return format.format(at); // en-CA formats as YYYY-MM-DD
}

/** The last instant (23:59:59.999) of a local day. */
export function endOfLocalDay(day: LocalDay, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, timeZone).getTime());
}

/** n working days after `day` (the day itself not counted). */
export function addWorkingDays(calendar: Calendar, day: LocalDay, n: number): LocalDay {
  let current = day;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (calendar.isWorkingDay(current)) left -= 1;
  }
  return current;
}

export function nextWorkingDay(calendar: Calendar, day: LocalDay): LocalDay {
  let current = day;
  while (!calendar.isWorkingDay(current)) current = addDays(current, 1);
  return current;
}
