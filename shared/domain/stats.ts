// The bureau's figures over a set of cases and their audit trails: clock tallies and the
// on-time rates, satisfaction, the deadline watch's steps, and a row per agency. Plain
// data in, the time passed in, so the demo's report and an API read count alike.
import type { Case, CaseClock, CaseEvent, Status } from "./model.js";

/** A case with its events in order, as the audit trail lists them. */
export interface CaseHistory {
  case: Case;
  events: readonly CaseEvent[];
}

export interface ClockTally {
  met: number;
  overdue: number;
  running: number;
}

/**
 * A clock is overdue once stopped late, or once its due time has passed while it still
 * runs or is paused: the miss has happened even if nobody has acted yet.
 */
export function isOverdue(clock: CaseClock, now: Date): boolean {
  return clock.state === "overdue" || (!clock.stoppedAt && clock.dueAt < now.toISOString());
}

/**
 * Met, overdue and still-running clocks by clock name. Clocks a re-routing replaced
 * (the case's past clocks) count too: a miss stays a miss after the case moves on.
 */
export function tallyClocks(cases: readonly Case[], now: Date): Record<string, ClockTally> {
  const tally: Record<string, ClockTally> = {};
  for (const c of cases) {
    for (const k of allClocks(c)) {
      const t = (tally[k.name] ??= { met: 0, overdue: 0, running: 0 });
      if (isOverdue(k, now)) t.overdue++;
      else if (k.state === "met") t.met++;
      else t.running++;
    }
  }
  return tally;
}

/**
 * Share of decided clocks that were met: met / (met + overdue). Clocks still running
 * within their period are not decided yet and count for neither. Applied to the
 * acknowledge clock it is the on-time acknowledge rate (按期受理率), to the handle clock
 * the on-time conclusion rate (按期办结率). Undefined when nothing is decided.
 */
export function onTimeRate(tally: ClockTally | undefined): number | undefined {
  return tally && tally.met + tally.overdue ? tally.met / (tally.met + tally.overdue) : undefined;
}

export interface CaseCounts {
  total: number;
  byStatus: Partial<Record<Status, number>>;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  collective: number;
  declined: number;
  final: number;
}

export function countCases(cases: readonly Case[]): CaseCounts {
  const byStatus: Partial<Record<Status, number>> = {};
  const byCategory: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
    byChannel[c.channel] = (byChannel[c.channel] ?? 0) + 1;
  }
  return {
    total: cases.length,
    byStatus,
    byCategory,
    byChannel,
    collective: cases.filter((c) => c.collective).length,
    declined: cases.filter((c) => c.outcome?.kind === "declined").length,
    final: byStatus.final ?? 0,
  };
}

export interface Satisfaction {
  rated: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
  rate: number | undefined;
}

/** The satisfaction rate (满意率): rated satisfied or basically satisfied, of the rated replies. */
export function rateSatisfaction(cases: readonly Case[]): Satisfaction {
  const s: Satisfaction = { rated: 0, satisfied: 0, basically: 0, unsatisfied: 0, rate: undefined };
  for (const c of cases) {
    if (!c.rating) continue;
    s.rated++;
    if (c.rating === "satisfied") s.satisfied++;
    else if (c.rating === "basically_satisfied") s.basically++;
    else s.unsatisfied++;
  }
  s.rate = s.rated ? (s.satisfied + s.basically) / s.rated : undefined;
  return s;
}

export interface EscalationTally {
  dueSoon: number;
  l1: number;
  l2: number;
  l3: number;
  l3Disputes: number;
  casesWarned: number;
  casesL1: number;
  casesL2: number;
  casesL3: number;
  l1ByClock: Record<string, number>;
  placedOnAgenda: number;
  meetingDecisions: number;
  closedAfterWindow: number;
  calendarGaps: number;
  repeats: number;
  /** Warnings or ladder steps recorded again for the same clock with nothing between that restarts the ladder. */
  repeatedSteps: number;
  casesWithRepeatedSteps: number;
}

// The deadline watch takes each step once per clock: a due-soon warning, L1 at the due
// time, L2 listed supervision, L3 to the joint meeting. Only a new lead, a meeting's
// decision or an approved extension starts the ladder again.
const LADDER_RESETS: ReadonlySet<string> = new Set([
  "transferred",
  "assigned",
  "meeting_decision",
  "extension_approved",
]);
const LADDER_STEPS: ReadonlySet<string> = new Set(["due_soon", "escalated", "listed_supervision"]);

