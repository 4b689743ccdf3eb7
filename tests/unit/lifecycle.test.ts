import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, RuleViolationError } from "../../shared/errors.js";
import { calendarYears } from "../../shared/app/deps.js";
import { canSeeCase, mayRevealIdentity } from "../../shared/domain/rights.js";
import { verifyChain } from "../../shared/domain/audit.js";
import { buildCalendar } from "../../shared/domain/calendar.js";
import { defaultClockRules } from "../../shared/domain/deadlines.js";
import {
  demoAgencies,
  demoCategories,
  demoRegions,
  demoRoutingRules,
} from "../../shared/domain/demo-county.js";
import {
  availableCommands,
  decide,
  systemActor,
  type DecideContext,
  type Decision,
} from "../../shared/domain/decide.js";
import { machine } from "../../shared/domain/lifecycle.js";
import { registerCase } from "../../shared/domain/registration.js";
import type { Case, Handoff } from "../../shared/domain/model.js";
import { nextActionAt, sweepCase } from "../../shared/domain/sweep.js";
import { DAY_MS } from "../../shared/durations.js";
import {
  T0,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  natresHandler,
  registration,
  who,
  auditor,
} from "../support/factories.js";

const reference = {
  agencies: new Map(demoAgencies.map((a) => [a.id, a])),
  categories: new Map(demoCategories.map((c) => [c.id, c])),
  regions: new Set(demoRegions),
  rules: demoRoutingRules,
};
const policy = {
  calendar: buildCalendar("Asia/Shanghai", calendarYears),
  clocks: defaultClockRules,
  restDayRollsForward: true,
};
let seq = 0;
const ctx = (actor: DecideContext["actor"], now = T0): DecideContext => ({
  actor,
  now,
  policy,
  reference,
  newId: () => `ID${String(seq++).padStart(24, "0")}`,
});
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

function registered(overrides: Record<string, unknown> = {}): Decision {
  return registerCase(registration(overrides) as Parameters<typeof registerCase>[0], ctx(intake));
}

function handedOver(kind: "transfer" | "assign" = "transfer"): { c: Case; events: Decision["events"] } {
  const r = registered();
  const routed = decide(r.case, "route", { kind }, ctx(intake));
  const handoff = routed.outbox[0]!.body as unknown as Handoff;
  const applied = decide(routed.case, "apply-handoff", handoff, ctx(systemActor("router"), at(1)));
  return { c: applied.case, events: [...r.events, ...routed.events, ...applied.events] };
}

describe("registering a petition", () => {
  it("starts the route clock at receipt and marks 5 or more people collective", () => {
    const { case: c, events } = registered();
    expect(c.status).toBe("registered");
    expect(c.collective).toBe(true);
    expect(c.clocks).toEqual([
      expect.objectContaining({
        name: "route",
        state: "running",
        owner: "bureau",
        dueAt: "2026-10-15T15:59:59.999Z",
      }),
    ]);
    expect(events.map((e) => e.type)).toEqual(["registered"]);
    expect(registered({ headcount: 4 }).case.collective).toBe(false);
  });

  it("keeps petitioner identity out of the audit trail", () => {
    const { events } = registered();
    const text = JSON.stringify(events);
    for (const pii of ["王建国", "410102197001011234", "13800001234", "幸福路"])
      expect(text).not.toContain(pii);
  });

  it("is for the bureau's intake and coordinators only", () => {
    expect(() => registerCase(registration() as never, ctx(hrssHandler))).toThrow(ForbiddenError);
    expect(() => registerCase(registration() as never, ctx(auditor))).toThrow(ForbiddenError);
    expect(() => registerCase(registration() as never, ctx(coordinator))).not.toThrow();
  });

  it("refuses unknown categories and future receipt", () => {
    expect(() => registered({ category: "astrology" })).toThrow(RuleViolationError);
    expect(() => registered({ receivedAt: "2026-10-30T00:00:00Z" })).toThrow(RuleViolationError);
  });
});

