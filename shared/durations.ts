// Lengths of elapsed time, each named once. Calendar arithmetic (working days, local
// days across a time zone) is shared/domain/calendar.ts's; these are plain durations.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** A day in seconds, for what counts in seconds: TTL attributes, queue retention, token lifetimes. */
export const DAY_S = DAY_MS / 1000;
