// The rights table as data: its command rows come from the lifecycle table, the auditor
// is read-only, scopes bind grants to the bureau or to the agency a route names, and
// masking never gives a whole field away.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../shared/errors.js";
import { ReferenceCache } from "../../shared/app/reference-cache.js";
import { ControlledClock } from "../../shared/clock.js";
import { decide, rolesAllowedAnywhere, systemActor } from "../../shared/domain/decide.js";
import { COMMAND_NAMES, machine } from "../../shared/domain/lifecycle.js";
import { ROLES, type Case, type Handoff } from "../../shared/domain/model.js";
import {
  authorize,
  canSeeCase,
  commandAction,
  maskPetitioner,
  permits,
  rights,
  mayRevealIdentity,
} from "../../shared/domain/rights.js";
import { actionOf, routeActions } from "../../shared/http/guard.js";
import { ctx, reference, registered } from "../support/domain.js";
import { who } from "../support/factories.js";

describe("the rights table", () => {
  it("takes every command's roles from the lifecycle table, and nothing more", () => {
    for (const command of COMMAND_NAMES) {
      const granted = new Set(rights.get(commandAction(command))!.grants.map((g) => g.role));
      expect(granted, command).toEqual(rolesAllowedAnywhere(command));
    }
    // Commands only the platform issues (router, sweeper) are granted to no role.
    expect(rights.get(commandAction("apply-handoff"))!.grants).toEqual([]);
    expect(rights.get(commandAction("close"))!.grants).toEqual([]);
  });

  it("binds commands the lifecycle gives only to the bureau to callers in the bureau", () => {
    expect(permits(who("bureau", "intake"), commandAction("route"))).toBe(true);
    expect(permits(who("natres", "intake"), commandAction("route"))).toBe(false);
    expect(permits(who("natres", "coordinator"), commandAction("supervise"))).toBe(false);
    // The lead agency's commands are granted by role; the party is checked on the case.
    expect(permits(who("natres", "handler"), commandAction("acknowledge"))).toBe(true);
  });

  it("makes the auditor read-only: no command, no registration, no write route, and no paper that names the petitioner", () => {
    const auditors = [who("bureau", "auditor"), who("hrss", "auditor")];
    // Identity is need to know: a notice's PDF and a case's files name the petitioner (docs/access.md).
    const naming = new Set(["cases.noticePdf", "cases.attachments.read"]);
    for (const [route, action] of Object.entries(routeActions)) {
      const [method] = route.split(" ");
      for (const a of auditors)
        expect(permits(a, action, { pathAgency: a.agency }), `${route} for ${a.agency} auditor`).toBe(
          method === "GET" && !naming.has(action),
        );
    }
  });

  it("lets an agency head set only its own agency's webhook; the bureau coordinator any", () => {
    const head = who("hrss", "agency_head");
    expect(permits(head, "agencies.webhook", { pathAgency: "hrss" })).toBe(true);
    expect(permits(head, "agencies.webhook", { pathAgency: "natres" })).toBe(false);
    expect(permits(head, "agencies.webhook")).toBe(false);
    expect(permits(who("bureau", "coordinator"), "agencies.webhook", { pathAgency: "natres" })).toBe(true);
    expect(permits(who("hrss", "coordinator"), "agencies.webhook", { pathAgency: "natres" })).toBe(false);
  });

  it("lets everyone who may list cases keep their own saved views", () => {
    for (const agency of ["bureau", "hrss"])
      for (const role of ROLES)
        expect(permits(who(agency, role), "views.keep"), `${role}@${agency}`).toBe(
          permits(who(agency, role), "cases.list"),
        );
    expect(rights.get("views.keep")?.why).toMatch(/no identity/);
  });

  it("refuses an action it has no row for, whoever asks", () => {
    for (const role of ROLES) expect(permits(who("bureau", role), "GET /v1/secret")).toBe(false);
    expect(() => authorize(who("bureau", ...ROLES), "GET /v1/secret")).toThrow(ForbiddenError);
    expect(() => authorize(who("bureau", "auditor"), "cases.register")).toThrow(/auditor/);
  });

  it("finds a route's action however its parameters are spelled", () => {
    expect(actionOf("GET", "/v1/cases/:id")).toBe("cases.read");
    expect(actionOf("get", "/v1/meetings/{meetingId}/minutes")).toBe("meetings.minutes");
    expect(actionOf("POST", "/v1/cases/{caseId}/flag-joint-handling")).toBe("command:flag-joint-handling");
    expect(actionOf("DELETE", "/v1/cases/{id}")).toBeUndefined();
  });

  it("has a row for every action the routes name, with a reason", () => {
    for (const action of Object.values(routeActions)) expect(rights.get(action)?.why, action).toMatch(/\w/);
    expect(Object.keys(machine.accepted).every((c) => rights.has(commandAction(c as never)))).toBe(true);
  });
});

