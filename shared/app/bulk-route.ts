// Routing several registered cases in one step (the coordinator's inbox): each case is its
// own `route` command by the routing rules — its own transaction, audit event and handoff,
// attributed to the person — so one refusal or failure stops none of the others. A case
// sent again is no longer registered and is refused by the lifecycle, never routed twice.
import type { Identity } from "../domain/access.js";
import type { Case } from "../domain/model.js";
import { HttpError, RuleViolationError } from "../errors.js";
import type { CaseService } from "./cases.js";
import type { Deps } from "./deps.js";

/** One inbox page's worth: a batch stays well inside a request's time. */
export const MAX_BULK_ROUTE = 50;
/** Cases routed at once: each is a few reads and one transaction. */
const IN_FLIGHT = 5;

export type RouteOutcome =
  | { caseId: string; outcome: "routed"; case: Case }
  /** The service's refusal, and the case as it is now when the person may see it. */
  | { caseId: string; outcome: "refused"; refusal: HttpError; now?: Case }
  /** Not an answer but a failure of the system: logged under `errorId`. */
  | { caseId: string; outcome: "failed"; errorId: string };

export class BulkRouting {
  constructor(
    private readonly cases: CaseService,
    private readonly deps: Pick<Deps, "logger" | "newId">,
  ) {}

  /** Each case routed by the rules, in the order given (duplicates once); the outcomes in that order. */
  async routeEach(who: Identity, caseIds: readonly string[]): Promise<RouteOutcome[]> {
    const ids = [...new Set(caseIds)];
    if (ids.length > MAX_BULK_ROUTE)
      throw new RuleViolationError(
        "bulk-route-limit",
        `At most ${MAX_BULK_ROUTE} cases are routed in one step; ${ids.length} were selected.`,
      );
    const outcomes: RouteOutcome[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        outcomes[i] = await this.routeOne(who, ids[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ids.length) }, worker));
    return outcomes;
  }

  private async routeOne(who: Identity, caseId: string): Promise<RouteOutcome> {
    try {
      const routed = await this.cases.command(who, caseId, "route", { kind: "transfer" });
      return { caseId, outcome: "routed", case: routed };
    } catch (err) {
      if (err instanceof HttpError && err.status < 500) {
        const now = await this.cases.get(who, caseId).catch(() => undefined);
        return { caseId, outcome: "refused", refusal: err, ...(now ? { now } : {}) };
      }
      const errorId = this.deps.newId();
      this.deps.logger.error("bulk route: case not routed", {
        errorId,
        caseId,
        agency: who.agency,
        error: { name: (err as Error).name, message: (err as Error).message },
      });
      return { caseId, outcome: "failed", errorId };
    }
  }
}
