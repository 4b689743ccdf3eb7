// The bureau's oversight lists a case is on now: its rung of the escalation ladder (L1–L3)
// with the clock that took it there, listed supervision (挂牌督办), and an unresolved
// dispute. Derived from the case alone, so the store can keep a small index entry per list
// in the same transaction as the case, and drop it when the case leaves the list: a
// meeting's decision resets the ladder, a dispute is resolved, the case is finished.
import { BUREAU } from "./access.js";
import { TERMINAL_STATUSES } from "./lifecycle.js";
import type { Case, CaseClock, ClockName } from "./model.js";

export const ESCALATION_LISTS = ["L1", "L2", "L3", "dispute", "supervised"] as const;
export type EscalationList = (typeof ESCALATION_LISTS)[number];

/** Which of a case's entries a list's entry replaces: a case is on one rung of the ladder at a time. */
export type EscalationSlot = "level" | "dispute" | "supervised";
export const slotOf = (list: EscalationList): EscalationSlot =>
  list === "dispute" || list === "supervised" ? list : "level";

export interface EscalationEntry {
  list: EscalationList;
  /** The agency answerable: the escalated clock's owner, or the agency that objected. */
  agency: string;
  /** The clock that escalated, when one did; a dispute goes to the meeting without one. */
  clock?: ClockName;
  /** Since when: the escalated clock's due time, or the time of the objection. */
  since: string;
}

const LEVELS = { 1: "L1", 2: "L2", 3: "L3" } as const;

/**
 * The first clock to reach `level` (of those running now or replaced by a re-routing): the
 * one that took the case there. Its owner and due time do not change as the case moves on,
 * so the entry stays put until the case leaves the list.
 */
function clockAt(c: Case, reached: (k: CaseClock) => boolean): CaseClock | undefined {
  return [...c.clocks, ...(c.pastClocks ?? [])]
    .filter(reached)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.name.localeCompare(b.name))[0];
}

/** Without an escalated clock (a dispute sent to the meeting): the objecting agency, since the objection. */
function withoutClock(c: Case): Pick<EscalationEntry, "agency" | "since"> {
  return { agency: c.objection?.by ?? c.leadAgency ?? BUREAU, since: c.objection?.at ?? c.createdAt };
}

function entryOf(c: Case, list: EscalationList, clock: CaseClock | undefined): EscalationEntry {
  return clock
    ? { list, agency: clock.owner, clock: clock.name, since: clock.dueAt }
    : { list, ...withoutClock(c) };
}

/** The lists the case is on, at most one entry per slot; none once it is closed or final. */
export function escalationEntries(c: Case): EscalationEntry[] {
  if (TERMINAL_STATUSES.has(c.status)) return [];
  const entries: EscalationEntry[] = [];
  const level = c.escalation.level;
  if (level !== 0)
    entries.push(
      entryOf(
        c,
        LEVELS[level],
        clockAt(c, (k) => k.level === level),
      ),
    );
  if (c.escalation.supervised)
    entries.push(
      entryOf(
        c,
        "supervised",
        clockAt(c, (k) => (k.level ?? 0) >= 2),
      ),
    );
  if (c.status === "disputed") entries.push({ list: "dispute", ...withoutClock(c) });
  return entries;
}