describe("routing and the handoff", () => {
  it("routes by category to the default lead and waits for the router", () => {
    const r = registered();
    const routed = decide(r.case, "route", { kind: "transfer" }, ctx(intake));
    expect(routed.case.status).toBe("routing");
    expect(routed.case.clocks[0]).toMatchObject({ name: "route", state: "met" });
    expect(routed.outbox).toEqual([
      expect.objectContaining({
        queue: "handoffs",
        caseId: r.case.id,
        body: expect.objectContaining({ to: "hrss", kind: "transfer" }),
      }),
    ]);
    expect(routed.case.leadAgency).toBeUndefined();
  });

  it("applies the handoff: lead set, transferred, acknowledge clock started, agencies notified", () => {
    const { c, events } = handedOver();
    expect(c.status).toBe("transferred");
    expect(c.leadAgency).toBe("hrss");
    expect(c.involved).toEqual(["bureau", "hrss"]);
    // Received Thu 10-01 (Shanghai): 15 calendar days end on Fri 10-16.
    expect(c.clocks.find((k) => k.name === "acknowledge")).toMatchObject({
      state: "running",
      owner: "hrss",
      dueAt: "2026-10-16T15:59:59.999Z",
    });
    expect(events.at(-1)).toMatchObject({ type: "transferred", actor: "system:router", role: "system" });
  });

  it("starts a report-back clock on assignment", () => {
    const { c } = handedOver("assign");
    expect(c.status).toBe("assigned");
    expect(c.clocks.find((k) => k.name === "report_back")).toMatchObject({ state: "running", length: 60 });
  });

  it("applies a handoff only once", () => {
    const r = registered();
    const routed = decide(r.case, "route", { kind: "transfer" }, ctx(intake));
    const handoff = routed.outbox[0]!.body as unknown as Handoff;
    const applied = decide(routed.case, "apply-handoff", handoff, ctx(systemActor("router")));
    expect(() => decide(applied.case, "apply-handoff", handoff, ctx(systemActor("router")))).toThrow(
      ConflictError,
    );
  });

  it("never routes a case to the agency it complains about", () => {
    const r = registered({ respondent: { agency: "hrss" } });
    expect(() => decide(r.case, "route", { kind: "transfer" }, ctx(intake))).toThrow(/respondent|Art. 30/);
    expect(() =>
      decide(r.case, "route", { kind: "transfer", to: "natres", cohandlers: ["hrss"] }, ctx(intake)),
    ).toThrow(RuleViolationError);
    expect(decide(r.case, "route", { kind: "transfer", to: "natres" }, ctx(intake)).case.status).toBe(
      "routing",
    );
  });

  it("asks for an agency when no routing rule covers the category", () => {
    const r = registered({ category: "other" });
    expect(() => decide(r.case, "route", { kind: "transfer" }, ctx(intake))).toThrow(RuleViolationError);
    expect(() => decide(r.case, "route", { kind: "transfer", to: "bureau" }, ctx(intake))).toThrow(
      RuleViolationError,
    );
  });
});

