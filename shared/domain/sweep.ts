// What the deadline sweep does to a case at a given time, and when the case next needs
// it. The store keeps the next action time in a sparse index, so the sweeper reads only
// the cases with something to do.
import { defaultEscalationRules, escalate, nextActionTime, type EscalationRules } from "./escalation.js";
import type { DeadlinePolicy } from "./deadlines.js";
import { decide, systemActor, type DecideContext, type Decision } from "./decide.js";
import type { Case } from "./model.js";
import { NO_REFERENCE, type Reference } from "./routing.js";

export function nextActionAt(
  c: Case,
  policy: DeadlinePolicy,
  rules: EscalationRules = defaultEscalationRules,
): string | undefined {
  const t = nextActionTime(c, policy, rules);
  return t === undefined ? undefined : new Date(t).toISOString();
}

/** Apply every step due at `ctx.now` as one decision; undefined if none. */
export function sweepCase(
  c: Case,
  ctx: Omit<DecideContext, "actor" | "reference"> & { reference?: Reference },
  rules: EscalationRules = defaultEscalationRules,
): Decision | undefined {
  const actor = systemActor("sweeper");
  const windowClosed = (name: string, status: string) =>
    c.status === status &&
    c.clocks.some((k) => k.name === name && k.state === "running" && new Date(k.dueAt) <= ctx.now);
  // Art. 35, 36: a reply (or review opinion) not appealed within its window closes the case.
  if (windowClosed("review_window", "replied") || windowClosed("re_review_window", "reviewed")) {
    // Closing routes nothing: the sweep needs no reference data.
    return decide(c, "close", {}, { ...ctx, reference: ctx.reference ?? NO_REFERENCE, actor });
  }
  return escalate(c, { now: ctx.now, policy: ctx.policy, rules, newId: ctx.newId, actor });
}
