// The bureau's figures over a handful of cases walked through the domain: the on-time
// rates count decided clocks only (running-but-past-due ones as overdue), satisfaction
// counts rated replies only, and the deadline watch's steps are read from the events.
import { describe, expect, it } from "vitest";
import { systemActor } from "../../shared/domain/decide.js";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import {
  countCases,
  countReplacedOverdue,
  isOverdue,
  onTimeRate,
  rateSatisfaction,
  repeatedLadderSteps,
  tallyAgencies,
  tallyClocks,
  tallyEscalations,
  type CaseHistory,
} from "../../shared/domain/stats.js";
import { sweepCase } from "../../shared/domain/sweep.js";
import { DAY_MS as DAY } from "../../shared/durations.js";
import { at, ctx, policy, reference, registered, walk } from "../support/domain.js";
import { T0, hrssHandler, hrssHead, intake } from "../support/factories.js";

type Rating = "satisfied" | "basically_satisfied" | "unsatisfied";

const dueOf = (c: Case, name: string) => Date.parse(c.clocks.find((k) => k.name === name)!.dueAt);

/** Routed to hrss at T0, acknowledged on day 1, replied on day 10, rated on day 11 if a rating is given. */
function answered(rating?: Rating): CaseHistory {
  const r = registered();
  const steps: Parameters<typeof walk>[1] = [
    ["route", { kind: "transfer" }, intake, T0],
    ["acknowledge", {}, hrssHandler, at(1)],
    ["reply", { summary: "Answered", text: "The agency answers in writing." }, hrssHead, at(10)],
  ];
  if (rating) steps.push(["rate", { rating }, intake, at(11)]);
  const { c, events } = walk(r.case, steps);
  return { case: c, events: [...r.events, ...events] };
}

/** Routed to hrss at T0 and acknowledged a day after the acknowledge clock fell due. */
function acknowledgedLate(): CaseHistory {
  const r = registered();
  const routed = walk(r.case, [["route", { kind: "transfer" }, intake, T0]]);
  const late = new Date(dueOf(routed.c, "acknowledge") + DAY);
  const acked = walk(routed.c, [["acknowledge", {}, hrssHandler, late]]);
  return { case: acked.c, events: [...r.events, ...routed.events, ...acked.events] };
}

/** Routed to hrss at T0 and never acknowledged; no sweep has marked its clock yet. */
function unacknowledged(): CaseHistory {
  const r = registered();
  const routed = walk(r.case, [["route", { kind: "transfer" }, intake, T0]]);
  return { case: routed.c, events: [...r.events, ...routed.events] };
}

/** Routed to hrss at T0, never acknowledged; the sweep takes every ladder step up to L3. */
function neglected(): CaseHistory {
  const start = unacknowledged();
  let c = start.case;
  const events: CaseEvent[] = [...start.events];
  const due = dueOf(c, "acknowledge");
  for (const when of [due - DAY, due + 1, due + 7 * DAY + 1, due + 15 * DAY + 1]) {
    const swept = sweepCase(c, {
      now: new Date(when),
      policy,
      reference,
      newId: ctx(systemActor("sweeper")).newId,
    });
    if (!swept) continue;
    c = swept.case;
    events.push(...swept.events);
  }
  return { case: c, events };
}

/** Routed to natres the day before `now`: its acknowledge clock runs, not yet due. */
function fresh(now: Date): CaseHistory {
  const r = registered({}, undefined, new Date(now.getTime() - DAY));
  const { c, events } = walk(r.case, [
    ["route", { kind: "transfer", to: "natres" }, intake, new Date(now.getTime() - DAY)],
  ]);
  return { case: c, events: [...r.events, ...events] };
}

const NOW = at(60);