/** What the deadline watch and the joint meeting did, read from the audit trails. */
export function tallyEscalations(histories: readonly CaseHistory[]): EscalationTally {
  const t: EscalationTally = {
    dueSoon: 0,
    l1: 0,
    l2: 0,
    l3: 0,
    l3Disputes: 0,
    casesWarned: 0,
    casesL1: 0,
    casesL2: 0,
    casesL3: 0,
    l1ByClock: {},
    placedOnAgenda: 0,
    meetingDecisions: 0,
    closedAfterWindow: 0,
    calendarGaps: 0,
    repeats: 0,
    repeatedSteps: 0,
    casesWithRepeatedSteps: 0,
  };
  for (const { case: c, events } of histories) {
    const reached = ladderReached(events);
    for (const e of events) {
      const level = e.data.level;
      if (e.type === "due_soon") t.dueSoon++;
      if (e.type === "escalated" && level === 1) {
        t.l1++;
        const clock = String(e.data.clock);
        t.l1ByClock[clock] = (t.l1ByClock[clock] ?? 0) + 1;
      }
      if (e.type === "listed_supervision") t.l2++;
      if (e.type === "escalated" && level === 3) {
        t.l3++;
        if (e.data.reason === "dispute") t.l3Disputes++;
      }
      if (e.type === "placed_on_agenda") t.placedOnAgenda++;
      if (e.type === "meeting_decision") t.meetingDecisions++;
      if (e.type === "closed" && e.actor === "system:sweeper") t.closedAfterWindow++;
      if (e.type === "linked_as_repeat") t.repeats++;
    }
    const repeated = repeatedLadderSteps(events);
    t.calendarGaps += allClocks(c).filter((k) => k.calendarWarning).length;
    t.repeatedSteps += repeated;
    t.casesWithRepeatedSteps += Number(repeated > 0);
    t.casesWarned += Number(reached.warned);
    t.casesL1 += Number(reached.l1);
    t.casesL2 += Number(reached.l2);
    t.casesL3 += Number(reached.l3);
  }
  return t;
}

/** How far up the ladder a case went. */
export function ladderReached(events: readonly CaseEvent[]): {
  warned: boolean;
  l1: boolean;
  l2: boolean;
  l3: boolean;
} {
  return {
    warned: events.some((e) => e.type === "due_soon"),
    l1: events.some((e) => e.type === "escalated" && e.data.level === 1),
    l2: events.some((e) => e.type === "listed_supervision"),
    l3: events.some((e) => e.type === "escalated" && e.data.level === 3),
  };
}

/** Ladder steps recorded a second time for the same clock (or reason) with no reset between. */
export function repeatedLadderSteps(events: readonly CaseEvent[]): number {
  const steps = new Set<string>();
  let repeated = 0;
  for (const e of events) {
    if (LADDER_RESETS.has(e.type)) steps.clear();
    if (!LADDER_STEPS.has(e.type)) continue;
    const step = `${e.type}:${String(e.data.level ?? "")}:${String(e.data.clock ?? e.data.reason ?? "")}`;
    if (steps.has(step)) repeated++;
    steps.add(step);
  }
  return repeated;
}

/**
 * Clocks that went overdue (an L1 alert) and were then restarted without the old clock
 * kept among the case's past clocks: misses the clock tallies cannot see, by clock name.
 */
export function countReplacedOverdue(histories: readonly CaseHistory[]): Record<string, number> {
  const replaced: Record<string, number> = {};
  for (const { case: c, events } of histories) {
    for (const e of events) {
      if (e.type !== "escalated" || e.data.level !== 1) continue;
      const clock = String(e.data.clock);
      const current = c.clocks.find((k) => k.name === clock);
      const kept = (c.pastClocks ?? []).some((k) => k.name === clock && k.startedAt <= e.at);
      if (current && current.startedAt > e.at && !kept) replaced[clock] = (replaced[clock] ?? 0) + 1;
    }
  }
  return replaced;
}

export interface AgencyRow {
  agency: string;
  cases: number;
  ackMet: number;
  ackOverdue: number;
  handleMet: number;
  handleOverdue: number;
  escalated: number;
}

/**
 * A row per agency: the cases it leads now, the acknowledge and handle clocks it owns
 * (past ones included), and the cases it leads that reached L1 or L3. The bureau's own
 * clocks are not an agency's record; rows run from the most cases down.
 */
export function tallyAgencies(histories: readonly CaseHistory[], now: Date): AgencyRow[] {
  const rows = new Map<string, AgencyRow>();
  const row = (agency: string) => {
    let r = rows.get(agency);
    if (!r)
      rows.set(
        agency,
        (r = { agency, cases: 0, ackMet: 0, ackOverdue: 0, handleMet: 0, handleOverdue: 0, escalated: 0 }),
      );
    return r;
  };
  for (const { case: c, events } of histories) {
    if (c.leadAgency) row(c.leadAgency).cases++;
    for (const k of allClocks(c)) {
      if (k.name !== "acknowledge" && k.name !== "handle") continue;
      const r = row(k.owner);
      const ack = k.name === "acknowledge";
      if (isOverdue(k, now)) r[ack ? "ackOverdue" : "handleOverdue"]++;
      else if (k.state === "met") r[ack ? "ackMet" : "handleMet"]++;
    }
    const reached = ladderReached(events);
    if ((reached.l1 || reached.l3) && c.leadAgency) row(c.leadAgency).escalated++;
  }
  return [...rows.values()]
    .filter((r) => r.agency !== "bureau")
    .sort((x, y) => y.cases - x.cases || x.agency.localeCompare(y.agency));
}

function allClocks(c: Case): CaseClock[] {
  return [...(c.pastClocks ?? []), ...c.clocks];
}
