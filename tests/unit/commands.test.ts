// Each command of the lifecycle table with its role rules, state-machine rules and legal rules.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, RuleViolationError } from "../../shared/errors.js";
import { endOfLocalDay, localDay } from "../../shared/domain/calendar.js";
import { applyRestDayRule, computeDueAt } from "../../shared/domain/deadlines.js";
import { decide } from "../../shared/domain/decide.js";
import {
  COMMAND_NAMES,
  machine,
  TERMINAL_STATUSES,
  type CommandName,
} from "../../shared/domain/lifecycle.js";
import type { Case, CaseClock } from "../../shared/domain/model.js";
import { STATUSES } from "../../shared/domain/model.js";
import { sweepCase } from "../../shared/domain/sweep.js";
import { at, ctx, policy, reference, registered, walk } from "../support/domain.js";
import { T0, coordinator, hrssHandler, hrssHead, intake, natresHandler, who } from "../support/factories.js";
import { DAY_MS, HOUR_MS } from "../../shared/durations.js";

const govHandler = who("gov", "handler");
const cityGovHead = who("city-gov", "agency_head");
const leader = { sub: "leader-li", agency: "gov", roles: ["leader" as const] };
const clock = (c: Case, name: string) => c.clocks.find((k) => k.name === name) as CaseClock;

/** Routed to hrss and received on Wed 2026-09-30, Shanghai time. */
function received(kind: "transfer" | "assign" = "transfer") {
  return walk(registered().case, [["route", { kind }, intake, T0]]);
}
function accepted() {
  const r = received();
  return walk(r.c, [["acknowledge", {}, hrssHandler, at(1)]]);
}
function replied(on = at(10)) {
  return walk(accepted().c, [["reply", { summary: "Paid", text: "Arrears paid." }, hrssHandler, on]]);
}

describe("objection to a wrong transfer (Art. 23: 5 working days)", () => {
  it("is accepted on working day 5 and refused on day 6, across National Day and the make-up Saturday", () => {
    const { c } = received();
    expect(clock(c, "object").dueAt).toBe("2026-10-13T15:59:59.999Z");
    const day5 = new Date("2026-10-13T09:00:00Z"); // Tue 10-13, 17:00 Shanghai
    const objected = decide(c, "object", { reason: "Not our matter" }, ctx(hrssHandler, day5));
    expect(objected.case).toMatchObject({ status: "disputed", objection: { by: "hrss" } });
    expect(objected.case.leadAgency).toBeUndefined();
    const day6 = new Date("2026-10-14T01:00:00Z"); // Wed 10-14, 09:00 Shanghai
    expect(() => decide(c, "object", { reason: "Too late" }, ctx(hrssHandler, day6))).toThrow(ConflictError);
  });

  it("lets only a coordinator resolve the dispute, re-routing over the queue", () => {
    const { c } = walk(received().c, [["object", { reason: "Land matter" }, hrssHandler, at(2)]]);
    expect(() => decide(c, "resolve-dispute", { to: "natres" }, ctx(intake, at(3)))).toThrow(ForbiddenError);
    const resolved = walk(c, [["resolve-dispute", { to: "natres" }, coordinator, at(3)]]);
    expect(resolved.c).toMatchObject({ status: "transferred", leadAgency: "natres" });
    expect(resolved.c.involved).toEqual(["bureau", "hrss", "natres"]);
    expect(resolved.events.map((e) => e.type)).toEqual(["dispute_resolved", "transferred"]);
  });
});

