// The hash-chained audit trail: every event carries the hash of its predecessor, and its
// own hash is SHA-256 over a canonical form of itself and that predecessor.
import { createHash } from "node:crypto";
import type { CaseEvent } from "./model.js";

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
