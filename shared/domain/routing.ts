// Routing: which agency leads a case. An explicit `to` wins; otherwise the routing
// rules by category × region choose (a region-specific rule before the category's
// default). A case is never routed to the agency it complains about (Art. 30, 46).
import { RuleViolationError } from "../errors.js";
import { BUREAU } from "./access.js";
import type { Case } from "./model.js";

export interface Agency {
  id: string;
  name: string;
  nameZh: string;
  /** The superior agency: reviews this agency's replies (复查). */
  superior?: string;
  level: "county" | "city";
}

export interface Category {
  id: string;
  name: string;
  nameZh: string;
}

export interface RoutingRule {
  category: string;
  /** `*` for every region. */
  region: string;
  lead: string;
  cohandlers: string[];
}

export interface Reference {
  agencies: ReadonlyMap<string, Agency>;
  categories: ReadonlyMap<string, Category>;
  regions: ReadonlySet<string>;
  rules: readonly RoutingRule[];
}

/** For platform steps that route nothing (applying a handoff, the sweep): no table read needed. */
export const NO_REFERENCE: Reference = {
  agencies: new Map(),
  categories: new Map(),
  regions: new Set(),
  rules: [],
};

export interface RouteTarget {
  lead: string;
  cohandlers: string[];
  /** The rule that chose, or "explicit". */
  rule: string;
}

function findRule(rules: readonly RoutingRule[], category: string, region: string): RoutingRule | undefined {
  return (
    rules.find((r) => r.category === category && r.region === region) ??
    rules.find((r) => r.category === category && r.region === "*")
  );
}

export function resolveRoute(
  c: Case,
  input: { to?: string; cohandlers?: string[] },
  reference: Reference,
): RouteTarget {
  let target: RouteTarget;
  if (input.to) {
    target = { lead: input.to, cohandlers: input.cohandlers ?? [], rule: "explicit" };
  } else {
    const rule = findRule(reference.rules, c.category, c.region);
    if (!rule) {
      throw new RuleViolationError(
        "routing-rule-exists",
        `No routing rule covers category "${c.category}" in region "${c.region}": name the agency with "to".`,
      );
    }
    target = {
      lead: rule.lead,
      cohandlers: input.cohandlers ?? rule.cohandlers,
      rule: `${rule.category}/${rule.region}`,
    };
  }
  for (const agency of [target.lead, ...target.cohandlers]) {
    if (!reference.agencies.has(agency) || agency === BUREAU) {
      throw new RuleViolationError("known-agency", `"${agency}" is not an agency a case can be routed to.`);
    }
    if (agency === c.respondent?.agency) {
      throw new RuleViolationError(
        "respondent-never-routed",
        `The case complains about "${agency}": it may not be routed there (信访工作条例 Art. 30).`,
      );
    }
  }
  target.cohandlers = [...new Set(target.cohandlers.filter((a) => a !== target.lead))];
  return target;
}
