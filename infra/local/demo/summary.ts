// What a played quarter comes to, read back through the API as the bureau: this run's
// cases and their audit trails (each chain verified), the figures the domain's statistics
// give over them, the meetings and their minutes, and the bearing-factory case in full.
import type { Meeting } from "../../../shared/domain/meetings.js";
import type { CaseEvent } from "../../../shared/domain/model.js";
import {
  countCases,
  countReplacedOverdue,
  tallyClocks,
  tallyEscalations,
  type CaseCounts,
  type CaseHistory,
  type ClockTally,
  type EscalationTally,
  type Satisfaction,
} from "../../../shared/domain/stats.js";
import type { StatsFigures } from "../../../shared/domain/stats-report.js";
import { localDate } from "./local-time.js";
import { COORDINATOR } from "./county.js";
import { inPool } from "./pool.js";
import { listRunCases, readEvents } from "./read-back.js";
import type { CaseState, CaseView, Problem, QuarterScript } from "./script.js";
import { timelineEntry, type TimelineEntry } from "./timeline.js";

export interface MeetingSummary {
  id: string;
  title: string;
  scheduledAt: string;
  status: string;
  members: string[];
  present: string[];
  agenda: {
    code: string;
    category: string;
    reason: string;
    decided: boolean;
    lead?: string;
    cohandlers?: string[];
    handleDays?: number;
    leader?: string;
  }[];
  sanctions: { agency: string; kind: string; reason: string }[];
}

export interface BearingSummary {
  id: string;
  code: string;
  status: string;
  petitioner: string;
  headcount: number;
  collective: boolean;
  leadAgency?: string;
  cohandlers: string[];
  leader?: string;
  rating?: string;
  clocks: { name: string; state: string; dueAt: string; stoppedAt?: string; pausedMs: number }[];
  handleMet: boolean;
  repliedOnTime: boolean;
  timeline: TimelineEntry[];
}

/** The read-back part of a quarter's summary. */
export interface QuarterOutcome {
  /** Cases this run registered: the bearing-factory case and the ordinary ones. */
  registered: number;
  /** Counts over the cases; repeatsLinked counts the ordinary cases linked as repeat petitions. */
  cases: CaseCounts & { repeatsLinked: number };
  clocks: Record<string, ClockTally>;
  onTimeAcknowledgeRate: number | undefined;
  onTimeConclusionRate: number | undefined;
  /** Overdue clocks a meeting's re-routing replaced with fresh ones (not in the tallies above). */
  replacedOverdue: Record<string, number>;
  satisfaction: Satisfaction;
  escalations: EscalationTally;
  /** The agencies' assessment: GET /v1/stats by agency, one call. */
  byAgency: (StatsFigures & { key: { agency?: string } })[];
  chains: { verified: number; valid: number };
  meetings: MeetingSummary[];
  lastMinutes: string;
  bearing: BearingSummary | undefined;
  /** GET /v1/stats for the quarter: its totals (every figure above that is a rate or a count of the period). */
  statsTotals: StatsFigures | undefined;
  backlogRate: number | undefined;
}

export interface QuarterSummary extends QuarterOutcome {
  from: string;
  to: string;
  days: number;
  seed: number;
  problems: Problem[];
  ticks: number;
  requests: number;
  ms: { play: number; report: number };
}

