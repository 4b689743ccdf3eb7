// `npm run demo`'s core on the embedded stack, at a small size: a quarter of Demo County
// played through the API with the clock moved a day at a time. The bearing-factory case is
// answered in time and rated, the deadline watch escalates the neglected cases to L1 and
// L3, a joint meeting decides its agenda, and every case is accounted for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchClient } from "../../infra/local/demo/client.js";
import { playQuarter } from "../../infra/local/demo/quarter.js";
import type { QuarterSummary } from "../../infra/local/demo/summary.js";
import { testStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
let summary: QuarterSummary;

beforeAll(async () => {
  stack = await testStack();
  const client = fetchClient(async (path, init) => stack.app.request(path, init));
  summary = await playQuarter(client, { cases: 25, seed: 7 });
}, 600_000);
afterAll(async () => {
  await stack.stop();
});

describe("the demo quarter", () => {
  it("answers the bearing-factory case within its handling period, and the workers rate it", () => {
    const b = summary.bearing!;
    expect(b).toMatchObject({
      headcount: 32,
      collective: true,
      leadAgency: "hrss",
      cohandlers: ["sasac"],
      leader: "leader@gov",
      rating: "satisfied",
    });
    expect(b.handleMet).toBe(true);
    expect(b.repliedOnTime).toBe(true);
    expect(b.clocks.find((k) => k.name === "handle")!.pausedMs).toBeGreaterThan(0);
    const types = b.timeline.map((t) => t.type);
    for (const step of [
      "registered",
      "route_requested",
      "transferred",
      "leader_assigned",
      "instructed",
      "acknowledged",
      "clock_paused",
      "hearing_held",
      "clock_resumed",
      "replied",
      "rated",
    ]) {
      expect(types).toContain(step);
    }
    expect(types.indexOf("replied")).toBeGreaterThan(types.indexOf("clock_resumed"));
    expect(b.petitioner).toBe("王**"); // masked in the report
  });

  it("escalates neglected cases to L1 and L3, and a joint meeting decides its agenda", () => {
    expect(summary.escalations.casesL1).toBeGreaterThan(0);
    expect(summary.escalations.casesL3).toBeGreaterThan(0);
    expect(summary.escalations.dueSoon).toBeGreaterThan(0);
    expect(summary.escalations.placedOnAgenda).toBeGreaterThan(0);
    const decided = summary.meetings.flatMap((m) => m.agenda.filter((i) => i.decided));
    expect(decided.length).toBeGreaterThan(0);
    expect(summary.escalations.meetingDecisions).toBe(decided.length);
    expect(summary.meetings.every((m) => m.status === "closed")).toBe(true);
    expect(summary.meetings.flatMap((m) => m.sanctions).map((s) => s.kind)).toContain("summons");
    expect(summary.lastMinutes).toMatch(/^# .*joint meeting/m);
    expect(summary.lastMinutes).toContain("**Decision**");
  });

  it("accounts for every case it registered, with rates from GET /v1/stats and sound audit chains", () => {
    expect(summary.registered).toBe(26);
    expect(summary.cases.total).toBe(26);
    expect(Object.values(summary.cases.byStatus).reduce((a, b) => a + b, 0)).toBe(26);
    expect(summary.clocks.acknowledge!.overdue).toBeGreaterThan(0);
    expect(summary.onTimeAcknowledgeRate).toBeGreaterThan(0.5);
    expect(summary.onTimeAcknowledgeRate).toBeLessThan(1);
    expect(summary.onTimeConclusionRate).toBeGreaterThan(0.5);
    // The rates and the assessment are GET /v1/stats's: its counters saw every case registered.
    expect(summary.statsTotals?.received).toBe(26);
    expect(summary.byAgency.reduce((n, a) => n + a.received, 0)).toBeLessThanOrEqual(26);
    expect(summary.byAgency.find((a) => a.key.agency === "hrss")?.received).toBeGreaterThan(0);
    expect(summary.byAgency.reduce((n, a) => n + a.escalatedL1, 0)).toBe(summary.escalations.l1);
    expect(summary.chains).toEqual({ verified: 26, valid: 26 });
    expect(summary.problems).toEqual([]);
  });

  // The escalation ladder: each step once, a dispute on an agenda included.
  it("records each warning and ladder step once per clock", () => {
    expect(summary.escalations.repeatedSteps).toBe(0);
  });
});
