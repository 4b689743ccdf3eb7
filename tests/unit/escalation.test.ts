// The deadline watch: due-soon warning, L1 at due, L2 listed supervision at due + 7, L3
// onto the joint meeting at due + 15 or when a listed case goes overdue again; a dispute
// unresolved for 5 working days goes to the meeting too. Each step once.
import { describe, expect, it } from "vitest";
import { decide, systemActor } from "../../shared/domain/decide.js";
import type { Case } from "../../shared/domain/model.js";
import { nextActionAt, sweepCase } from "../../shared/domain/sweep.js";
import { at, ctx, policy, reference, registered, walk } from "../support/domain.js";
import { T0, coordinator, hrssHandler, intake } from "../support/factories.js";
import { DAY_MS } from "../../shared/durations.js";

const sweep = (c: Case, now: Date) =>
  sweepCase(c, { now, policy, reference, newId: ctx(systemActor("sweeper")).newId });

function acceptedWithLeader() {
  const r = registered();
  return walk(r.case, [
    ["route", { kind: "transfer" }, intake, T0],
    ["acknowledge", {}, hrssHandler, T0],
    ["assign-leader", { leader: "leader-li" }, coordinator, T0],
  ]).c;
}

describe("the escalation ladder of a handling clock", () => {
  it("warns, then L1, L2, L3 each once, alerting the right people", () => {
    const c = acceptedWithLeader();
    const handle = c.clocks.find((k) => k.name === "handle")!;
    const due = new Date(handle.dueAt); // Mon 2026-11-30 end of day, Shanghai
    // 80 % of 61 days elapsed comes before "3 days left".
    expect(nextActionAt(c, policy)).toBe(
      new Date(
        Date.parse(handle.startedAt) + 0.8 * (due.getTime() - Date.parse(handle.startedAt)),
      ).toISOString(),
    );

    expect(sweep(c, at(40))).toBeUndefined();
    const warned = sweep(c, at(50))!;
    expect(warned.events.map((e) => e.type)).toEqual(["due_soon"]);
    expect(warned.outbox.map((o) => [o.body.type, o.body.agency, o.body.user ?? ""])).toEqual([
      ["due_soon", "hrss", ""],
      ["due_soon", "bureau", "leader-li"],
    ]);
    expect(sweep(warned.case, at(51))).toBeUndefined();

    const l1 = sweep(warned.case, new Date(due.getTime() + 1))!;
    expect(l1.events.map((e) => [e.type, e.data.level])).toEqual([["escalated", 1]]);
    expect(l1.case.escalation).toMatchObject({ level: 1, supervised: false });
    expect(sweep(l1.case, new Date(due.getTime() + 6 * DAY_MS))).toBeUndefined();

    const l2 = sweep(l1.case, new Date(due.getTime() + 7 * DAY_MS + 1))!;
    expect(l2.events.map((e) => e.type)).toEqual(["listed_supervision"]);
    expect(l2.case.escalation).toMatchObject({ level: 2, supervised: true });
    expect(l2.outbox.map((o) => [o.body.type, o.body.agency, o.body.roles])).toContainEqual([
      "supervision",
      "bureau",
      ["coordinator"],
    ]);

    const l3 = sweep(l2.case, new Date(due.getTime() + 15 * DAY_MS + 1))!;
    expect(l3.events.map((e) => [e.type, e.data.level, e.data.to])).toEqual([
      ["escalated", 3, "joint_meeting"],
    ]);
    expect(l3.case.agendaPending).toMatchObject({ reason: "escalated" });
    expect(sweep(l3.case, new Date(due.getTime() + 40 * DAY_MS))).toBeUndefined();
    expect(nextActionAt(l3.case, policy)).toBeUndefined();
  });

  it("catches up in order when the sweep comes late, without a warning for a clock already past due", () => {
    const c = acceptedWithLeader();
    const due = Date.parse(c.clocks.find((k) => k.name === "handle")!.dueAt);
    const late = sweep(c, new Date(due + 20 * DAY_MS))!;
    expect(late.events.map((e) => [e.type, e.data.level ?? ""])).toEqual([
      ["escalated", 1],
      ["listed_supervision", 2],
      ["escalated", 3],
    ]);
  });

  it("sends a listed case that goes overdue again straight to the meeting", () => {
    const c = acceptedWithLeader();
    const due = Date.parse(c.clocks.find((k) => k.name === "handle")!.dueAt);
    const listed = sweep(c, new Date(due + 7 * DAY_MS + 1))!.case;
    expect(listed.escalation).toMatchObject({ level: 2, supervised: true });
    // The head grants the extension: the handling clock runs again, the case stays listed.
    const requested = decide(
      listed,
      "request-extension",
      { days: 30, reason: "audit" },
      ctx(hrssHandler, new Date(due + 8 * DAY_MS)),
    ).case;
    const extended = decide(
      requested,
      "approve-extension",
      { approve: true },
      ctx({ sub: "head@hrss", agency: "hrss", roles: ["agency_head"] }, new Date(due + 8 * DAY_MS)),
    ).case;
    expect(extended.clocks.find((k) => k.name === "handle")).toMatchObject({ state: "running", level: 0 });
    const newDue = Date.parse(extended.clocks.find((k) => k.name === "handle")!.dueAt);
    const warned = sweep(extended, new Date(newDue - DAY_MS))!;
    expect(warned.events.map((e) => e.type)).toEqual(["due_soon"]);
    const again = sweep(warned.case, new Date(newDue + 1))!;
    expect(again.events.map((e) => [e.type, e.data.level])).toEqual([
      ["escalated", 1],
      ["escalated", 3],
    ]);
    expect(again.case.agendaPending).toMatchObject({ reason: "escalated" });
  });

  it("does not escalate a paused clock, and resumes the ladder after", () => {
    const c = acceptedWithLeader();
    const paused = decide(c, "pause", { reason: "appraisal" }, ctx(hrssHandler, at(10))).case;
    expect(sweep(paused, at(70))).toBeUndefined();
    expect(nextActionAt(paused, policy)).toBeUndefined();
  });
});

