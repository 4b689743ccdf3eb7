// Domain-level test helpers: the demo reference data, the default deadline policy, and
// a context factory with deterministic ids.
import { calendarYears } from "../../shared/app/deps.js";
import { buildCalendar } from "../../shared/domain/calendar.js";
import { defaultClockRules, type DeadlinePolicy } from "../../shared/domain/deadlines.js";
import {
  demoAgencies,
  demoCategories,
  demoRegions,
  demoRoutingRules,
} from "../../shared/domain/demo-county.js";
import { decide, systemActor, type DecideContext, type Decision } from "../../shared/domain/decide.js";
import type { CommandInputs, CommandName } from "../../shared/domain/lifecycle.js";
import { registerCase, type PriorPetitions } from "../../shared/domain/registration.js";
import type { Case, Handoff } from "../../shared/domain/model.js";
import type { Reference } from "../../shared/domain/routing.js";
import { T0, intake, registration } from "./factories.js";
import { DAY_MS } from "../../shared/durations.js";

export const reference: Reference = {
  agencies: new Map(demoAgencies.map((a) => [a.id, a])),
  categories: new Map(demoCategories.map((c) => [c.id, c])),
  regions: new Set(demoRegions),
  rules: demoRoutingRules,
};
export const policy: DeadlinePolicy = {
  calendar: buildCalendar("Asia/Shanghai", calendarYears),
  clocks: defaultClockRules,
  restDayRollsForward: true,
};

let seq = 0;
export const ctx = (
  actor: DecideContext["actor"],
  now = T0,
  extra: Partial<DecideContext> = {},
): DecideContext => ({
  actor,
  now,
  policy,
  reference,
  newId: () => `01TEST${String(seq++).padStart(20, "0")}`,
  ...extra,
});

export const at = (days: number, from = T0) => new Date(from.getTime() + days * DAY_MS);

export function registered(
  overrides: Record<string, unknown> = {},
  prior?: PriorPetitions,
  now = T0,
): Decision {
  return registerCase(registration(overrides) as Parameters<typeof registerCase>[0], ctx(intake, now), prior);
}

/** A case walked by a script of [command, input, actor, when] steps; handoffs applied as the router would. */
export function walk(
  start: Case,
  steps: [CommandName, unknown, DecideContext["actor"], Date][],
): { c: Case; events: Decision["events"] } {
  let c = start;
  const events: Decision["events"] = [];
  for (const [command, input, actor, when] of steps) {
    const d = decide(c, command, input as CommandInputs[typeof command], ctx(actor, when));
    c = d.case;
    events.push(...d.events);
    const handoff = d.outbox.find((o) => o.queue === "handoffs");
    if (handoff) {
      const applied = decide(
        c,
        "apply-handoff",
        handoff.body as unknown as Handoff,
        ctx(systemActor("router"), when),
      );
      c = applied.case;
      events.push(...applied.events);
    }
  }
  return { c, events };
}