describe("who sees a case and its petitioner", () => {
  function handedToHrss(overrides: Record<string, unknown> = {}): Case {
    const r = registered(overrides);
    const routed = decide(r.case, "route", { kind: "transfer" }, ctx(who("bureau", "intake")));
    return decide(
      routed.case,
      "apply-handoff",
      routed.outbox[0]!.body as unknown as Handoff,
      ctx(systemActor("router")),
    ).case;
  }

  it("hides the case from its respondent agency, even when that agency is the bureau", () => {
    const c = handedToHrss({ respondent: { agency: "housing", official: "Director Zhang" } });
    expect(canSeeCase(c, who("housing", "agency_head"))).toBe(false);
    expect(mayRevealIdentity(c, who("housing", "agency_head"))).toBe(false);
    const againstBureau = { ...c, respondent: { agency: "bureau" } };
    expect(canSeeCase(againstBureau, who("bureau", "coordinator"))).toBe(false);
    expect(mayRevealIdentity(againstBureau, who("bureau", "coordinator"))).toBe(false);
  });

  it("reveals identities to those who work the case — not by rank: no auditor, leader or meeting member anywhere", () => {
    const c: Case = {
      ...handedToHrss(),
      cohandlers: ["sasac"],
      involved: ["bureau", "hrss", "sasac", "gov"],
      reviewer: "gov",
      leader: "leader-li",
    };
    for (const role of ["intake", "coordinator"] as const)
      expect(mayRevealIdentity(c, who("bureau", role)), role).toBe(true);
    for (const role of ["auditor", "leader", "meeting_member", "handler", "agency_head"] as const)
      expect(mayRevealIdentity(c, who("bureau", role)), `${role}@bureau`).toBe(false);
    for (const agency of ["hrss", "sasac"]) {
      for (const role of ["handler", "agency_head"] as const)
        expect(mayRevealIdentity(c, who(agency, role)), `${role}@${agency}`).toBe(true);
      for (const role of ["auditor", "leader", "meeting_member", "intake", "coordinator"] as const)
        expect(mayRevealIdentity(c, who(agency, role)), `${role}@${agency}`).toBe(false);
    }
    // Rank is no key: an auditor with every other non-casework role still sees masked.
    expect(
      mayRevealIdentity(c, { sub: "a", agency: "bureau", roles: ["auditor", "leader", "meeting_member"] }),
    ).toBe(false);
    // gov reviews only while a review is requested; before and after it sees the case masked.
    expect(mayRevealIdentity(c, who("gov", "handler"))).toBe(false);
    expect(mayRevealIdentity({ ...c, status: "review_requested" }, who("gov", "handler"))).toBe(true);
    expect(canSeeCase(c, who("gov", "handler"))).toBe(true);
    // The owning leader sees the case, not the identity.
    const leader = { sub: "leader-li", agency: "city-gov", roles: ["leader"] as const };
    expect(canSeeCase(c, leader)).toBe(true);
    expect(mayRevealIdentity(c, leader)).toBe(false);
    expect(canSeeCase(c, { ...leader, roles: ["handler"] })).toBe(false);
  });
});