describe("co-handlers and notes", () => {
  it("adds a co-handling agency, never the respondent", () => {
    const { c } = received();
    const added = decide(c, "add-cohandler", { agency: "sasac" }, ctx(coordinator));
    expect(added.case.cohandlers).toEqual(["sasac"]);
    expect(added.outbox).toEqual([
      expect.objectContaining({ queue: "notifications", body: expect.objectContaining({ agency: "sasac" }) }),
    ]);
    expect(() => decide(added.case, "add-cohandler", { agency: "sasac" }, ctx(coordinator))).toThrow(
      RuleViolationError,
    );
    const accused = walk(registered({ respondent: { agency: "housing" } }).case, [
      ["route", { kind: "transfer" }, intake, T0],
    ]).c;
    expect(() => decide(accused, "add-cohandler", { agency: "housing" }, ctx(coordinator))).toThrow(
      /Art. 30/,
    );
  });

  it("takes notes from anyone involved but an auditor", () => {
    const { c } = received();
    expect(decide(c, "note", { text: "Called the factory" }, ctx(hrssHandler)).events[0]!.type).toBe(
      "note_added",
    );
    expect(() => decide(c, "note", { text: "x" }, ctx(who("bureau", "auditor")))).toThrow(ForbiddenError);
    expect(() => decide(c, "note", { text: "x" }, ctx(natresHandler))).toThrow(ForbiddenError);
  });
});

describe("extension (Art. 34: once, at most 30 days, the agency head approves)", () => {
  it("refuses more than 30 days, approves once with the head, and refuses a second", () => {
    const { c } = accepted();
    expect(() => decide(c, "request-extension", { days: 31, reason: "x" }, ctx(hrssHandler))).toThrow(
      RuleViolationError,
    );
    const requested = decide(
      c,
      "request-extension",
      { days: 30, reason: "Awaiting the pension fund's audit" },
      ctx(hrssHandler, at(20)),
    );
    expect(() =>
      decide(requested.case, "request-extension", { days: 5, reason: "again" }, ctx(hrssHandler)),
    ).toThrow(ConflictError);
    expect(() => decide(requested.case, "approve-extension", { approve: true }, ctx(hrssHandler))).toThrow(
      ForbiddenError,
    );
    const approved = decide(requested.case, "approve-extension", { approve: true }, ctx(hrssHead, at(21)));
    const before = new Date(clock(c, "handle").dueAt);
    const after = new Date(clock(approved.case, "handle").dueAt);
    expect(
      localDay(after, "Asia/Shanghai") >= localDay(new Date(before.getTime() + 30 * DAY_MS), "Asia/Shanghai"),
    ).toBe(true);
    expect(approved.events[0]).toMatchObject({
      type: "extension_approved",
      data: { reasonForPetitioner: "Awaiting the pension fund's audit" },
    });
    expect(() =>
      decide(approved.case, "request-extension", { days: 10, reason: "more" }, ctx(hrssHandler)),
    ).toThrow(/one extension/);
  });

  it("lets a refused request be followed by another", () => {
    const { c } = accepted();
    const requested = decide(c, "request-extension", { days: 10, reason: "x" }, ctx(hrssHandler));
    const refused = decide(requested.case, "approve-extension", { approve: false }, ctx(hrssHead));
    expect(refused.case.clocks).toEqual(requested.case.clocks);
    expect(
      decide(refused.case, "request-extension", { days: 10, reason: "y" }, ctx(hrssHandler)).case.extension,
    ).toMatchObject({ days: 10 });
    expect(() => decide(c, "approve-extension", { approve: true }, ctx(hrssHead))).toThrow(ConflictError);
  });
});

