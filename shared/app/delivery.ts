// The consumers and schedules behind the queues: apply a handoff, deliver a
// notification, sweep the deadlines, relay the outbox. Each is idempotent: a message
// delivered twice, or a sweep run twice, changes nothing the second time.
import { ConflictError, InternalError } from "../errors.js";
import { decide, systemActor } from "../domain/lifecycle.js";
import type { Handoff, Notification } from "../domain/model.js";
import { NO_REFERENCE } from "../domain/routing.js";
import { sweepCase } from "../domain/sweep.js";
import { DEADLINE_SHARDS, OUTBOX_SHARDS } from "../resources.js";
import { dispatch, logCalendarGaps } from "./cases.js";
import { refusalName } from "../domain/webhook-target.js";
import { postWebhook, WebhookRefusedError } from "./webhooks.js";
import type { Deps } from "./deps.js";

export class RetryLaterError extends InternalError {
  override name = "RetryLaterError";
}

export type HandoffResult = "applied" | "duplicate" | "superseded";

const MAX_ATTEMPTS = 4;

/**
 * Apply a handoff at most once: committed together with the settling of its outbox entry.
 * A case changed by someone else meanwhile is re-read and the handoff tried again, as a
 * command is; only a case that stays busy sends the message back to the queue.
 */
export async function applyHandoff(deps: Deps, handoff: Handoff): Promise<HandoffResult> {
  const { store, logger } = deps;
  for (let attempt = 1; ; attempt++) {
    const c = await store.getCase(handoff.caseId);
    if (!c) {
      logger.warn("handoff for an unknown case dropped", { caseId: handoff.caseId, handoffId: handoff.id });
      return "superseded";
    }
    const now = deps.clock.now();
    let decision;
    try {
      decision = decide(c, "apply-handoff", handoff, { actor: systemActor("router"), now, policy: deps.policy, reference: NO_REFERENCE, newId: deps.newId });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Already applied (a duplicate delivery) or overtaken by a later routing.
      await store.settleOutbox(c.id, handoff.id, now);
      logger.info("handoff not applicable", { caseId: c.id, handoffId: handoff.id, status: c.status });
      return "duplicate";
    }
    const outcome = await store.commit(decision, { before: c, settles: { caseId: c.id, entryId: handoff.id } });
    if (outcome.ok) {
      logger.info("handoff applied", { caseId: c.id, handoffId: handoff.id, agency: handoff.to, status: decision.case.status });
      logCalendarGaps(deps, c, decision.case);
      await dispatch(deps, decision.outbox);
      return "applied";
    }
    if (outcome.reason === "already-applied") return "duplicate";
    if (attempt >= MAX_ATTEMPTS) throw new RetryLaterError(`case ${c.id} kept changing while applying handoff ${handoff.id}`);
  }
}

/**
 * Store the notification for its agency (or leader) once, then POST it to the agency's
 * webhook if one is registered. A failed webhook throws: the message comes back, the
 * stored notification is not duplicated, and after the last retry it rests in the DLQ.
 * A webhook whose name now leads inside is refused before any connection, and fails the
 * same way: retries meet the same check, and the DLQ keeps it for someone to look at.
 */
export async function deliverNotification(deps: Deps, n: Notification): Promise<boolean> {
  const stored = await deps.store.deliverNotification(n, n.caseId);
  deps.logger.info(stored ? "notification delivered" : "notification already stored", { notificationId: n.id, caseId: n.caseId, agency: n.agency, type: n.type });
  const hook = n.user ? undefined : await deps.store.getWebhook(n.agency);
  if (!hook) return stored;
  if (!stored && (await deps.store.getNotification(n))?.webhookDeliveredAt) return false;
  const now = deps.clock.now();
  const secret = await deps.secrets.open(hook.sealedSecret, { purpose: "webhook", agency: n.agency });
  try {
    await postWebhook(deps, { url: hook.url, secret }, n, now);
  } catch (err) {
    if (err instanceof WebhookRefusedError) deps.logger.warn("webhook refused", { notificationId: n.id, agency: n.agency, refused: refusalName(err.refusal) });
    throw err;
  }
  await deps.store.webhookDelivered(n, now);
  deps.logger.info("webhook delivered", { notificationId: n.id, agency: n.agency });
  return stored;
}

export interface SweepReport {
  casesRead: number;
  casesChanged: number;
  events: number;
}

/** Every case whose next clock action is due now, across all shards. */
export async function sweepDeadlines(deps: Deps): Promise<SweepReport> {
  const { store } = deps;
  const now = deps.clock.now();
  const report: SweepReport = { casesRead: 0, casesChanged: 0, events: 0 };
  for (let shard = 0; shard < DEADLINE_SHARDS; shard++) {
    let cursor: string | undefined;
    do {
      const page = await store.dueCaseIds(shard, now, { limit: 100, ...(cursor ? { cursor } : {}) });
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
        deps.logger.info("deadline step", { caseId: c.id, events: decision.events.map((e) => e.type), status: decision.case.status });
        await dispatch(deps, decision.outbox);
      }
    } while (cursor);
  }
  return report;
}

export interface RelayReport {
  resent: number;
  failed: number;
}

const RELAY_BACKOFF_MS = 30_000;
const RELAY_MAX_BACKOFF_MS = 15 * 60_000;

/** Re-send outbox entries whose consumer has not applied them yet. */
export async function relayOutbox(deps: Deps): Promise<RelayReport> {
  const { store } = deps;
  const now = deps.clock.now();
  const report: RelayReport = { resent: 0, failed: 0 };
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
    const pending = await store.pendingOutbox(shard, now, 100);
    if (!pending.length) continue;
    const { failed } = await deps.queue.send(pending.map((p) => p.entry));
    for (const p of pending) {
      const wait = Math.min(RELAY_MAX_BACKOFF_MS, RELAY_BACKOFF_MS * 2 ** p.attempts);
      await store.deferOutbox(p.entry.caseId, p.entry.id, new Date(now.getTime() + wait));
    }
    report.resent += pending.length - failed.length;
    report.failed += failed.length;
  }
  if (report.resent || report.failed) deps.logger.info("outbox relayed", { ...report });
  return report;
}
