// The hash-chained audit trail: every event carries the hash of its predecessor, and its
// own hash is SHA-256 over a canonical form of itself and that predecessor. `finish` adds a
// command's events to a case's chain; `verifyChain` checks a chain read back.
import { createHash } from "node:crypto";
import type { Decision } from "./decide.js";
import type { Actor, Case, CaseEvent, EventDraft, OutboxEntry } from "./model.js";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so equal events hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvent(event: Omit<CaseEvent, "hash">): string {
  const { caseId, seq, type, at, actor, agency, role, data, prevHash } = event;
  return createHash("sha256")
    .update(canonicalJson({ caseId, seq, type, at, actor, agency, role, data, prevHash }))
    .digest("hex");
}

export interface ChainVerdict {
  valid: boolean;
  events: number;
  firstBadSeq?: number;
}

export function verifyChain(events: readonly CaseEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev || hashEvent(e) !== e.hash) {
      return { valid: false, events: events.length, firstBadSeq: e.seq ?? i + 1 };
    }
    prev = e.hash;
  }
  return { valid: true, events: events.length };
}

/**
 * Seal a command's drafted events onto the case's chain: number them after the case's last
 * event, link each to the one before, and move the case's version on by one (the store's
 * optimistic lock). `before` is the case as loaded, or undefined for a new case.
 */
export function finish(
  before: Case | undefined,
  next: Case,
  drafts: EventDraft[],
  outbox: OutboxEntry[],
  ctx: { actor: Actor; now: Date },
  role: string,
): Decision {
  const at = ctx.now.toISOString();
  let prevHash = before?.lastHash || GENESIS_HASH;
  let seq = before?.lastSeq ?? 0;
  const events: CaseEvent[] = drafts.map((d) => {
    seq += 1;
    const partial = {
      caseId: next.id,
      seq,
      type: d.type,
      at,
      actor: ctx.actor.sub,
      agency: ctx.actor.agency,
      role,
      data: d.data,
      prevHash,
    };
    const hash = hashEvent(partial);
    prevHash = hash;
    return { ...partial, hash };
  });
  next.lastSeq = seq;
  next.lastHash = prevHash;
  next.version = (before?.version ?? 0) + 1;
  next.updatedAt = at;
  return { case: next, events, outbox };
}
