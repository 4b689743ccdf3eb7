// The router's work: apply each handoff from the queue to its case, at most once. A
// message delivered twice changes nothing the second time.
import { ConflictError } from "../errors.js";
import { decide, systemActor, type Decision } from "../domain/decide.js";
import type { Handoff } from "../domain/model.js";
import { NO_REFERENCE } from "../domain/routing.js";
import { dispatch, logCalendarGaps } from "./cases.js";
import type { CaseStore, Outbox } from "../ports.js";
import type { Deps } from "./deps.js";
import { MAX_COMMIT_ATTEMPTS, RetryLaterError } from "./retry.js";

/** What the router uses: the case, and the outbox entry a handoff settles. */
export type HandoffDeps = Pick<Deps, "clock" | "policy" | "newId" | "logger" | "queue"> & {
  store: CaseStore & Outbox;
};

export type HandoffResult = "applied" | "duplicate" | "superseded";

/**
 * Apply a handoff at most once: committed together with the settling of its outbox entry.
 * A case changed by someone else meanwhile is re-read and the handoff tried again, as a
 * command is; only a case that stays busy sends the message back to the queue.
 */
export async function applyHandoff(deps: HandoffDeps, handoff: Handoff): Promise<HandoffResult> {
  const { store, logger } = deps;
  for (let attempt = 1; ; attempt++) {
    const c = await store.getCase(handoff.caseId);
    if (!c) {
      logger.warn("handoff for an unknown case dropped", { caseId: handoff.caseId, handoffId: handoff.id });
      return "superseded";
    }
    const now = deps.clock.now();
    let decision: Decision;
    try {
      decision = decide(c, "apply-handoff", handoff, {
        actor: systemActor("router"),
        now,
        policy: deps.policy,
        reference: NO_REFERENCE,
        newId: deps.newId,
      });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Already applied (a duplicate delivery) or overtaken by a later routing.
      await store.settleOutbox(c.id, handoff.id, now);
      logger.info("handoff not applicable", { caseId: c.id, handoffId: handoff.id, status: c.status });
      return "duplicate";
    }
    const outcome = await store.commit(decision, {
      before: c,
      settles: { caseId: c.id, entryId: handoff.id },
    });
    if (outcome.ok) {
      logger.info("handoff applied", {
        caseId: c.id,
        handoffId: handoff.id,
        agency: handoff.to,
        status: decision.case.status,
      });
      logCalendarGaps(deps, c, decision.case);
      await dispatch(deps, decision.outbox);
      return "applied";
    }
    if (outcome.reason === "already-applied") return "duplicate";
    if (attempt >= MAX_COMMIT_ATTEMPTS)
      throw new RetryLaterError(`case ${c.id} kept changing while applying handoff ${handoff.id}`);
  }
}
