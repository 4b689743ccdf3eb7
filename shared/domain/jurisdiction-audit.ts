// The jurisdiction's own audit trail: changes to how the jurisdiction runs (its routing
// rules), hash-chained like a case's trail (./audit.ts) so that who changed what, and
// when, verifies end to end. Its events hold agencies, categories, regions and versions,
// never a petitioner.
import { createHash } from "node:crypto";
import { canonicalJson, GENESIS_HASH } from "./audit.js";
import type { Actor } from "./model.js";

export interface JurisdictionEvent {
  seq: number;
  /** e.g. `routing-rules.changed`. */
  type: string;
  at: string;
  actor: string;
  agency: string;
  role: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Where the trail ends now: its last event's number and hash (0 and the genesis hash when empty). */
export interface TrailHead {
  lastSeq: number;
  lastHash: string;
}

export const EMPTY_TRAIL: TrailHead = { lastSeq: 0, lastHash: GENESIS_HASH };

/** The hash covers a `scope` no case event has, so an event cannot pass for one of a case. */
export function hashJurisdictionEvent(e: Omit<JurisdictionEvent, "hash">): string {
  const { seq, type, at, actor, agency, role, data, prevHash } = e;
  return createHash("sha256")
    .update(canonicalJson({ scope: "jurisdiction", seq, type, at, actor, agency, role, data, prevHash }))
    .digest("hex");
}

/** The next event of the trail, after `head`, by `actor` acting as `role`. */
export function sealJurisdictionEvent(
  head: TrailHead,
  draft: { type: string; data: Record<string, unknown> },
  ctx: { actor: Actor; role: string; now: Date },
): JurisdictionEvent {
  const partial = {
    seq: head.lastSeq + 1,
    type: draft.type,
    at: ctx.now.toISOString(),
    actor: ctx.actor.sub,
    agency: ctx.actor.agency,
    role: ctx.role,
    data: draft.data,
    prevHash: head.lastHash,
  };
  return { ...partial, hash: hashJurisdictionEvent(partial) };
}

/** Whether a trail read back oldest first, from its first event, links and hashes as written. */
export function verifyJurisdictionTrail(events: readonly JurisdictionEvent[]): {
  valid: boolean;
  events: number;
  firstBadSeq?: number;
} {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev || hashJurisdictionEvent(e) !== e.hash)
      return { valid: false, events: events.length, firstBadSeq: e.seq ?? i + 1 };
    prev = e.hash;
  }
  return { valid: true, events: events.length };
}
