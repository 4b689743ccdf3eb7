// The routing rules a coordinator may put in place (shared/domain/routing-rules.ts), their
// diff, the jurisdiction's trail they are recorded on, and routing under a changed rule:
// the respondent is still refused when each case is routed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH } from "../../shared/domain/audit.js";
import {
  EMPTY_TRAIL,
  sealJurisdictionEvent,
  verifyJurisdictionTrail,
  type JurisdictionEvent,
} from "../../shared/domain/jurisdiction-audit.js";
import { demoRoutingRules } from "../../shared/domain/demo-county.js";
import { resolveRoute, type RoutingRule } from "../../shared/domain/routing.js";
import {
  diffRoutingRules,
  sortRules,
  validateRoutingRules,
  type RuleIssue,
} from "../../shared/domain/routing-rules.js";
import { RuleViolationError } from "../../shared/errors.js";
import { coordinator } from "../support/factories.js";
import { reference, registered } from "../support/domain.js";

const ctx = { reference, current: demoRoutingRules };
const rules = (...extra: RoutingRule[]) => [...demoRoutingRules, ...extra];
const issuesOf = (rs: RoutingRule[]) => validateRoutingRules(rs, ctx).map((i) => `${i.path} ${i.rule}`);

describe("validateRoutingRules", () => {
  it("accepts the demo county's rules, a region's own rule, and a default for `other`", () => {
    expect(validateRoutingRules(demoRoutingRules, ctx)).toEqual([]);
    expect(
      issuesOf(
        rules(
          { category: "environment", region: "industrial-park", lead: "natres", cohandlers: ["ecoenv"] },
          { category: "other", region: "*", lead: "gov", cohandlers: [] },
        ),
      ),
    ).toEqual([]);
  });

  it("names each broken rule at its field", () => {
    const bad: RoutingRule[] = [
      { category: "astrology", region: "*", lead: "hrss", cohandlers: [] },
      { category: "health", region: "atlantis", lead: "health", cohandlers: [] },
      {
        category: "health",
        region: "chengguan",
        lead: "nobody",
        cohandlers: ["bureau", "health", "hrss", "hrss"],
      },
      { category: "health", region: "chengguan", lead: "health", cohandlers: [] },
      { category: "environment", region: "xiangshan", lead: "bureau", cohandlers: [] },
    ];

    expect(
      issuesOf(rules(...bad)).map((i) => i.replace(/^rules\.(\d+)/, (_, n) => `rules.${n - 7}`)),
    ).toEqual([
      "rules.0.category known-category",
      "rules.1.region known-region",
      "rules.2.lead known-agency",
      "rules.2.cohandlers.0 known-agency",
      "rules.2.cohandlers.3 cohandler-once",
      "rules.3 one-rule-per-category-and-region",
      "rules.4.lead known-agency",
    ]);
  });

  it("refuses a co-handler that also leads the rule", () => {
    expect(
      issuesOf(rules({ category: "health", region: "xiangshan", lead: "hrss", cohandlers: ["hrss"] })),
    ).toEqual(["rules.7.cohandlers.0 cohandler-not-lead"]);
  });

  it("keeps a default lead for every category that has one now, and not for `other`, which has none", () => {
    const withoutHealth = demoRoutingRules.filter((r) => r.category !== "health");
    const regional = [
      ...withoutHealth,
      { category: "health", region: "chengguan", lead: "health", cohandlers: [] },
    ];

    expect(issuesOf(withoutHealth)).toEqual(["rules default-lead-kept"]);
    expect(issuesOf(regional)).toEqual(["rules default-lead-kept"]);
    const withOther = rules({ category: "other", region: "*", lead: "gov", cohandlers: [] });
    expect(validateRoutingRules(demoRoutingRules, { reference, current: withOther })).toEqual([
      expect.objectContaining({ rule: "default-lead-kept", message: expect.stringContaining('"other"') }),
    ]);
  });

  it("never accepts a set that leaves a defaulted category without its '*' rule, nor names an unknown agency (property)", () => {
    const agencies = [...reference.agencies.keys(), "bureau", "nobody"];
    const rule = fc.record({
      category: fc.constantFrom(...reference.categories.keys()),
      region: fc.constantFrom("*", ...reference.regions, "atlantis"),
      lead: fc.constantFrom(...agencies),
      cohandlers: fc.array(fc.constantFrom(...agencies), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 20 }), (rs) => {
        const issues: RuleIssue[] = validateRoutingRules(rs, ctx);
        if (issues.length) return;
        const defaults = new Set(rs.filter((r) => r.region === "*").map((r) => r.category));
        for (const r of demoRoutingRules) expect(defaults.has(r.category)).toBe(true);
        for (const r of rs) {
          expect(r.lead).not.toBe("bureau");
          expect(reference.agencies.has(r.lead)).toBe(true);
          expect(r.cohandlers).not.toContain(r.lead);
          expect(new Set(r.cohandlers).size).toBe(r.cohandlers.length);
        }
        expect(new Set(rs.map((r) => `${r.category}/${r.region}`)).size).toBe(rs.length);
      }),
    );
  });
});

