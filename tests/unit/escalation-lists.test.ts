// Which of the bureau's oversight lists a case is on, derived from the case alone: the rung of
// the ladder with the clock that took it there, listed supervision, an unresolved dispute; and
// none of them once a meeting decides the case, the dispute is resolved or the case is finished.
import { describe, expect, it } from "vitest";
import { decide, systemActor } from "../../shared/domain/decide.js";
import { escalationEntries } from "../../shared/domain/escalation-lists.js";
import type { Case } from "../../shared/domain/model.js";
import { sweepCase } from "../../shared/domain/sweep.js";
import { DAY_MS } from "../../shared/durations.js";
import { ctx, policy, reference, registered, walk } from "../support/domain.js";
import { T0, coordinator, hrssHandler, intake } from "../support/factories.js";

const sweep = (c: Case, now: Date) =>
  sweepCase(c, { now, policy, reference, newId: ctx(systemActor("sweeper")).newId })!.case;
const lists = (c: Case) => escalationEntries(c).map((e) => [e.list, e.agency, e.clock ?? "", e.since]);

describe("a case's oversight lists", () => {
  const transferred = () => walk(registered().case, [["route", { kind: "transfer" }, intake, T0]]).c;

  it("follow the ladder rung by rung, naming the clock that escalated and its owner", () => {
    const c = transferred();
    expect(lists(c)).toEqual([]);
    const due = c.clocks.find((k) => k.name === "acknowledge")!.dueAt;
    const l1 = sweep(c, new Date(Date.parse(due) + 1));
    expect(lists(l1)).toEqual([["L1", "hrss", "acknowledge", due]]);
    const l2 = sweep(l1, new Date(Date.parse(due) + 7 * DAY_MS + 1));
    expect(lists(l2)).toEqual([
      ["L2", "hrss", "acknowledge", due],
      ["supervised", "hrss", "acknowledge", due],
    ]);
    const l3 = sweep(l2, new Date(Date.parse(due) + 15 * DAY_MS + 1));
    expect(lists(l3)).toEqual([
      ["L3", "hrss", "acknowledge", due],
      ["supervised", "hrss", "acknowledge", due],
    ]);
    // Acknowledged late, the case stays where the ladder put it: only a meeting resets it.
    const acknowledged = decide(
      l3,
      "acknowledge",
      {},
      ctx(hrssHandler, new Date(Date.parse(due) + 16 * DAY_MS)),
    ).case;
    expect(lists(acknowledged)).toEqual(lists(l3));
    const meetingId = "01MEETING00000000000000000";
    const placed = decide(acknowledged, "place-on-agenda", { meetingId }, ctx(systemActor("agenda"))).case;
    const decided = decide(
      placed,
      "meeting-decision",
      { meetingId, lead: "sasac", note: "sasac leads" },
      ctx(coordinator, new Date(Date.parse(due) + 20 * DAY_MS)),
    ).case;
    expect(lists(decided)).toEqual([]);
  });

  it("hold a dispute until the bureau resolves it, by the objecting agency since the objection", () => {
    const c = transferred();
    const objected = decide(c, "object", { reason: "Not ours" }, ctx(hrssHandler, T0)).case;
    expect(lists(objected)).toEqual([["dispute", "hrss", "", T0.toISOString()]]);
    // Left 5 working days, it goes to the meeting: L3 without a clock, and still a dispute.
    const stale = sweep(objected, new Date("2026-10-13T16:00:01Z"));
    expect(lists(stale)).toEqual([
      ["L3", "hrss", "", T0.toISOString()],
      ["dispute", "hrss", "", T0.toISOString()],
    ]);
    const resolved = decide(objected, "resolve-dispute", { to: "sasac" }, ctx(coordinator, T0)).case;
    expect(lists(resolved)).toEqual([]);
  });

  it("are none once the case is closed, whatever its rung", () => {
    const c = transferred();
    const due = c.clocks.find((k) => k.name === "acknowledge")!.dueAt;
    const l1 = sweep(c, new Date(Date.parse(due) + 1));
    expect(lists({ ...l1, status: "closed" })).toEqual([]);
    expect(lists({ ...l1, status: "final" })).toEqual([]);
  });
});
