// What a case counts (stats-facts.ts): facts in the month they happened under the agency they
// concern, the backlog only for a handling clock still in force on an open case, and the
// difference between two states as the counters should move.
import { describe, expect, it } from "vitest";
import type { Case, CaseClock } from "../../shared/domain/model.js";
import {
  caseContribution,
  cellId,
  contributionDelta,
  dayKey,
  NOW_MONTH,
  type Contribution,
} from "../../shared/domain/stats-facts.js";
import { hrssHandler } from "../support/people.js";
import { at, registered, walk } from "../support/domain.js";

const TZ = "Asia/Shanghai";

/** Every counter of one kind, summed over months and cells. */
function total(c: Contribution, counter: string, month?: string): number {
  let n = 0;
  for (const [m, cells] of Object.entries(c))
    if (month === undefined || m === month)
      for (const counters of Object.values(cells)) n += (counters as Record<string, number>)[counter] ?? 0;
  return n;
}

const intakeRoute = (c: Case) =>
  walk(c, [
    ["route", { kind: "transfer" }, { sub: "intake@bureau", agency: "bureau", roles: ["intake"] }, at(1)],
  ]).c;

describe("caseContribution", () => {
  it("counts a registered case as received in its month and day, held by the bureau until routed, and open now", () => {
    const c = registered({ headcount: 6 }).case;
    const counted = caseContribution(c, TZ);
    const cell = cellId({ agency: "bureau", category: c.category, region: c.region, channel: c.channel });

    expect(counted["2026-09"]?.[cell]).toEqual({ received: 1, collective: 1 });
    expect(counted[dayKey("2026-09-30")]?.[cell]).toEqual({ received: 1 });
    expect(counted[NOW_MONTH]?.[cell]).toEqual({ open: 1 });
  });

  it("moves the received count to the lead once routed, and counts the acknowledgement under its owner", () => {
    const routed = intakeRoute(registered().case);
    const acknowledged = walk(routed, [["acknowledge", {}, hrssHandler, at(3)]]).c;
    const counted = caseContribution(acknowledged, TZ);
    const hrss = cellId({
      agency: "hrss",
      category: routed.category,
      region: routed.region,
      channel: routed.channel,
    });

    expect(counted["2026-09"]?.[hrss]?.received).toBe(1);
    expect(counted["2026-10"]?.[hrss]).toMatchObject({ acknowledgedOnTime: 1, accepted: 1 });
    expect(total(counted, "received")).toBe(2); // the month and the day
  });

  it("counts backlog only for a handling clock still in force, past due and not stopped, on an open case", () => {
    const acknowledged = walk(intakeRoute(registered().case), [["acknowledge", {}, hrssHandler, at(3)]]).c;
    const handle = acknowledged.clocks.find((k) => k.name === "handle")!;
    const overdue: CaseClock = { ...handle, state: "overdue", level: 1 };

    const inForce = { ...acknowledged, clocks: acknowledged.clocks.map((k) => (k === handle ? overdue : k)) };
    expect(total(caseContribution(inForce, TZ), "backlog")).toBe(1);

    const replaced: Case = {
      ...acknowledged,
      pastClocks: [overdue],
      clocks: acknowledged.clocks.map((k) =>
        k === handle ? { ...handle, startedAt: at(40).toISOString() } : k,
      ),
    };
    expect(total(caseContribution(replaced, TZ), "backlog")).toBe(0);

    const closed: Case = { ...inForce, status: "closed" };
    expect(total(caseContribution(closed, TZ), "backlog")).toBe(0);
    expect(total(caseContribution(closed, TZ), "open")).toBe(0);
  });

  it("counts each objection and each ladder step, under the agency it concerned", () => {
    const c: Case = {
      ...intakeRoute(registered().case),
      objections: [
        { by: "hrss", at: at(2).toISOString() },
        { by: "natres", at: at(20).toISOString() },
      ],
      escalations: [
        { level: 1, owner: "hrss", at: at(16).toISOString() },
        { level: 2, owner: "hrss", at: at(23).toISOString() },
      ],
    };
    const counted = caseContribution(c, TZ);
    expect(total(counted, "disputes")).toBe(2);
    expect(total(counted, "escalatedL1")).toBe(1);
    expect(total(counted, "escalatedL2")).toBe(1);
    expect(total(counted, "escalatedL3")).toBe(0);
  });
});

describe("contributionDelta", () => {
  it("is what moves the counters from one state to the next, zeros left out", () => {
    const before = caseContribution(registered().case, TZ);
    const after = caseContribution(intakeRoute(registered().case), TZ);
    const delta = contributionDelta(before, after);

    expect(total(delta, "received")).toBe(0); // moved from the bureau to the lead, not added
    expect(contributionDelta(after, after)).toEqual({});
    expect(contributionDelta({}, after)).toEqual(after);
  });
});
