// Time as the jurisdiction reads it: instants shown in its time zone (Asia/Shanghai for
// Demo County) as `2026-09-30 10:00`, whatever the server's zone, and the dates and times
// officers type into forms read back in that zone.
import { TZDate } from "@date-fns/tz";
import { endOfLocalDay, localDay, type LocalDay } from "../domain/calendar.js";
import { DAY_MS } from "../durations.js";

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** `2026-09-30 10:00` in the zone. */
export function localDateTime(at: string | Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(typeof at === "string" ? new Date(at) : at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Whole local days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export { localDay };

/** A form's `YYYY-MM-DDTHH:mm` (datetime-local) as an instant in the zone; as typed when it is not one. */
export function instantFromLocalInput(value: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return value;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const at = new TZDate(y, mo - 1, d, h, mi, timeZone);
  return Number.isNaN(at.getTime()) ? value : new Date(at.getTime()).toISOString();
}

/** A form's `YYYY-MM-DD` as the end of that local day, as deadlines end; as typed when it is not one. */
export function dayEndFromLocalInput(value: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  return endOfLocalDay(value, timeZone).toISOString();
}
