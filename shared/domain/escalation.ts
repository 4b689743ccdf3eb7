// The deadline watch: a due-soon warning, then the escalation ladder — L1 at
// due (alert the handler and agency head, and the owning leader), L2 at due + 7 days
// (listed supervision by the bureau, 挂牌督办), L3 at due + 15 days or when a listed case
// goes overdue again (onto the next joint meeting's agenda) — and a dispute unresolved
// for 5 working days onto the agenda too. Each step happens once and is an event.
import { DAY_MS } from "../durations.js";
import { addWorkingDays, endOfLocalDay, localDay } from "./calendar.js";
import type { DeadlinePolicy } from "./deadlines.js";
import { BUREAU } from "./access.js";
import { finish } from "./audit.js";
import { stopClock, WINDOW_CLOCKS } from "./clocks.js";
import type { Decision } from "./decide.js";
import { TERMINAL_STATUSES } from "./lifecycle.js";
import { notify } from "./notifications.js";
import type { Actor, Case, CaseClock, EventDraft, OutboxEntry } from "./model.js";

export interface EscalationRules {
  /** Warn when this share of the period has elapsed… */
  warnFraction: number;
  /** …or when this many days are left, whichever comes first. */
  warnDaysLeft: number;
  listedSupervisionAfterDays: number;
  meetingAfterDays: number;
  disputeToMeetingWorkingDays: number;
}

export const defaultEscalationRules: EscalationRules = {
  warnFraction: 0.8,
  warnDaysLeft: 3,
  listedSupervisionAfterDays: 7,
  meetingAfterDays: 15,
  disputeToMeetingWorkingDays: 5,
};

type Step = "warn" | 1 | 2 | 3;

/** When a duty clock's due-soon warning falls: the sweeper's step, and the console's "due soon". */
export function warnAt(clock: CaseClock, rules: EscalationRules): number {
  const start = Date.parse(clock.startedAt);
  const due = Date.parse(clock.dueAt);
  return Math.max(
    start,
    Math.min(start + rules.warnFraction * (due - start), due - rules.warnDaysLeft * DAY_MS),
  );
}

/** The next step of a duty clock and when it falls due; none for windows, paused or stopped clocks. */
function nextStep(clock: CaseClock, rules: EscalationRules): { step: Step; at: number } | undefined {
  if (WINDOW_CLOCKS.has(clock.name) || clock.stoppedAt || clock.state === "paused" || clock.state === "met")
    return undefined;
  const due = Date.parse(clock.dueAt);
  const level = clock.level ?? 0;
  if (level === 0 && !clock.warnedAt) return { step: "warn", at: warnAt(clock, rules) };
  if (level === 0) return { step: 1, at: due };
  if (level === 1) return { step: 2, at: due + rules.listedSupervisionAfterDays * DAY_MS };
  if (level === 2) return { step: 3, at: due + rules.meetingAfterDays * DAY_MS };
  return undefined;
}

/** When a dispute raised at `objectedAt` and still unresolved goes to the joint meeting. */
export function disputeDueAt(objectedAt: string, policy: DeadlinePolicy, rules: EscalationRules): number {
  const tz = policy.calendar.timeZone;
  return endOfLocalDay(
    addWorkingDays(policy.calendar, localDay(new Date(objectedAt), tz), rules.disputeToMeetingWorkingDays),
    tz,
  ).getTime();
}

function disputeDeadline(c: Case, policy: DeadlinePolicy, rules: EscalationRules): number | undefined {
  // Once waiting for a meeting, or on one's agenda, the dispute is the meeting's: no second step.
  if (c.status !== "disputed" || !c.objection || c.agendaPending || c.escalation.meetingId) return undefined;
  return disputeDueAt(c.objection.at, policy, rules);
}

/** When the sweeper next has something to do for this case, if ever. */
export function nextActionTime(c: Case, policy: DeadlinePolicy, rules: EscalationRules): number | undefined {
  if (TERMINAL_STATUSES.has(c.status)) return undefined;
  const times: number[] = [];
  for (const clock of c.clocks) {
    if (WINDOW_CLOCKS.has(clock.name) && clock.state === "running") times.push(Date.parse(clock.dueAt));
    const next = nextStep(clock, rules);
    if (next) times.push(next.at);
  }
  const dispute = disputeDeadline(c, policy, rules);
  if (dispute !== undefined) times.push(dispute);
  return times.length ? Math.min(...times) : undefined;
}