describe("clock tallies and the on-time rates", () => {
  it("counts met and overdue clocks for the rate, running ones within their period for neither", () => {
    const cases = [answered(), acknowledgedLate(), unacknowledged(), fresh(NOW)].map((h) => h.case);

    const clocks = tallyClocks(cases, NOW);

    expect(clocks.acknowledge).toEqual({ met: 1, overdue: 2, running: 1 });
    expect(onTimeRate(clocks.acknowledge)).toBeCloseTo(1 / 3);
    expect(clocks.handle).toEqual({ met: 1, overdue: 0, running: 1 });
    expect(onTimeRate(clocks.handle)).toBe(1);
  });

  it("counts a clock past due as overdue whether it still runs or was stopped late", () => {
    const late = acknowledgedLate().case.clocks.find((k) => k.name === "acknowledge")!;
    const running = fresh(NOW).case.clocks.find((k) => k.name === "acknowledge")!;
    expect(late.state).toBe("overdue");
    expect(isOverdue(late, NOW)).toBe(true);
    expect(running.state).toBe("running");
    expect(isOverdue(running, NOW)).toBe(false);
    expect(isOverdue(running, new Date(Date.parse(running.dueAt) + 1))).toBe(true);
  });

  it("keeps a clock that a re-routing replaced in the tally", () => {
    const c = neglected().case;
    const missed = c.clocks.find((k) => k.name === "acknowledge")!;
    const rerouted: Case = {
      ...c,
      pastClocks: [missed],
      clocks: [
        {
          ...missed,
          startedAt: at(50).toISOString(),
          dueAt: at(55).toISOString(),
          state: "met",
          stoppedAt: at(51).toISOString(),
          level: 0,
        },
      ],
    };

    expect(tallyClocks([rerouted], NOW).acknowledge).toEqual({ met: 1, overdue: 1, running: 0 });
  });

  it("has no rate when no clock is decided yet", () => {
    expect(onTimeRate(undefined)).toBeUndefined();
    expect(onTimeRate({ met: 0, overdue: 0, running: 4 })).toBeUndefined();
  });
});

describe("satisfaction and case counts", () => {
  it("rates satisfied and basically satisfied among the rated replies only", () => {
    const cases = [
      answered("satisfied"),
      answered("basically_satisfied"),
      answered("unsatisfied"),
      answered(),
    ].map((h) => h.case);

    const s = rateSatisfaction(cases);

    expect(s).toMatchObject({ rated: 3, satisfied: 1, basically: 1, unsatisfied: 1 });
    expect(s.rate).toBeCloseTo(2 / 3);
    expect(rateSatisfaction([answered().case]).rate).toBeUndefined();
  });

  it("counts cases by status, category and channel", () => {
    const cases = [answered(), acknowledgedLate(), fresh(NOW)].map((h) => h.case);

    const counts = countCases(cases);

    expect(counts).toMatchObject({
      total: 3,
      byStatus: { replied: 1, accepted: 1, transferred: 1 },
      byCategory: { "labor-social-security": 3 },
      byChannel: { visit: 3 },
      collective: 3,
      declined: 0,
      final: 0,
    });
  });
});

describe("the deadline watch from the audit trails", () => {
  it("tallies each ladder step and the cases that reached it", () => {
    const histories = [answered(), acknowledgedLate(), neglected()];

    const t = tallyEscalations(histories);

    expect(t).toMatchObject({
      dueSoon: 1,
      l1: 1,
      l2: 1,
      l3: 1,
      l3Disputes: 0,
      casesWarned: 1,
      casesL1: 1,
      casesL2: 1,
      casesL3: 1,
      repeatedSteps: 0,
      casesWithRepeatedSteps: 0,
    });
    expect(t.l1ByClock).toEqual({ acknowledge: 1 });
  });

  it("finds a step recorded twice for the same clock, unless a new lead restarted the ladder between", () => {
    const { events } = neglected();
    const warning = events.find((e) => e.type === "due_soon")!;
    const transferred = events.find((e) => e.type === "transferred")!;

    expect(repeatedLadderSteps([...events, warning])).toBe(1);
    expect(repeatedLadderSteps([...events, transferred, warning])).toBe(0);
    expect(tallyEscalations([{ case: neglected().case, events: [...events, warning] }])).toMatchObject({
      repeatedSteps: 1,
      casesWithRepeatedSteps: 1,
    });
  });

  it("counts an overdue clock restarted without being kept among the past clocks", () => {
    const { case: c, events } = neglected();
    const restarted = {
      ...c,
      clocks: c.clocks.map((k) => (k.name === "acknowledge" ? { ...k, startedAt: NOW.toISOString() } : k)),
    };
    const kept = { ...restarted, pastClocks: c.clocks.filter((k) => k.name === "acknowledge") };

    expect(countReplacedOverdue([{ case: c, events }])).toEqual({});
    expect(countReplacedOverdue([{ case: restarted, events }])).toEqual({ acknowledge: 1 });
    expect(countReplacedOverdue([{ case: kept, events }])).toEqual({});
  });
});

describe("a row per agency", () => {
  it("counts the cases an agency leads, the clocks it owns, and its escalated cases", () => {
    const histories = [answered(), acknowledgedLate(), neglected(), fresh(NOW)];

    const rows = tallyAgencies(histories, NOW);

    expect(rows).toEqual([
      { agency: "hrss", cases: 3, ackMet: 1, ackOverdue: 2, handleMet: 1, handleOverdue: 0, escalated: 1 },
      { agency: "natres", cases: 1, ackMet: 0, ackOverdue: 0, handleMet: 0, handleOverdue: 0, escalated: 0 },
    ]);
  });
});
