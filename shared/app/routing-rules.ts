// The routing rules a coordinator runs (docs/jurisdiction.md): read them with their
// version, replace them from the version read (If-Match), each change checked against the
// jurisdiction's rules, committed with its event on the jurisdiction's trail, and dropped
// from this instance's cached reference data at once.
import { ConflictError, PreconditionFailedError, RuleViolationsError } from "../errors.js";
import type { Identity } from "../domain/access.js";
import { sealJurisdictionEvent, type JurisdictionEvent } from "../domain/jurisdiction-audit.js";
import { authorize } from "../domain/rights.js";
import type { RoutingRule } from "../domain/routing.js";
import { diffRoutingRules, isEmptyDiff, sortRules, validateRoutingRules } from "../domain/routing-rules.js";
import type {
  JurisdictionTrail,
  Page,
  PageRequest,
  ReferenceStore,
  RoutingRuleSet,
  RoutingRuleStore,
} from "../ports.js";
import type { Deps } from "./deps.js";
import { MAX_COMMIT_ATTEMPTS } from "./retry.js";

/** The type of the trail's events that record a change of the routing rules. */
export const RULES_CHANGED = "routing-rules.changed";

export type RoutingRuleDeps = Pick<Deps, "clock" | "logger"> & {
  store: RoutingRuleStore & JurisdictionTrail & Pick<ReferenceStore, "getReference">;
  /** Called after a change is committed: this instance's cached reference data is stale. */
  changed?: () => void;
};

export class RoutingRuleService {
  constructor(private readonly deps: RoutingRuleDeps) {}

  async read(who: Identity): Promise<RoutingRuleSet> {
    authorize(who, "routingRules.read");
    const { version, rules } = await this.deps.store.getRoutingRules();
    return { version, rules: sortRules(rules) };
  }

  /**
   * Replace the rules in force at version `ifMatch` with `rules`. A set equal to the one in
   * force changes nothing and records nothing. Of two changes from the same version, one
   * is kept and the other answers 412.
   */
  async replace(who: Identity, rules: RoutingRule[], ifMatch: number): Promise<RoutingRuleSet> {
    authorize(who, "routingRules.write");
    for (let attempt = 1; ; attempt++) {
      const current = await this.deps.store.getRoutingRules();
      if (current.version !== ifMatch)
        throw new PreconditionFailedError(
          `The routing rules are at version ${current.version}, not ${ifMatch}.`,
          {
            currentVersion: current.version,
          },
        );
      const issues = validateRoutingRules(rules, {
        reference: await this.deps.store.getReference(),
        current: current.rules,
      });
      if (issues.length)
        throw new RuleViolationsError(
          "routing-rules",
          `The routing rules break ${issues.length === 1 ? "a rule" : `${issues.length} rules`}: ${issues
            .slice(0, 3)
            .map((i) => `${i.path}: ${i.message}`)
            .join("; ")}${issues.length > 3 ? "; …" : ""}`,
          issues.slice(0, 50),
        );
      const diff = diffRoutingRules(current.rules, rules);
      if (isEmptyDiff(diff)) return { version: current.version, rules: sortRules(current.rules) };
      const next = { version: current.version + 1, rules: sortRules(rules) };
      const event = sealJurisdictionEvent(
        await this.deps.store.trailHead(),
        {
          type: RULES_CHANGED,
          data: { versionBefore: current.version, versionAfter: next.version, ...diff },
        },
        { actor: who, role: "coordinator", now: this.deps.clock.now() },
      );
      const outcome = await this.deps.store.saveRoutingRules(next, event);
      if (outcome.ok) {
        this.deps.changed?.();
        this.deps.logger.info("routing rules changed", {
          agency: who.agency,
          eventType: RULES_CHANGED,
          version: next.version,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
        });
        return next;
      }
      if (outcome.reason === "stale")
        throw new PreconditionFailedError("The routing rules changed while this change was applied.", {
          currentVersion: (await this.deps.store.getRoutingRules()).version,
        });
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new ConflictError("The jurisdiction is busy; try again.");
    }
  }

  /** The changes to the routing rules, oldest first, from the jurisdiction's trail. */
  async history(who: Identity, page: PageRequest): Promise<Page<JurisdictionEvent>> {
    authorize(who, "routingRules.history");
    return this.deps.store.listJurisdictionEvents(page, RULES_CHANGED);
  }
}