export async function readOutcome(
  script: QuarterScript,
  run: { bearing: CaseState; meetingIds: readonly string[]; concurrency: number },
): Promise<QuarterOutcome> {
  const cases = await listRunCases(script);
  const chains = { verified: 0, valid: 0 };
  const eventsOf = new Map<string, CaseEvent[]>();
  await inPool(cases, run.concurrency, async (c) => {
    eventsOf.set(c.id, await readEvents(script, c.id));
    const verdict = await script.act<{ valid: boolean }>(
      `verify ${c.code}`,
      COORDINATOR,
      "GET",
      `/v1/cases/${c.id}/events/verify`,
    );
    if (verdict) {
      chains.verified++;
      if (verdict.valid) chains.valid++;
    }
  });
  const histories: CaseHistory[] = cases.map((c) => ({ case: c, events: eventsOf.get(c.id) ?? [] }));
  const clocks = tallyClocks(cases, script.now);

  const meetings = await readMeetings(script, run.meetingIds);
  const lastMeeting = run.meetingIds.at(-1);
  const lastMinutes = lastMeeting
    ? ((await script.act<string>(
        "read the minutes",
        COORDINATOR,
        "GET",
        `/v1/meetings/${lastMeeting}/minutes`,
      )) ?? "")
    : "";
  const b = cases.find((c) => c.id === run.bearing.id);
  const bearing = b ? summariseBearing(b, eventsOf.get(b.id) ?? []) : undefined;
  // The quarter's figures as GET /v1/stats answers them (the counters), not tallied here.
  const months = `from=${localDate(script.slotTime(0).toISOString()).slice(0, 7)}&to=${localDate(script.now.toISOString()).slice(0, 7)}`;
  const stats = await script.act<StatsAnswer>(
    "read the statistics",
    COORDINATOR,
    "GET",
    `/v1/stats?${months}`,
  );
  const assessment = await script.act<StatsAnswer>(
    "read the agencies' assessment",
    COORDINATOR,
    "GET",
    `/v1/stats?${months}&by=agency`,
  );

  const ordinary = cases.filter((c) => c.id !== run.bearing.id);
  return {
    registered: script.byId.size,
    cases: { ...countCases(cases), repeatsLinked: ordinary.filter((c) => c.repeatOf).length },
    clocks,
    onTimeAcknowledgeRate: stats?.totals.acknowledgedOnTimeRate,
    onTimeConclusionRate: stats?.totals.onTimeRate,
    backlogRate: stats?.totals.backlogRate,
    replacedOverdue: countReplacedOverdue(histories),
    satisfaction: satisfactionOf(stats?.totals),
    escalations: tallyEscalations(histories),
    byAgency: (assessment?.rows ?? []).filter((r) => r.key.agency !== "bureau"),
    statsTotals: stats?.totals,
    chains,
    meetings,
    lastMinutes,
    bearing,
  };
}

interface StatsAnswer {
  rows: (StatsFigures & { key: { agency?: string } })[];
  totals: StatsFigures;
}

function satisfactionOf(t: StatsFigures | undefined): Satisfaction {
  return {
    rated: t?.rated ?? 0,
    satisfied: t?.satisfied ?? 0,
    basically: t?.basicallySatisfied ?? 0,
    unsatisfied: t?.unsatisfied ?? 0,
    rate: t?.satisfactionRate,
  };
}

async function readMeetings(script: QuarterScript, ids: readonly string[]): Promise<MeetingSummary[]> {
  const meetings: MeetingSummary[] = [];
  for (const id of ids) {
    const m = await script.act<Meeting>("read meeting", COORDINATOR, "GET", `/v1/meetings/${id}`);
    if (!m) continue;
    meetings.push({
      id: m.id,
      title: m.title,
      scheduledAt: m.scheduledAt,
      status: m.status,
      members: m.members,
      present: m.present,
      agenda: m.agenda.map((i) => ({
        code: i.code,
        category: i.category,
        reason: i.reason,
        decided: !!i.decision,
        ...(i.decision
          ? {
              lead: i.decision.lead,
              cohandlers: i.decision.cohandlers,
              ...(i.decision.handleDays ? { handleDays: i.decision.handleDays } : {}),
              ...(i.decision.leader ? { leader: i.decision.leader } : {}),
            }
          : {}),
      })),
      sanctions: m.sanctions.map((s) => ({ agency: s.agency, kind: s.kind, reason: s.reason })),
    });
  }
  return meetings;
}

/** Replied on time means the reply came by the handling clock's due time, pauses included. */
function summariseBearing(b: CaseView, events: readonly CaseEvent[]): BearingSummary {
  const handleClock = b.clocks.find((k) => k.name === "handle");
  return {
    id: b.id,
    code: b.code,
    status: b.status,
    petitioner: b.petitioner.name,
    headcount: b.headcount,
    collective: b.collective,
    ...(b.leadAgency ? { leadAgency: b.leadAgency } : {}),
    cohandlers: b.cohandlers,
    ...(b.leader ? { leader: b.leader } : {}),
    ...(b.rating ? { rating: b.rating } : {}),
    clocks: b.clocks.map((k) => ({
      name: k.name,
      state: k.state,
      dueAt: k.dueAt,
      ...(k.stoppedAt ? { stoppedAt: k.stoppedAt } : {}),
      pausedMs: k.pausedMs,
    })),
    handleMet: handleClock?.state === "met",
    repliedOnTime:
      !!b.outcome && b.outcome.kind === "replied" && !!handleClock && b.outcome.at <= handleClock.dueAt,
    timeline: events.map(timelineEntry),
  };
}