describe("the state machine's answers", () => {
  it("409 for a command the status does not take, 403 for a role or party that may not", () => {
    const r = registered();
    expect(() => decide(r.case, "acknowledge", {}, ctx(hrssHandler))).toThrow(ConflictError);
    expect(() => decide(r.case, "route", { kind: "transfer" }, ctx(hrssHandler))).toThrow(ForbiddenError);
    expect(() => decide(r.case, "route", { kind: "transfer" }, ctx(auditor))).toThrow(ForbiddenError);
    const { c } = handedOver();
    expect(() => decide(c, "acknowledge", {}, ctx(natresHandler))).toThrow(ForbiddenError);
    expect(() => decide(c, "reply", { summary: "s", text: "t" }, ctx(hrssHandler))).toThrow(ConflictError);
    expect(() => decide(c, "close", {}, ctx(hrssHandler))).toThrow(ForbiddenError);
  });

  it("offers each caller the commands it may issue now", () => {
    const { c } = handedOver();
    expect(availableCommands(c, hrssHandler).sort()).toEqual([
      "acknowledge",
      "decline",
      "note",
      "object",
      "pause",
      "resume",
    ]);
    expect(availableCommands(c, natresHandler)).toEqual([]);
    expect(availableCommands(registered().case, intake).sort()).toEqual([
      "decline",
      "link-repeat",
      "note",
      "route",
    ]);
    expect(availableCommands(registered().case, coordinator)).toContain("assign-leader");
  });

  it("walks acknowledge → reply → close when the review window has passed", () => {
    const { c } = handedOver();
    const acked = decide(c, "acknowledge", {}, ctx(hrssHead, at(2)));
    expect(acked.case.status).toBe("accepted");
    expect(acked.case.clocks.find((k) => k.name === "handle")).toMatchObject({
      state: "running",
      length: 60,
    });
    const replied = decide(
      acked.case,
      "reply",
      { summary: "Paid", text: "Arrears paid in full." },
      ctx(hrssHandler, at(20)),
    );
    expect(replied.case.status).toBe("replied");
    const window = replied.case.clocks.find((k) => k.name === "review_window")!;
    expect(nextActionAt(replied.case, policy)).toBe(window.dueAt);
    expect(sweepCase(replied.case, { now: at(49), policy, reference, newId: () => "X" })).toBeUndefined();
    const swept = sweepCase(replied.case, { now: at(51), policy, reference, newId: () => "X" })!;
    expect(swept.case.status).toBe("closed");
    expect(swept.events.map((e) => e.type)).toEqual(["closed"]);
    expect(nextActionAt(swept.case, policy)).toBeUndefined();
    expect(sweepCase(swept.case, { now: at(60), policy, reference, newId: () => "X" })).toBeUndefined();
  });

  it("records a clock that runs past its due time as overdue, once, and it stays overdue when met late", () => {
    const { c } = handedOver();
    const due = new Date(c.clocks.find((k) => k.name === "acknowledge")!.dueAt);
    const swept = sweepCase(c, { now: new Date(due.getTime() + 1000), policy, reference, newId: () => "X" })!;
    expect(swept.case.clocks.find((k) => k.name === "acknowledge")).toMatchObject({
      state: "overdue",
      level: 1,
    });
    expect(swept.events.map((e) => [e.type, e.data.clock]).sort()).toEqual([
      ["escalated", "acknowledge"],
      ["window_lapsed", "object"],
    ]);
    expect(
      sweepCase(swept.case, { now: new Date(due.getTime() + 2000), policy, reference, newId: () => "X" }),
    ).toBeUndefined();
    const acked = decide(swept.case, "acknowledge", {}, ctx(hrssHandler, at(41)));
    expect(acked.case.clocks.find((k) => k.name === "acknowledge")!.state).toBe("overdue");
  });

  it("declines with reason and legal basis, stopping every clock", () => {
    const { c } = handedOver();
    const declined = decide(
      c,
      "decline",
      { reason: "Not a petition matter", basis: "信访工作条例 Art. 31" },
      ctx(hrssHandler),
    );
    expect(declined.case.status).toBe("closed");
    expect(declined.case.clocks.every((k) => k.state !== "running")).toBe(true);
    expect(declined.events[0]!.data).toMatchObject({ basis: "信访工作条例 Art. 31" });
  });
});

describe("the audit chain", () => {
  it("links every event to the one before and detects an edited event", () => {
    const { c, events } = handedOver();
    const acked = decide(c, "acknowledge", {}, ctx(hrssHandler));
    const all = [...events, ...acked.events];
    expect(verifyChain(all)).toEqual({ valid: true, events: all.length });
    const tampered = all.map((e) => (e.seq === 2 ? { ...e, data: { ...e.data, to: "natres" } } : e));
    expect(verifyChain(tampered)).toEqual({ valid: false, events: all.length, firstBadSeq: 2 });
    expect(verifyChain(all.filter((e) => e.seq !== 3))).toMatchObject({ valid: false, firstBadSeq: 4 });
  });
});

describe("visibility", () => {
  it("shows a case to the bureau and involved agencies, never to the respondent", () => {
    const { c } = handedOver();
    expect(canSeeCase(c, intake)).toBe(true);
    expect(canSeeCase(c, hrssHandler)).toBe(true);
    expect(canSeeCase(c, natresHandler)).toBe(false);
    expect(canSeeCase({ ...c, respondent: { agency: "bureau" } }, intake)).toBe(false);
    expect(mayRevealIdentity(c, hrssHandler)).toBe(true);
    expect(mayRevealIdentity(c, who("gov", "handler"))).toBe(false);
  });
});

describe("the table cites the regulation", () => {
  it("names on every rule row the article it follows, or says it has none", () => {
    const rows = Object.entries(machine).flatMap(([status, row]) =>
      Object.entries(row).map(([command, t]) => ({ status, command, article: t.article })),
    );
    expect(rows.filter((r) => !/^(Art\. \d+(, \d+)*|none)$/.test(r.article))).toEqual([]);
    // The rules that carry a deadline of the regulation cite it.
    expect(machine.transferred.object!.article).toBe("Art. 23");
    expect(machine.replied["request-review"]!.article).toBe("Art. 35");
    expect(machine.reviewed["request-re-review"]!.article).toBe("Art. 36");
  });
});
