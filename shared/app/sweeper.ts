// The sweeper's work: every clock step that is due now, across the deadline index's
// shards. Run twice, a sweep changes nothing the second time: each step is recorded on
// the case and happens once.
import { sweepCase } from "../domain/sweep.js";
import { DEADLINE_SHARDS } from "../resources.js";
import { dispatch } from "./cases.js";
import type { CaseIndex, CaseStore } from "../ports.js";
import type { Deps } from "./deps.js";

/** Case ids read from one deadline-index shard at a time. */
export const SWEEP_PAGE = 100;

/** What the sweeper uses: the deadline index and the cases it names. */
export type SweeperDeps = Pick<Deps, "clock" | "policy" | "escalation" | "newId" | "logger" | "queue"> & {
  store: CaseStore & CaseIndex;
};

export interface SweepReport {
  casesRead: number;
  casesChanged: number;
  events: number;
}

/** Every case whose next clock action is due now, across all shards. */
export async function sweepDeadlines(deps: SweeperDeps): Promise<SweepReport> {
  const { store } = deps;
  const now = deps.clock.now();
  const report: SweepReport = { casesRead: 0, casesChanged: 0, events: 0 };
  for (let shard = 0; shard < DEADLINE_SHARDS; shard++) {
    let cursor: string | undefined;
    do {
      const page = await store.dueCaseIds(shard, now, { limit: SWEEP_PAGE, ...(cursor ? { cursor } : {}) });
      cursor = page.nextCursor;
      const cases = await store.getCases(page.items);
      report.casesRead += cases.length;
      for (const c of cases) {
        const decision = sweepCase(c, { now, policy: deps.policy, newId: deps.newId }, deps.escalation);
        if (!decision) continue;
        const outcome = await store.commit(decision, { before: c });
        // A case changed meanwhile is picked up again by the next sweep.
        if (!outcome.ok) continue;
        report.casesChanged += 1;
        report.events += decision.events.length;
        deps.logger.info("deadline step", {
          caseId: c.id,
          events: decision.events.map((e) => e.type),
          status: decision.case.status,
        });
        await dispatch(deps, decision.outbox);
      }
    } while (cursor);
  }
  return report;
}