describe("diffRoutingRules", () => {
  it("lists rules added, removed and changed, ignoring order", () => {
    const after = sortRules([
      ...demoRoutingRules.filter((r) => r.category !== "environment").reverse(),
      { category: "environment", region: "*", lead: "natres", cohandlers: ["ecoenv"] },
      { category: "health", region: "xiangshan", lead: "hrss", cohandlers: [] },
    ]);
    const before = rules({
      category: "land-acquisition",
      region: "chengguan",
      lead: "housing",
      cohandlers: [],
    });

    expect(diffRoutingRules(before, after)).toEqual({
      added: [{ category: "health", region: "xiangshan", lead: "hrss", cohandlers: [] }],
      removed: [{ category: "land-acquisition", region: "chengguan", lead: "housing", cohandlers: [] }],
      changed: [
        {
          category: "environment",
          region: "*",
          before: { lead: "ecoenv", cohandlers: [] },
          after: { lead: "natres", cohandlers: ["ecoenv"] },
        },
      ],
    });
    expect(diffRoutingRules(demoRoutingRules, [...demoRoutingRules].reverse())).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });
});

describe("the jurisdiction's trail", () => {
  const change = (head: { lastSeq: number; lastHash: string }, n: number) =>
    sealJurisdictionEvent(
      head,
      { type: "routing-rules.changed", data: { versionBefore: n, versionAfter: n + 1 } },
      { actor: coordinator, role: "coordinator", now: new Date(Date.UTC(2026, 9, n + 1)) },
    );

  it("chains each change to the one before and verifies end to end; an edited event breaks it", () => {
    const events: JurisdictionEvent[] = [];
    let head = EMPTY_TRAIL;
    for (let n = 1; n <= 3; n++) {
      const e = change(head, n);
      events.push(e);
      head = { lastSeq: e.seq, lastHash: e.hash };
    }

    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyJurisdictionTrail(events)).toEqual({ valid: true, events: 3 });
    const edited = events.map((e, i) => (i === 1 ? { ...e, actor: "someone-else" } : e));
    expect(verifyJurisdictionTrail(edited)).toEqual({ valid: false, events: 3, firstBadSeq: 2 });
  });
});

describe("routing under a changed rule", () => {
  const changed: RoutingRule[] = demoRoutingRules.map((r) =>
    r.category === "environment" ? { ...r, lead: "natres" } : r,
  );
  const withRules = { ...reference, rules: changed };

  it("goes to the new lead", () => {
    const c = registered({ category: "environment", region: "chengguan" }).case;

    expect(resolveRoute(c, {}, withRules)).toMatchObject({ lead: "natres", rule: "environment/*" });
    expect(resolveRoute(c, {}, reference)).toMatchObject({ lead: "ecoenv" });
  });

  it("still refuses a case whose respondent is the rule's new lead", () => {
    const c = registered({
      category: "environment",
      region: "chengguan",
      respondent: { agency: "natres" },
    }).case;

    expect(() => resolveRoute(c, {}, withRules)).toThrow(RuleViolationError);
    expect(() => resolveRoute(c, {}, withRules)).toThrow(/natres/);
    expect(resolveRoute(c, {}, reference)).toMatchObject({ lead: "ecoenv" });
  });
});