describe("a dispute left unresolved", () => {
  it("goes onto the joint meeting's agenda after 5 working days, once", () => {
    const r = registered();
    const { c } = walk(r.case, [
      ["route", { kind: "transfer" }, intake, T0],
      ["object", { reason: "Not ours" }, hrssHandler, T0],
    ]);
    // Objected Wed 09-30: working days 10-08, 09, 10 (make-up), 12, 13 → ends Tue 10-13.
    expect(sweep(c, new Date("2026-10-13T12:00:00Z"))).toBeUndefined();
    const stale = sweep(c, new Date("2026-10-13T16:00:01Z"))!;
    expect(stale.events.map((e) => [e.type, e.data.reason])).toEqual([["escalated", "dispute"]]);
    expect(stale.case.agendaPending).toMatchObject({ reason: "dispute" });
    expect(sweep(stale.case, new Date("2026-10-20T00:00:00Z"))).toBeUndefined();
    // Placed on a meeting's agenda, it stays there: no second step on later sweeps.
    const placed = decide(
      stale.case,
      "place-on-agenda",
      { meetingId: "01MEETING00000000000000000" },
      ctx(systemActor("agenda"), new Date("2026-10-14T02:00:00Z")),
    ).case;
    expect(placed.agendaPending).toBeUndefined();
    expect(sweep(placed, new Date("2026-10-30T00:00:00Z"))).toBeUndefined();
    expect(nextActionAt(placed, policy)).toBeUndefined();
  });
});

describe("thresholds are configuration", () => {
  it("takes a jurisdiction's own warning and ladder thresholds", async () => {
    const { escalationFor } = await import("../../shared/app/deps.js");
    const strict = escalationFor({
      timeZone: "Asia/Shanghai",
      clocks: {},
      restDayRollsForward: true,
      escalation: { listedSupervisionAfterDays: 3, warnDaysLeft: 10, warnFraction: 0.99 },
    });
    const c = acceptedWithLeader();
    const handle = c.clocks.find((k) => k.name === "handle")!;
    const due = Date.parse(handle.dueAt);
    expect(nextActionAt(c, policy, strict)).toBe(new Date(due - 10 * DAY_MS).toISOString());
    const l1 = sweepCase(c, { now: new Date(due + 1), policy, newId: () => "01X" }, strict)!;
    const l2 = sweepCase(
      l1.case,
      { now: new Date(due + 3 * DAY_MS + 1), policy, newId: () => "01Y" },
      strict,
    )!;
    expect(l2.events.map((e) => e.type)).toEqual(["listed_supervision"]);
  });
});
