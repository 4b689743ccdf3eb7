// A clock as an officer reads it at a moment: running with so many days left (working days
// for a working-day period), due soon from the escalation rules' warning point on, overdue,
// paused, or stopped — and which of a case's clocks is its next deadline.
import { addDays, type Calendar } from "../domain/calendar.js";
import { WINDOW_CLOCKS } from "../domain/clocks.js";
import { warnAt, type EscalationRules } from "../domain/escalation.js";
import type { Case, CaseClock } from "../domain/model.js";
import { daysBetween, localDay } from "./local-time.js";

export type ClockReading =
  /** A window (objection, review request) still open: someone's right, never overdue, never marked. */
  | { kind: "running" | "due-soon" | "window-open"; daysLeft: number }
  | { kind: "overdue"; daysOver: number }
  | { kind: "paused" }
  | { kind: "met" | "met-late" | "window-closed" };

/** How the reading is marked, in colour and in words alike. */
export type Mark = "late" | "soon" | "ok" | "quiet";

export const markOf = (r: ClockReading): Mark =>
  r.kind === "overdue" ? "late" : r.kind === "due-soon" ? "soon" : r.kind === "running" ? "ok" : "quiet";

/** Working days after `from` up to and including `to`. */
function workingDaysLeft(calendar: Calendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
  return n;
}

export function readClock(
  clock: CaseClock,
  now: Date,
  calendar: Calendar,
  rules: EscalationRules,
): ClockReading {
  const window = WINDOW_CLOCKS.has(clock.name);
  if (clock.stoppedAt) {
    if (window) return { kind: "window-closed" };
    return { kind: clock.state === "overdue" ? "met-late" : "met" };
  }
  if (clock.state === "paused") return { kind: "paused" };
  const due = Date.parse(clock.dueAt);
  const today = localDay(now, calendar.timeZone);
  const dueDay = localDay(new Date(due), calendar.timeZone);
  if (clock.state === "overdue" || due < now.getTime()) {
    // A window that has passed lapses; it is never overdue.
    if (window) return { kind: "window-closed" };
    return { kind: "overdue", daysOver: Math.max(0, daysBetween(dueDay, today)) };
  }
  const daysLeft =
    clock.unit === "working" ? workingDaysLeft(calendar, today, dueDay) : daysBetween(today, dueDay);
  if (window) return { kind: "window-open", daysLeft };
  return { kind: now.getTime() >= warnAt(clock, rules) ? "due-soon" : "running", daysLeft };
}

/** The clock a case's inbox row is sorted and marked by: its earliest duty clock still going, else its earliest window. */
export function nextDeadline(c: Pick<Case, "clocks">): CaseClock | undefined {
  const going = c.clocks.filter((k) => !k.stoppedAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return going.find((k) => !WINDOW_CLOCKS.has(k.name)) ?? going[0];
}
