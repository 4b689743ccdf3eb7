// The relay's work: re-send outbox entries whose consumer has not applied them yet, each
// with a growing wait between tries. Consumers are idempotent, so a re-send that crosses
// a late delivery changes nothing.
import { MINUTE_MS } from "../durations.js";
import { OUTBOX_SHARDS } from "../resources.js";
import type { Outbox } from "../ports.js";
import type { Deps } from "./deps.js";

/** What the relay uses: the pending outbox and the queues. */
export type RelayDeps = Pick<Deps, "clock" | "logger" | "queue"> & { store: Outbox };

export interface RelayReport {
  resent: number;
  failed: number;
}

/** Pending entries re-sent from one outbox shard per run; the rest wait for the next run. */
const RELAY_PAGE = 100;
const RELAY_BACKOFF_MS = 30_000;
const RELAY_MAX_BACKOFF_MS = 15 * MINUTE_MS;

/** Re-send outbox entries whose consumer has not applied them yet. */
export async function relayOutbox(deps: RelayDeps): Promise<RelayReport> {
  const { store } = deps;
  const now = deps.clock.now();
  const report: RelayReport = { resent: 0, failed: 0 };
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
    const pending = await store.pendingOutbox(shard, now, RELAY_PAGE);
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
