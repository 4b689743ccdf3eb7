// A rule's message names the numbers that decide it: the policy's window lengths (which a
// jurisdiction may change) and the platform's bounds, never a copy of today's defaults.
import { describe, expect, it } from "vitest";
import { ConflictError, RuleViolationError } from "../../shared/errors.js";
import { describePeriod } from "../../shared/domain/clocks.js";
import { decide, systemActor, type DecideContext } from "../../shared/domain/decide.js";
import { defaultClockRules, type DeadlinePolicy } from "../../shared/domain/deadlines.js";
import { MAX_EXTENSION_DAYS } from "../../shared/domain/handling-effects.js";
import type { CommandInputs, CommandName } from "../../shared/domain/lifecycle.js";
import type { Case, Handoff } from "../../shared/domain/model.js";
import { MEETING_HANDLE_DAYS } from "../../shared/domain/oversight-effects.js";
import { registerCase } from "../../shared/domain/registration.js";
import { REPORT_BACK_DAYS } from "../../shared/domain/routing-effects.js";
import { at, ctx, policy as defaultPolicy } from "../support/domain.js";
import { T0, coordinator, hrssHandler, intake, registration, who } from "../support/factories.js";

/** A jurisdiction whose windows differ from the regulation's defaults. */
const policy: DeadlinePolicy = {
  ...defaultPolicy,
  clocks: {
    ...defaultClockRules,
    object: { length: 7, unit: "working" },
    review_window: { length: 45, unit: "calendar" },
    re_review_window: { length: 40, unit: "calendar" },
  },
};
const under = (actor: DecideContext["actor"], now: Date) => ctx(actor, now, { policy });
const govHandler = who("gov", "handler");

/** Run commands under the custom policy, delivering handoffs as the router would. */
function walk(c: Case, steps: [CommandName, unknown, DecideContext["actor"], Date][]): Case {
  for (const [command, input, actor, when] of steps) {
    const d = decide(c, command, input as CommandInputs[typeof command], under(actor, when));
    c = d.case;
    const handoff = d.outbox.find((o) => o.queue === "handoffs");
    if (handoff)
      c = decide(
        c,
        "apply-handoff",
        handoff.body as unknown as Handoff,
        under(systemActor("router"), when),
      ).case;
  }
  return c;
}
const received = () =>
  walk(registerCase(registration() as Parameters<typeof registerCase>[0], under(intake, T0)).case, [
    ["route", { kind: "transfer" }, intake, T0],
  ]);
const replied = () =>
  walk(received(), [
    ["acknowledge", {}, hrssHandler, at(1)],
    ["reply", { summary: "Paid", text: "Arrears paid." }, hrssHandler, at(2)],
  ]);

describe("rule messages take their numbers from the policy", () => {
  it("names the objection window the policy sets (Art. 23)", () => {
    const late = () => decide(received(), "object", { reason: "Not ours" }, under(hrssHandler, at(30)));
    expect(late).toThrow(ConflictError);
    expect(late).toThrow("(7 working days from receipt, Art. 23)");
  });

  it("names the review and re-review windows the policy sets (Art. 35, 36)", () => {
    const review = () => decide(replied(), "request-review", { reason: "Wrong" }, under(intake, at(60)));
    expect(review).toThrow("(45 days from the reply, Art. 35)");
    const reviewed = walk(replied(), [
      ["request-review", { reason: "Wrong" }, intake, at(3)],
      ["review-opinion", { decision: "upheld", text: "Stands." }, govHandler, at(4)],
    ]);
    const reReview = () =>
      decide(reviewed, "request-re-review", { reason: "Still wrong" }, under(intake, at(60)));
    expect(reReview).toThrow("(40 days from the review opinion, Art. 36)");
  });

  it("names the period the case was given, should the policy change after the window opened", () => {
    const underDefaults = decide(
      registerCase(registration() as Parameters<typeof registerCase>[0], ctx(intake, T0)).case,
      "route",
      { kind: "transfer" },
      ctx(intake, T0),
    );
    const handoff = underDefaults.outbox.find((o) => o.queue === "handoffs")!.body as unknown as Handoff;
    const c = decide(underDefaults.case, "apply-handoff", handoff, ctx(systemActor("router"), T0)).case;
    expect(() => decide(c, "object", { reason: "Not ours" }, under(hrssHandler, at(30)))).toThrow(
      "(5 working days from receipt, Art. 23)",
    );
  });

  it("names the platform's bounds from the constants that enforce them", () => {
    const accepted = walk(received(), [["acknowledge", {}, hrssHandler, at(1)]]);
    expect(() =>
      decide(
        accepted,
        "request-extension",
        { days: MAX_EXTENSION_DAYS + 1, reason: "x" },
        under(hrssHandler, at(2)),
      ),
    ).toThrow(`1 to ${MAX_EXTENSION_DAYS} days`);
    const registered = registerCase(
      registration() as Parameters<typeof registerCase>[0],
      under(intake, T0),
    ).case;
    expect(() =>
      decide(
        registered,
        "route",
        { kind: "assign", reportBackDays: REPORT_BACK_DAYS.max + 1 },
        under(intake, T0),
      ),
    ).toThrow(
      new RuleViolationError(
        "report-back-days",
        `A report-back period runs from ${REPORT_BACK_DAYS.min} to ${REPORT_BACK_DAYS.max} days.`,
      ),
    );
    const onAgenda = { ...accepted, escalation: { ...accepted.escalation, meetingId: "m1" } };
    expect(() =>
      decide(
        onAgenda,
        "meeting-decision",
        { meetingId: "m1", lead: "hrss", handleDays: MEETING_HANDLE_DAYS.max + 1, note: "x" },
        under(coordinator, at(3)),
      ),
    ).toThrow(`${MEETING_HANDLE_DAYS.min} to ${MEETING_HANDLE_DAYS.max} days`);
  });

  it("says a period as a petitioner reads it", () => {
    expect(describePeriod({ length: 1, unit: "working" })).toBe("1 working day");
    expect(describePeriod({ length: 30, unit: "calendar" })).toBe("30 days");
  });
});
