// Demo County keeps Beijing time: Asia/Shanghai, UTC+8 all year with no daylight saving,
// so the report writes an instant's local time by adding eight hours to it.
import { DAY_MS, HOUR_MS } from "../../../shared/durations.js";

export const TZ = "Asia/Shanghai";
export { DAY_MS, HOUR_MS };

/** "2026-10-01 09:00": the local date and minute of an instant. */
export function localMinute(at: Date | string): string {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  return new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-10-01": the local date of an instant. */
export function localDate(at: string): string {
  return new Date(Date.parse(at) + 8 * HOUR_MS).toISOString().slice(0, 10);
}
