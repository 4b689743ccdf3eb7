// When a year of the calendar is added or changed, the clocks still going whose period
// reaches that year are counted again with it: each one whose due time or calendar
// warning moves gets a `calendar_changed` event on its case, from the sweeper.
import { localDay } from "./calendar.js";
import { calendarWarning, computeDueAt, type DeadlinePolicy } from "./deadlines.js";
import { finish } from "./audit.js";
import { systemActor, type Decision } from "./decide.js";
import { TERMINAL_STATUSES } from "./lifecycle.js";
import type { Case, EventDraft } from "./model.js";

/** The change that asks for the recount: the year entered and the calendar's version after it. */
export interface CalendarChange {
  year: number;
  calendarVersion: number;
}

/**
 * The latest due time among a case's clocks still going (running, paused or overdue), for
 * the clocks index: a clock due before a year's first instant never counted a day of it.
 */
export function latestOpenDueAt(c: Case): string | undefined {
  if (TERMINAL_STATUSES.has(c.status)) return undefined;
  const dues = c.clocks.filter((k) => !k.stoppedAt).map((k) => k.dueAt);
  return dues.length ? dues.sort().at(-1) : undefined;
}

/**
 * The local year of that latest due time: where the case is filed in the clocks index. A
 * year, not the time, so the index entry moves only when a case's clocks cross into another
 * year (a write of the index on most transitions otherwise).
 */
export function latestOpenDueYear(c: Case, timeZone: string): number | undefined {
  const due = latestOpenDueAt(c);
  return due === undefined ? undefined : Number(localDay(new Date(due), timeZone).slice(0, 4));
}

/**
 * Recount the running and paused clocks of a case with the policy's calendar. An overdue
 * clock keeps its due time: its escalation has happened, and the ladder is not rewound.
 * Undefined when nothing moves, so a second recount (a repeated job) changes nothing.
 */
export function recomputeClocks(
  c: Case,
  ctx: { policy: DeadlinePolicy; now: Date; change: CalendarChange },
): Decision | undefined {
  if (TERMINAL_STATUSES.has(c.status)) return undefined;
  const next: Case = structuredClone(c);
  const drafts: EventDraft[] = [];
  for (const clock of next.clocks) {
    if (clock.stoppedAt || (clock.state !== "running" && clock.state !== "paused")) continue;
    const due = computeDueAt(ctx.policy, new Date(clock.startedAt), clock.length, clock.unit, clock.pausedMs);
    const dueAt = due.dueAt.toISOString();
    const warning = due.yearsWithoutData.length ? calendarWarning(due.yearsWithoutData) : undefined;
    if (dueAt === clock.dueAt && warning === clock.calendarWarning) continue;
    drafts.push({
      type: "calendar_changed",
      data: {
        clock: clock.name,
        from: clock.dueAt,
        to: dueAt,
        year: ctx.change.year,
        calendarVersion: ctx.change.calendarVersion,
        ...(due.yearsWithoutData.length ? { yearsWithoutData: due.yearsWithoutData } : {}),
      },
    });
    clock.dueAt = dueAt;
    if (warning) clock.calendarWarning = warning;
    else delete clock.calendarWarning;
  }
  if (!drafts.length) return undefined;
  return finish(c, next, drafts, [], { actor: systemActor("sweeper"), now: ctx.now }, "system");
}