describe("a case never goes to the agency it complains about (Art. 30)", () => {
  const bureau = who("bureau", "coordinator");
  const attempt = (respondent: string, command: Parameters<typeof decide>[1], input: unknown, c?: Case) => {
    const kase = c ?? registered({ respondent: { agency: respondent } }).case;
    return () => decide(kase, command, input as never, ctx(bureau));
  };

  it("by a routing rule, an explicit `to`, or as a co-handler", () => {
    expect(attempt("hrss", "route", { kind: "transfer" })).toThrow(/complains about "hrss"/);
    expect(attempt("natres", "route", { kind: "assign", to: "natres" })).toThrow(/complains about "natres"/);
    expect(attempt("sasac", "route", { kind: "transfer", cohandlers: ["sasac"] })).toThrow(
      /complains about "sasac"/,
    );
  });

  it("nor for review: when the lead's superior is the respondent, the review is refused and left to the bureau", () => {
    const r = registered({ respondent: { agency: "gov" } });
    const routed = decide(r.case, "route", { kind: "transfer" }, ctx(bureau));
    let c = decide(
      routed.case,
      "apply-handoff",
      routed.outbox[0]!.body as unknown as Handoff,
      ctx(systemActor("router")),
    ).case;
    c = decide(c, "acknowledge", {}, ctx(who("hrss", "handler"))).case;
    c = decide(c, "reply", { summary: "Paid", text: "Paid." }, ctx(who("hrss", "handler"))).case;
    expect(() => decide(c, "request-review", { reason: "wrong" }, ctx(who("bureau", "intake")))).toThrow(
      /complains about; the bureau must arrange it/,
    );
  });
});

describe("masking", () => {
  it("keeps the conventional shapes", () => {
    expect(
      maskPetitioner({
        name: "王建国",
        idNumber: "410102197001011234",
        phone: "13800001234",
        address: "示例县城关镇幸福路1号",
      }),
    ).toEqual({ name: "王**", idNumber: "4101**********1234", phone: "138****1234", address: "示例县***" });
    expect(maskPetitioner({ name: "张三" }).name).toBe("张*");
  });

  it("never shows a whole value, however short", () => {
    expect(maskPetitioner({ name: "张" }).name).toBe("*");
    expect(maskPetitioner({ name: "x", phone: "12345" }).phone).toBe("1****");
    expect(maskPetitioner({ name: "x", address: "幸福路" }).address).toBe("幸***");
    expect(maskPetitioner({ name: "x", address: "路" }).address).toBe("***");
  });

  it("property: a masked field never shows all of a value, nor more than the kept characters", () => {
    const value = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
      .filter((v) => !v.includes("*"));
    fc.assert(
      fc.property(value, value, value, value, (name, idNumber, phone, address) => {
        const m = maskPetitioner({ name, idNumber, phone, address });
        const shown = (s: string) => [...s].filter((ch) => ch !== "*").length;
        for (const [field, original, kept] of [
          ["name", name, 1],
          ["idNumber", idNumber, 8],
          ["phone", phone, 7],
          ["address", address, 3],
        ] as const) {
          const masked = m[field]!;
          expect(masked).not.toBe(original);
          expect(shown(masked)).toBeLessThanOrEqual(kept);
          expect(shown(masked)).toBeLessThan([...original].length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("the reference cache", () => {
  it("reads the reference once per minute of the injected clock, again when the clock moves back", async () => {
    let reads = 0;
    const store = {
      getReference: async () => {
        reads++;
        return reference;
      },
    };
    const clock = new ControlledClock(0, { now: () => new Date("2026-09-30T02:00:00Z") });
    const cache = new ReferenceCache(store, clock);
    expect(await cache.hasAgency("hrss")).toBe(true);
    expect(await cache.hasAgency("mars")).toBe(false);
    expect(reads).toBe(1);
    clock.advance(59_000);
    await cache.get();
    expect(reads).toBe(1);
    clock.advance(1_000);
    await cache.get();
    expect(reads).toBe(2);
    clock.advance(-5_000);
    await cache.get();
    expect(reads).toBe(3);
  });

  it("does not keep a failed read", async () => {
    let fail = true;
    const store = {
      getReference: async () => {
        if (fail) throw new Error("throttled");
        return reference;
      },
    };
    const cache = new ReferenceCache(store, new ControlledClock());
    await expect(cache.get()).rejects.toThrow("throttled");
    fail = false;
    expect(await cache.hasAgency("bureau")).toBe(true);
  });
});
