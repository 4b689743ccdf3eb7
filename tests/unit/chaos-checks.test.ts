// The chaos run's clock check (tests/support/chaos-run.ts) is not vacuous: a case walked by
// the domain passes it, and the faults it is there to catch — a warning applied twice, a due
// time the trail does not record, a clock left going on a closed case — each fail it.
import { describe, expect, it } from "vitest";
import { systemActor } from "../../shared/domain/decide.js";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import { sweepCase } from "../../shared/domain/sweep.js";
import { clockProblems } from "../support/chaos-run.js";
import { at, ctx, policy, reference, registered, walk } from "../support/domain.js";
import { T0, hrssHandler, intake } from "../support/factories.js";

function warnedCase(): { c: Case; events: CaseEvent[] } {
  const r = registered();
  const walked = walk(r.case, [
    ["route", { kind: "transfer" }, intake, T0],
    ["acknowledge", {}, hrssHandler, T0],
  ]);
  const swept = sweepCase(walked.c, {
    now: at(50),
    policy,
    reference,
    newId: ctx(systemActor("sweeper")).newId,
  })!;
  return { c: swept.case, events: [...r.events, ...walked.events, ...swept.events] };
}

describe("the chaos run's clock check", () => {
  it("passes a case the domain walked and swept", () => {
    const { c, events } = warnedCase();
    expect(events.map((e) => e.type)).toContain("due_soon");
    expect(clockProblems(c, events)).toEqual([]);
  });

  it("catches a warning applied twice", () => {
    const { c, events } = warnedCase();
    const warning = events.find((e) => e.type === "due_soon")!;
    expect(clockProblems(c, [...events, { ...warning, seq: warning.seq + 100 }])).toEqual([
      expect.stringContaining("due_soon handle"),
    ]);
  });

  it("catches a due time the trail does not record, and a clock going on a closed case", () => {
    const { c, events } = warnedCase();
    const moved = structuredClone(c);
    moved.clocks.find((k) => k.name === "handle")!.dueAt = at(90).toISOString();
    expect(clockProblems(moved, events).join()).toContain("the trail says");
    const closed = { ...structuredClone(c), status: "closed" as const };
    expect(clockProblems(closed, events).join()).toContain("still going on a closed case");
  });
});