describe("pause and resume", () => {
  it("moves the due date by the time paused", () => {
    const { c } = accepted();
    const due = new Date(clock(c, "handle").dueAt);
    const paused = decide(c, "pause", { reason: "appraisal" }, ctx(hrssHandler, at(5)));
    expect(clock(paused.case, "handle").state).toBe("paused");
    expect(() => decide(paused.case, "reply", { summary: "s", text: "t" }, ctx(hrssHandler, at(6)))).toThrow(
      ConflictError,
    );
    const resumed = decide(paused.case, "resume", {}, ctx(hrssHandler, at(12)));
    expect(new Date(clock(resumed.case, "handle").dueAt)).toEqual(
      applyRestDayRule(policy, new Date(due.getTime() + 7 * DAY_MS)),
    );
    expect(() => decide(resumed.case, "resume", {}, ctx(hrssHandler, at(13)))).toThrow(ConflictError);
  });

  it("pauses review periods for hearings only (Art. 35)", () => {
    const { c } = walk(replied().c, [["request-review", { reason: "Disagree" }, intake, at(12)]]);
    expect(() => decide(c, "pause", { reason: "appraisal" }, ctx(govHandler, at(13)))).toThrow(/hearing/);
    expect(() => decide(c, "pause", { reason: "hearing" }, ctx(hrssHandler, at(13)))).toThrow(ForbiddenError);
    const paused = decide(c, "pause", { reason: "hearing" }, ctx(govHandler, at(13)));
    expect(clock(paused.case, "review")).toMatchObject({ state: "paused", pauseReason: "hearing" });
  });

  it("property: pausing for d days moves the nominal end by exactly d, then the rest-day rule applies", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 40 * 24 }),
        fc.integer({ min: 1, max: 59 }),
        (startDay, pausedHours, pauseAfterDays) => {
          const start = at(startDay, new Date("2026-01-05T02:00:00Z"));
          const { c } = walk(registered({ receivedAt: start.toISOString() }, undefined, start).case, [
            ["route", { kind: "transfer" }, intake, start],
            ["acknowledge", {}, hrssHandler, start],
          ]);
          const nominal = computeDueAt(policy, start, 60, "calendar").nominalEnd;
          const pauseAt = at(pauseAfterDays, start);
          const paused = decide(c, "pause", { reason: "awaiting_petitioner" }, ctx(hrssHandler, pauseAt));
          const resumed = decide(
            paused.case,
            "resume",
            {},
            ctx(hrssHandler, new Date(pauseAt.getTime() + pausedHours * HOUR_MS)),
          );
          const due = new Date(clock(resumed.case, "handle").dueAt);
          expect(due).toEqual(applyRestDayRule(policy, new Date(nominal.getTime() + pausedHours * HOUR_MS)));
          expect(policy.calendar.isWorkingDay(localDay(due, "Asia/Shanghai"))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("review and re-review to final (Art. 35, 36)", () => {
  it("routes the review to the lead's superior and the re-review to its superior, ending final", () => {
    const r = replied();
    const { c, events } = walk(r.c, [
      ["request-review", { reason: "The amount is wrong" }, intake, at(20)],
      ["review-opinion", { decision: "upheld", text: "The reply stands." }, govHandler, at(30)],
      ["request-re-review", { reason: "Still wrong" }, intake, at(40)],
    ]);
    expect(c).toMatchObject({ status: "re_review_requested", reviewer: "gov", reReviewer: "city-gov" });
    expect(clock(c, "re_review")).toMatchObject({ owner: "city-gov", state: "running" });
    expect(() =>
      decide(c, "re-review-opinion", { decision: "upheld", text: "x" }, ctx(govHandler, at(41))),
    ).toThrow(ForbiddenError);
    const done = decide(
      c,
      "re-review-opinion",
      { decision: "upheld", text: "Final." },
      ctx(cityGovHead, at(50)),
    );
    expect(done.case.status).toBe("final");
    const chain = [...events, ...done.events];
    expect(chain[0]!.prevHash).toBe(r.c.lastHash);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    // A final case takes no state-changing command, only notes and ratings.
    for (const command of COMMAND_NAMES.filter((n) => !["note", "rate"].includes(n))) {
      expect(machine.final[command]).toBeUndefined();
    }
    expect(decide(done.case, "rate", { rating: "unsatisfied" }, ctx(intake)).case).toMatchObject({
      status: "final",
      rating: "unsatisfied",
    });
  });

  it("refuses a review requested after the 30-day window, and closes the case when it lapses", () => {
    const r = replied(at(10));
    expect(() => decide(r.c, "request-review", { reason: "late" }, ctx(intake, at(45)))).toThrow(
      ConflictError,
    );
    expect(sweepCase(r.c, { now: at(45), policy, reference, newId: () => "01SWEEP" })!.case.status).toBe(
      "closed",
    );
  });
});

describe("leaders, supervision, joint handling, hearings, ratings", () => {
  it("names a leader who alone instructs", () => {
    const { c } = received();
    expect(() => decide(c, "assign-leader", { leader: "leader-li" }, ctx(intake))).toThrow(ForbiddenError);
    const named = decide(c, "assign-leader", { leader: "leader-li" }, ctx(coordinator)).case;
    expect(
      decide(named, "instruct", { text: "Settle before the holiday" }, ctx(leader)).events[0]!.type,
    ).toBe("instructed");
    expect(() => decide(named, "instruct", { text: "x" }, ctx({ ...leader, sub: "leader-wang" }))).toThrow(
      ForbiddenError,
    );
  });

  it("records supervision and joint-handling flags from a coordinator", () => {
    const { c } = received();
    expect(
      decide(c, "supervise", { note: "Report weekly", dueAt: at(10).toISOString() }, ctx(coordinator)).case
        .supervision,
    ).toMatchObject({ note: "Report weekly" });
    expect(() =>
      decide(c, "supervise", { note: "x", dueAt: at(-1).toISOString() }, ctx(coordinator)),
    ).toThrow(RuleViolationError);
    expect(
      decide(c, "flag-joint-handling", { note: "Needs sasac and hrss" }, ctx(coordinator)).case.jointHandling,
    ).toBeDefined();
  });

  it("holds hearings and rates only a written reply", () => {
    const { c } = accepted();
    const heard = decide(
      c,
      "hearing",
      { at: at(5).toISOString(), participants: ["deputies", "lawyers", "worker representatives"] },
      ctx(hrssHead),
    );
    expect(heard.case.hearings).toHaveLength(1);
    const declined = walk(received().c, [["decline", { reason: "r", basis: "b" }, hrssHandler, at(2)]]).c;
    expect(() => decide(declined, "rate", { rating: "satisfied" }, ctx(intake))).toThrow(RuleViolationError);
    expect(decide(replied().c, "rate", { rating: "basically_satisfied" }, ctx(intake)).case.rating).toBe(
      "basically_satisfied",
    );
  });
});

describe("repeat petitions", () => {
  it("offers open cases of the same petitioner and category and links one, keeping one clock", () => {
    const earlier = received().c;
    const again = registered({}, { petitionerKey: "k1", earlier: [{ ...earlier, petitionerKey: "k1" }] });
    expect(again.case.repeatCandidates).toEqual([earlier.id]);
    const linked = decide(
      again.case,
      "link-repeat",
      { caseId: earlier.id },
      ctx(intake, T0, { related: { ...earlier, petitionerKey: "k1" } }),
    );
    expect(linked.case).toMatchObject({ status: "closed", repeatOf: earlier.id });
    expect(linked.case.clocks.every((k) => k.state !== "running")).toBe(true);
    const other = registered({ category: "health" }, { petitionerKey: "k1", earlier: [] });
    expect(() =>
      decide(
        other.case,
        "link-repeat",
        { caseId: earlier.id },
        ctx(intake, T0, { related: { ...earlier, petitionerKey: "k1" } }),
      ),
    ).toThrow(RuleViolationError);
  });

  it("records a petition on a final matter as closed and not accepted (Art. 36)", () => {
    const finalCase = { ...received().c, status: "final" as const, petitionerKey: "k2" };
    const again = registered({}, { petitionerKey: "k2", earlier: [finalCase] });
    expect(again.case).toMatchObject({ status: "closed", repeatOf: finalCase.id, clocks: [] });
    expect(again.events.map((e) => e.type)).toEqual(["registered", "not_accepted"]);
    expect(again.events[1]!.data.basis).toMatch(/Art\. 36/);
  });
});

describe("the table itself", () => {
  it("names every status, and final and closed take no state-changing command", () => {
    expect(Object.keys(machine).sort()).toEqual([...STATUSES].sort());
    for (const status of TERMINAL_STATUSES) {
      expect(Object.keys(machine[status]).sort()).toEqual(["note", "rate"]);
    }
    for (const row of Object.values(machine)) {
      for (const [name, t] of Object.entries(row)) {
        expect(COMMAND_NAMES).toContain(name as CommandName);
        if (t.party !== "system") expect(t.roles.length).toBeGreaterThan(0);
      }
    }
    expect(endOfLocalDay("2026-10-13", "Asia/Shanghai").toISOString()).toBe("2026-10-13T15:59:59.999Z");
  });
});