export interface EscalationContext {
  now: Date;
  policy: DeadlinePolicy;
  rules: EscalationRules;
  newId: () => string;
  actor: Actor;
}

/** Every warning and escalation step due at `now`, applied in order, as one decision. */
export function escalate(c: Case, ctx: EscalationContext): Decision | undefined {
  const next: Case = structuredClone(c);
  const drafts: EventDraft[] = [];
  const outbox: OutboxEntry[] = [];
  const now = ctx.now.getTime();
  const nowIso = ctx.now.toISOString();
  const alert = (
    clock: CaseClock,
    type: "due_soon" | "overdue" | "supervision" | "agenda",
    headsOnly: boolean,
  ) => {
    notify(next, ctx, outbox, clock.owner, type, headsOnly ? ["agency_head"] : ["handler", "agency_head"]);
    if (type === "supervision" || type === "agenda") notify(next, ctx, outbox, BUREAU, type, ["coordinator"]);
    if (next.leader) notify(next, ctx, outbox, BUREAU, type, ["leader"], next.leader);
  };
  // Each step of the ladder taken, kept on the case for the statistics (escalations by level).
  const record = (level: 1 | 2 | 3, owner: string) => {
    next.escalations = [...(next.escalations ?? []), { level, owner, at: nowIso }];
  };
  const toAgenda = (reason: "escalated" | "dispute", clock?: CaseClock) => {
    next.escalation.level = 3;
    next.agendaPending ??= { reason, at: nowIso };
    record(3, clock?.owner ?? next.objection?.by ?? next.leadAgency ?? BUREAU);
    drafts.push({
      type: "escalated",
      data: { level: 3, reason, ...(clock ? { clock: clock.name } : {}), to: "joint_meeting" },
    });
  };

  for (const clock of next.clocks) {
    if (WINDOW_CLOCKS.has(clock.name) && clock.state === "running" && Date.parse(clock.dueAt) <= now) {
      stopClock(clock, ctx.now, "met");
      drafts.push({ type: "window_lapsed", data: { clock: clock.name, dueAt: clock.dueAt } });
      continue;
    }
    for (let step = nextStep(clock, ctx.rules); step && step.at <= now; step = nextStep(clock, ctx.rules)) {
      if (step.step === "warn") {
        clock.warnedAt = nowIso;
        // A clock found already past due gets no warning, only its overdue step.
        if (Date.parse(clock.dueAt) > now) {
          drafts.push({
            type: "due_soon",
            data: { clock: clock.name, owner: clock.owner, dueAt: clock.dueAt },
          });
          alert(clock, "due_soon", false);
        }
      } else if (step.step === 1) {
        clock.level = 1;
        clock.state = "overdue";
        record(1, clock.owner);
        drafts.push({
          type: "escalated",
          data: { level: 1, clock: clock.name, owner: clock.owner, dueAt: clock.dueAt },
        });
        if (next.escalation.level < 1) next.escalation.level = 1;
        alert(clock, "overdue", false);
        // A case under listed supervision that goes overdue again goes to the joint meeting.
        if (next.escalation.supervised && next.escalation.level < 3) {
          clock.level = 3;
          toAgenda("escalated", clock);
          alert(clock, "agenda", true);
        }
      } else if (step.step === 2) {
        clock.level = 2;
        next.escalation.supervised = true;
        if (next.escalation.level < 2) next.escalation.level = 2;
        record(2, clock.owner);
        drafts.push({
          type: "listed_supervision",
          data: { level: 2, clock: clock.name, owner: clock.owner, by: BUREAU },
        });
        alert(clock, "supervision", true);
      } else {
        clock.level = 3;
        if (next.escalation.level < 3) {
          toAgenda("escalated", clock);
          alert(clock, "agenda", true);
        }
      }
    }
  }
  const dispute = disputeDeadline(next, ctx.policy, ctx.rules);
  if (dispute !== undefined && dispute <= now) {
    toAgenda("dispute");
    notify(next, ctx, outbox, BUREAU, "agenda", ["coordinator"]);
  }
  if (!drafts.length) return undefined;
  return finish(c, next, drafts, outbox, ctx, "system");
}
