// A case's clocks as commands move it: which one is running, whose it is, stopping one or
// all, replacing one with a new period, and checking that a window is still open. How long
// a clock runs and when it is due is deadlines.ts's.
import { ConflictError } from "../errors.js";
import { BUREAU } from "./access.js";
import type { ClockRule, DeadlinePolicy } from "./deadlines.js";
import type { Article } from "./lifecycle.js";
import type { Case, CaseClock, ClockName } from "./model.js";

/** Windows the petitioner or agency may act within; they lapse rather than go overdue. */
export const WINDOW_CLOCKS: ReadonlySet<ClockName> = new Set(["object", "review_window", "re_review_window"]);

/** The clock of that name still going (running, paused or overdue), if any. */
export function activeClock(c: Case, name: ClockName): CaseClock | undefined {
  return c.clocks.find((k) => k.name === name && !k.stoppedAt);
}

/** The agency a clock starting now is answerable to. */
export function clockOwner(c: Case, name: ClockName): string {
  switch (name) {
    case "review":
      return c.reviewer ?? BUREAU;
    case "re_review":
      return c.reReviewer ?? BUREAU;
    case "route":
    case "review_window":
    case "re_review_window":
      return BUREAU;
    default:
      return c.leadAgency ?? BUREAU;
  }
}

/** Stop a clock: met if on time (a window always), else overdue; paused time is banked. */
export function stopClock(clock: CaseClock, now: Date, force?: "met"): void {
  if (clock.state === "paused" && clock.pausedAt)
    clock.pausedMs += Math.max(0, now.getTime() - Date.parse(clock.pausedAt));
  delete clock.pausedAt;
  delete clock.pauseReason;
  clock.stoppedAt = now.toISOString();
  if (force === "met" || WINDOW_CLOCKS.has(clock.name)) clock.state = "met";
  else if (clock.state === "overdue" || now > new Date(clock.dueAt)) clock.state = "overdue";
  else clock.state = "met";
}

/** Stop every clock still going; what each ended as, for the event. */
export function stopAll(c: Case, now: Date): { name: ClockName; state: CaseClock["state"] }[] {
  const stopped: { name: ClockName; state: CaseClock["state"] }[] = [];
  for (const clock of c.clocks) {
    if (clock.stoppedAt) continue;
    stopClock(clock, now);
    stopped.push({ name: clock.name, state: clock.state });
  }
  return stopped;
}

/** Put a new clock in place of any of its name; the replaced ones are kept in `pastClocks` for the record. */
export function replaceClock(c: Case, clock: CaseClock): void {
  const replaced = c.clocks.filter((k) => k.name === clock.name);
  if (replaced.length) c.pastClocks = [...(c.pastClocks ?? []), ...replaced];
  c.clocks = [...c.clocks.filter((k) => k.name !== clock.name), clock];
}

/** A period as a petitioner reads it: "5 working days", "30 days". */
export function describePeriod(period: Pick<ClockRule, "length" | "unit">): string {
  return `${period.length} ${period.unit === "working" ? "working " : ""}day${period.length === 1 ? "" : "s"}`;
}

export interface WindowRule {
  /** What the window allows, after "The period to": "object to the transfer". */
  to: string;
  /** What it runs from: "receipt", "the reply". */
  from: string;
  article: Article;
}

/**
 * Refuse a command whose window (object, review_window, re_review_window) has ended. The
 * message names the period the case was given, which is the policy's unless the policy has
 * changed since the window opened.
 */
export function withinWindow(
  c: Case,
  name: ClockName,
  ctx: { now: Date; policy: DeadlinePolicy },
  rule: WindowRule,
): void {
  const window = activeClock(c, name);
  if (!window || new Date(window.dueAt) < ctx.now) {
    const period = describePeriod(c.clocks.find((k) => k.name === name) ?? ctx.policy.clocks[name]);
    throw new ConflictError(
      `The period to ${rule.to} (${period} from ${rule.from}, ${rule.article}) has ended${window ? ` (${window.dueAt})` : ""}.`,
      { clock: name, ...(window ? { dueAt: window.dueAt } : {}) },
    );
  }
}
