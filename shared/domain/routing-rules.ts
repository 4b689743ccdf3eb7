// The routing rules as a coordinator edits them (docs/jurisdiction.md, "Routing rules"):
// which rule sets the bureau may put in place, and what changed between two of them. The
// respondent of a case is unknown to a rule, so the rule that a case never goes to the
// agency it complains about (Art. 30, 46) stays with routing (resolveRoute) at each case.
import { BUREAU } from "./access.js";
import type { Reference, RoutingRule } from "./routing.js";

/** A rule that applies in every region of its category: the category's default lead. */
export const EVERY_REGION = "*";

/** One broken rule, at one field of the body (`rules.3.lead`), named by a slug. */
export interface RuleIssue {
  path: string;
  rule: string;
  message: string;
}

/** What a rule set is checked against: the jurisdiction's agencies, categories and regions, and the rules in force. */
export interface RuleSetContext {
  reference: Pick<Reference, "agencies" | "categories" | "regions">;
  current: readonly RoutingRule[];
}

const keyOf = (r: Pick<RoutingRule, "category" | "region">) => `${r.category}/${r.region}`;

/**
 * Every way `rules` breaks the jurisdiction's rules, in body order; none when it may be put
 * in place. A category with a default lead now keeps one: a petition of it must always find
 * an agency without the bureau naming one. A category without (`other`) may gain one.
 */
export function validateRoutingRules(rules: readonly RoutingRule[], ctx: RuleSetContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const { agencies, categories, regions } = ctx.reference;
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    const at = (field: string) => `rules.${i}${field ? `.${field}` : ""}`;
    if (!categories.has(r.category))
      issues.push({
        path: at("category"),
        rule: "known-category",
        message: `"${r.category}" is not a category of this jurisdiction.`,
      });
    if (r.region !== EVERY_REGION && !regions.has(r.region))
      issues.push({
        path: at("region"),
        rule: "known-region",
        message: `"${r.region}" is not a region of this jurisdiction; "*" stands for every region.`,
      });
    const first = seen.get(keyOf(r));
    if (first !== undefined)
      issues.push({
        path: at(""),
        rule: "one-rule-per-category-and-region",
        message: `rules.${first} already covers category "${r.category}" in region "${r.region}".`,
      });
    else seen.set(keyOf(r), i);
    const routable = (agency: string) => agencies.has(agency) && agency !== BUREAU;
    if (!routable(r.lead))
      issues.push({
        path: at("lead"),
        rule: "known-agency",
        message: `"${r.lead}" is not an agency a case can be routed to.`,
      });
    const cohandlers = new Set<string>();
    r.cohandlers.forEach((agency, j) => {
      const where = at(`cohandlers.${j}`);
      if (!routable(agency))
        issues.push({
          path: where,
          rule: "known-agency",
          message: `"${agency}" is not an agency a case can be routed to.`,
        });
      else if (agency === r.lead)
        issues.push({
          path: where,
          rule: "cohandler-not-lead",
          message: `"${agency}" leads this rule; it cannot also co-handle.`,
        });
      else if (cohandlers.has(agency))
        issues.push({ path: where, rule: "cohandler-once", message: `"${agency}" is named twice.` });
      cohandlers.add(agency);
    });
  });
  const defaults = new Set(rules.filter((r) => r.region === EVERY_REGION).map((r) => r.category));
  for (const category of new Set(
    ctx.current.filter((r) => r.region === EVERY_REGION).map((r) => r.category),
  )) {
    if (!defaults.has(category))
      issues.push({
        path: "rules",
        rule: "default-lead-kept",
        message: `Category "${category}" has a default lead: keep a rule for it with region "*".`,
      });
  }
  return issues;
}

/** Rules in one order (category, then region, "*" first; co-handlers sorted), so that equal sets read, diff and hash equally. */
export function sortRules(rules: readonly RoutingRule[]): RoutingRule[] {
  const rank = (r: RoutingRule) => `${r.category}\u0000${r.region === EVERY_REGION ? "" : r.region}`;
  return [...rules]
    .map((r) => ({
      category: r.category,
      region: r.region,
      lead: r.lead,
      cohandlers: [...r.cohandlers].sort(),
    }))
    .sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** What a change did, rule by rule: no person in it, only categories, regions and agencies. */
export interface RuleDiff {
  added: RoutingRule[];
  removed: RoutingRule[];
  changed: { category: string; region: string; before: RuleTarget; after: RuleTarget }[];
}

export interface RuleTarget {
  lead: string;
  cohandlers: string[];
}

const sameTarget = (a: RuleTarget, b: RuleTarget) =>
  a.lead === b.lead && a.cohandlers.join(",") === b.cohandlers.join(",");

export function diffRoutingRules(before: readonly RoutingRule[], after: readonly RoutingRule[]): RuleDiff {
  const old = new Map(sortRules(before).map((r) => [keyOf(r), r]));
  const next = new Map(sortRules(after).map((r) => [keyOf(r), r]));
  const diff: RuleDiff = { added: [], removed: [], changed: [] };
  for (const [key, r] of next) {
    const was = old.get(key);
    if (!was) diff.added.push(r);
    else if (!sameTarget(was, r))
      diff.changed.push({
        category: r.category,
        region: r.region,
        before: { lead: was.lead, cohandlers: was.cohandlers },
        after: { lead: r.lead, cohandlers: r.cohandlers },
      });
  }
  for (const [key, r] of old) if (!next.has(key)) diff.removed.push(r);
  return diff;
}

export const isEmptyDiff = (d: RuleDiff) => !d.added.length && !d.removed.length && !d.changed.length;
