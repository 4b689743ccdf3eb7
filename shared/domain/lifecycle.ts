// The case lifecycle as one table of data (DESIGN §1, §5): for each status, the commands
// allowed, who may issue them, the next status and the clocks they stop and start.
// `decide` checks a command against the table and the rules of 信访工作条例, and returns
// the new case, its events and the messages to send; it reads no clock and touches no AWS.
import { ConflictError, ForbiddenError, RuleViolationError } from "../errors.js";
import { BUREAU, type Identity } from "./access.js";
import { GENESIS_HASH, hashEvent } from "./audit.js";
import { reschedule, startClock, type DeadlinePolicy } from "./deadlines.js";
import type {
  Actor, Case, CaseClock, CaseEvent, ClockName, EventDraft, Handoff, Notification, OutboxEntry, PauseReason, Role, RouteKind, Status,
} from "./model.js";
import { resolveRoute, type Reference } from "./routing.js";

/**
 * Who must issue a command: the petition bureau, the case's lead agency, the agency
 * reviewing it now, its owning leader, anyone involved, the bureau through a joint meeting's
 * decision, or the platform itself.
 */
export type Party = "bureau" | "lead" | "reviewer" | "leader" | "involved" | "meeting" | "system";

export interface Transition {
  party: Party;
  roles: readonly Role[];
  /** Status after the command; omitted when the status does not change. */
  next?: Status | ((input: never) => Status);
  stop?: readonly ClockName[];
  start?: readonly ClockName[];
}

export interface CommandInputs {
  route: { kind: RouteKind; to?: string; cohandlers?: string[]; reportBackDays?: number };
  "apply-handoff": Handoff;
  acknowledge: Record<string, never>;
  decline: { reason: string; basis: string };
  object: { reason: string };
  "resolve-dispute": { to: string; kind?: RouteKind; cohandlers?: string[]; reportBackDays?: number };
  "add-cohandler": { agency: string };
  note: { text: string };
  "request-extension": { days: number; reason: string };
  "approve-extension": { approve: boolean };
  pause: { clock?: ClockName; reason: PauseReason; note?: string };
  resume: { clock?: ClockName };
  reply: { summary: string; text: string };
  "request-review": { reason: string };
  "review-opinion": { decision: "upheld" | "changed"; text: string };
  "request-re-review": { reason: string };
  "re-review-opinion": { decision: "upheld" | "changed"; text: string };
  "assign-leader": { leader: string };
  instruct: { text: string };
  supervise: { note: string; dueAt?: string };
  "flag-joint-handling": { note: string };
  hearing: { at: string; participants: string[]; outcome?: string };
  rate: { rating: "satisfied" | "basically_satisfied" | "unsatisfied" };
  "link-repeat": { caseId: string };
  close: Record<string, never>;
  "place-on-agenda": { meetingId: string };
  "carry-over": { meetingId: string };
  "meeting-decision": { meetingId: string; lead: string; cohandlers?: string[]; handleDays?: number; leader?: string; note: string };
}
export type CommandName = keyof CommandInputs;

const BUREAU_STAFF: readonly Role[] = ["intake", "coordinator"];
const COORDINATOR: readonly Role[] = ["coordinator"];
const AGENCY_STAFF: readonly Role[] = ["handler", "agency_head"];
const AGENCY_HEAD: readonly Role[] = ["agency_head"];
const LEADER: readonly Role[] = ["leader"];
const ANYONE_BUT_AUDITOR: readonly Role[] = ["intake", "coordinator", "handler", "agency_head", "leader", "meeting_member"];
const SYSTEM: readonly Role[] = [];

const handedOff = ((input: Handoff): Status => (input.kind === "transfer" ? "transferred" : "assigned")) as Transition["next"];

type Row = Partial<Record<CommandName, Transition>>;

/** Commands any open case takes, whatever its status. */
const onEveryOpenCase: Row = {
  note: { party: "involved", roles: ANYONE_BUT_AUDITOR },
  "assign-leader": { party: "bureau", roles: COORDINATOR },
  instruct: { party: "leader", roles: LEADER },
  supervise: { party: "bureau", roles: COORDINATOR },
  "flag-joint-handling": { party: "bureau", roles: COORDINATOR },
  "place-on-agenda": { party: "system", roles: SYSTEM },
  "carry-over": { party: "system", roles: SYSTEM },
  // A joint meeting's decision: a new lead over the queue, clocks restarted, the ladder reset.
  "meeting-decision": { party: "meeting", roles: COORDINATOR, next: "routing" },
};
/** Commands a finished case still takes: they change no status and no clock. */
const onFinishedCase: Row = {
  note: { party: "involved", roles: ANYONE_BUT_AUDITOR },
  rate: { party: "bureau", roles: BUREAU_STAFF },
};
const handling = (party: "lead" | "reviewer"): Row => ({
  pause: { party, roles: AGENCY_STAFF },
  resume: { party, roles: AGENCY_STAFF },
  hearing: { party, roles: AGENCY_STAFF },
});
const received: Row = {
  acknowledge: { party: "lead", roles: AGENCY_STAFF, next: "accepted", stop: ["acknowledge", "object"], start: ["handle"] },
  decline: { party: "lead", roles: AGENCY_STAFF, next: "closed", stop: ["acknowledge", "object", "report_back"] },
  // 信访工作条例 Art. 23: the receiving agency may object to a wrong transfer within 5 working days.
  object: { party: "lead", roles: AGENCY_STAFF, next: "disputed", stop: ["acknowledge", "object", "report_back"] },
  "add-cohandler": { party: "bureau", roles: COORDINATOR },
  pause: { party: "lead", roles: AGENCY_STAFF },
  resume: { party: "lead", roles: AGENCY_STAFF },
};

export const machine: Readonly<Record<Status, Readonly<Row>>> = {
  registered: {
    ...onEveryOpenCase,
    route: { party: "bureau", roles: BUREAU_STAFF, next: "routing", stop: ["route"] },
    decline: { party: "bureau", roles: BUREAU_STAFF, next: "closed", stop: ["route"] },
    "link-repeat": { party: "bureau", roles: BUREAU_STAFF, next: "closed", stop: ["route"] },
  },
  routing: {
    ...onEveryOpenCase,
    "apply-handoff": { party: "system", roles: SYSTEM, next: handedOff, start: ["acknowledge", "object"] },
  },
  transferred: { ...onEveryOpenCase, ...received },
  assigned: { ...onEveryOpenCase, ...received },
  disputed: {
    ...onEveryOpenCase,
    "resolve-dispute": { party: "bureau", roles: COORDINATOR, next: "routing" },
  },
  accepted: {
    ...onEveryOpenCase,
    ...handling("lead"),
    "add-cohandler": { party: "bureau", roles: COORDINATOR },
    "request-extension": { party: "lead", roles: AGENCY_STAFF },
    // Art. 34: one extension of at most 30 days, approved by the agency's head.
    "approve-extension": { party: "lead", roles: AGENCY_HEAD },
    reply: { party: "lead", roles: AGENCY_STAFF, next: "replied", stop: ["handle", "report_back"], start: ["review_window"] },
  },
  replied: {
    ...onEveryOpenCase,
    rate: { party: "bureau", roles: BUREAU_STAFF },
    // Art. 35: a review by the superior agency, requested within 30 days of the reply.
    "request-review": { party: "bureau", roles: BUREAU_STAFF, next: "review_requested", stop: ["review_window"], start: ["review"] },
    close: { party: "system", roles: SYSTEM, next: "closed", stop: ["review_window"] },
  },
  review_requested: {
    ...onEveryOpenCase,
    ...handling("reviewer"),
    rate: { party: "bureau", roles: BUREAU_STAFF },
    "review-opinion": { party: "reviewer", roles: AGENCY_STAFF, next: "reviewed", stop: ["review"], start: ["re_review_window"] },
  },
  reviewed: {
    ...onEveryOpenCase,
    rate: { party: "bureau", roles: BUREAU_STAFF },
    // Art. 36: a re-review by the reviewing agency's superior, requested within 30 days.
    "request-re-review": { party: "bureau", roles: BUREAU_STAFF, next: "re_review_requested", stop: ["re_review_window"], start: ["re_review"] },
    close: { party: "system", roles: SYSTEM, next: "closed", stop: ["re_review_window"] },
  },
  re_review_requested: {
    ...onEveryOpenCase,
    ...handling("reviewer"),
    rate: { party: "bureau", roles: BUREAU_STAFF },
    "re-review-opinion": { party: "reviewer", roles: AGENCY_STAFF, next: "final", stop: ["re_review"] },
  },
  final: { ...onFinishedCase },
  closed: { ...onFinishedCase },
};

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(["final", "closed"]);
/** Windows the petitioner or agency may act within; they lapse rather than go overdue. */
export const WINDOW_CLOCKS: ReadonlySet<ClockName> = new Set(["object", "review_window", "re_review_window"]);
/** Clocks a hearing may pause (Art. 35, 36: hearing time is excluded from review periods). */
const HEARING_ONLY: ReadonlySet<ClockName> = new Set(["review", "re_review"]);
export const MAX_EXTENSION_DAYS = 30;

export interface DecideContext {
  actor: Identity;
  now: Date;
  policy: DeadlinePolicy;
  reference: Reference;
  newId: () => string;
  /** Another case the command refers to (link-repeat), loaded by the caller. */
  related?: Case;
}

export interface Decision {
  case: Case;
  events: CaseEvent[];
  outbox: OutboxEntry[];
}

/** The platform's own identity for events it records (router, sweeper). */
export const systemActor = (name: string): Identity => ({ sub: `system:${name}`, agency: "system", roles: [] });
const isSystem = (who: Actor) => who.sub.startsWith("system:");

/** Roles that may issue `command` in some status. */
export function rolesAllowedAnywhere(command: CommandName): Set<Role> {
  const roles = new Set<Role>();
  for (const row of Object.values(machine)) for (const r of row[command]?.roles ?? []) roles.add(r);
  return roles;
}

export const COMMAND_NAMES = [...new Set(Object.values(machine).flatMap((row) => Object.keys(row)))] as CommandName[];

/** The agency answerable for the case's current step, for the "reviewer" party. */
function reviewingAgency(c: Case): string | undefined {
  if (c.status === "review_requested") return c.reviewer;
  if (c.status === "re_review_requested") return c.reReviewer;
  return undefined;
}

function partyMatches(c: Case, who: Actor, t: Transition): boolean {
  switch (t.party) {
    case "bureau": case "meeting": return who.agency === BUREAU;
    case "lead": return who.agency === c.leadAgency;
    case "reviewer": return who.agency === reviewingAgency(c);
    case "leader": return c.leader === who.sub;
    case "involved": return who.agency === BUREAU || c.involved.includes(who.agency) || c.leader === who.sub;
    case "system": return isSystem(who);
  }
}

const PARTY_NAMES: Record<Party, string> = {
  bureau: "the petition bureau", lead: "the lead agency", reviewer: "the reviewing agency", leader: "the case's owning leader",
  involved: "those involved in the case", meeting: "the joint meeting", system: "the platform",
};

/** Commands this identity may issue on this case now: what the API and console offer. */
export function availableCommands(c: Case, who: Identity): CommandName[] {
  return (Object.entries(machine[c.status]) as [CommandName, Transition][])
    .filter(([, t]) => t.party !== "system" && t.party !== "meeting" && partyMatches(c, who, t) && t.roles.some((r) => who.roles.includes(r)))
    .map(([name]) => name);
}

export function decide<C extends CommandName>(c: Case, command: C, input: CommandInputs[C], ctx: DecideContext): Decision {
  const t = machine[c.status][command];
  const system = isSystem(ctx.actor);
  if (!system) {
    const anywhere = rolesAllowedAnywhere(command);
    if (!ctx.actor.roles.some((r) => anywhere.has(r))) {
      throw new ForbiddenError(`Your roles (${ctx.actor.roles.join(", ") || "none"}) may not ${command} a case.`, { command });
    }
  }
  if (!t) throw new ConflictError(`A case in status "${c.status}" does not accept "${command}".`, { caseStatus: c.status, command });
  if (!partyMatches(c, ctx.actor, t)) {
    throw new ForbiddenError(`Only ${PARTY_NAMES[t.party]} may ${command} a case in status "${c.status}".`, { command });
  }
  const role = system ? "system" : ctx.actor.roles.find((r) => t.roles.includes(r));
  if (!role) throw new ForbiddenError(`Your roles may not ${command} a case in status "${c.status}"; allowed: ${t.roles.join(", ")}.`, { command });

  const next: Case = structuredClone(c);
  const drafts: EventDraft[] = [];
  const outbox: OutboxEntry[] = [];
  const clockData: { met: string[]; overdue: string[]; started: { name: string; dueAt: string }[] } = { met: [], overdue: [], started: [] };

  // Rules first (they read the clocks as they were), then the table's clock effects.
  const effect = effects[command] as Effect<C>;
  const outcome = effect(next, input, ctx, outbox);

  for (const name of t.stop ?? []) {
    const clock = activeClock(next, name);
    if (!clock) continue;
    stopClock(clock, ctx.now);
    (clock.state === "met" ? clockData.met : clockData.overdue).push(name);
  }
  const starts: { name: ClockName; owner: string; length?: number }[] = [
    ...(t.start ?? []).map((name) => ({ name, owner: clockOwner(next, name) })),
    ...(outcome.extraClocks ?? []),
  ];
  for (const s of starts) {
    // A period into a year without calendar data says so on the clock itself, not as an
    // event in the name of whoever issued the command.
    const { clock } = startClock(ctx.policy, s.name, s.owner, ctx.now, s.length);
    replaceClock(next, clock);
    clockData.started.push({ name: s.name, dueAt: clock.dueAt });
  }

  if (t.next) next.status = typeof t.next === "function" ? (t.next as (i: unknown) => Status)(input) : t.next;
  const eventData: Record<string, unknown> = { ...outcome.data };
  if (clockData.met.length || clockData.overdue.length || clockData.started.length) eventData.clocks = clockData;
  if (next.status !== c.status) eventData.status = next.status;
  drafts.unshift({ type: outcome.event, data: eventData });
  return finish(c, next, drafts, outbox, ctx, role);
}

function clockOwner(c: Case, name: ClockName): string {
  switch (name) {
    case "review": return c.reviewer ?? BUREAU;
    case "re_review": return c.reReviewer ?? BUREAU;
    case "route": case "review_window": case "re_review_window": return BUREAU;
    default: return c.leadAgency ?? BUREAU;
  }
}

interface EffectOutcome {
  event: string;
  data: Record<string, unknown>;
  extraClocks?: { name: ClockName; owner: string; length?: number }[];
}
type Effect<C extends CommandName> = (c: Case, input: CommandInputs[C], ctx: DecideContext, outbox: OutboxEntry[]) => EffectOutcome;

export function notify(
  c: Case, ctx: { newId: () => string; now: Date }, outbox: OutboxEntry[], agency: string, type: Notification["type"],
  roles: Role[] = ["handler", "agency_head"], user?: string,
) {
  const n: Notification = { id: ctx.newId(), type, caseId: c.id, agency, roles, ...(user ? { user } : {}), level: c.escalation.level, at: ctx.now.toISOString() };
  outbox.push({ id: n.id, queue: "notifications", caseId: c.id, body: { ...n } });
}

function requestHandoff(c: Case, input: { kind: RouteKind; to?: string; cohandlers?: string[]; reportBackDays?: number }, ctx: DecideContext, outbox: OutboxEntry[]) {
  if (input.reportBackDays !== undefined && (input.reportBackDays < 1 || input.reportBackDays > 365)) {
    throw new RuleViolationError("report-back-days", "A report-back period runs from 1 to 365 days.");
  }
  const target = resolveRoute(c, input, ctx.reference);
  const handoff: Handoff = {
    id: ctx.newId(), caseId: c.id, kind: input.kind, from: ctx.actor.agency, to: target.lead, cohandlers: target.cohandlers,
    requestedAt: ctx.now.toISOString(), ...(input.reportBackDays !== undefined ? { reportBackDays: input.reportBackDays } : {}),
  };
  c.pendingHandoff = handoff;
  outbox.push({ id: handoff.id, queue: "handoffs", caseId: c.id, body: { ...handoff } });
  return { handoffId: handoff.id, kind: input.kind, to: target.lead, cohandlers: target.cohandlers, rule: target.rule };
}

function superiorOf(ctx: DecideContext, agency: string | undefined, what: string): string {
  const superior = agency ? ctx.reference.agencies.get(agency)?.superior : undefined;
  if (!superior) throw new RuleViolationError("superior-exists", `"${agency ?? "no agency"}" has no superior agency to ${what}.`);
  return superior;
}

/** A review goes to the superior agency, unless the petition complains about it (Art. 30): then the bureau must arrange it. */
function notRespondent(c: Case, agency: string, what: string): string {
  if (agency === c.respondent?.agency) {
    throw new RuleViolationError("respondent-never-routed", `The ${what} would go to "${agency}", which the petition complains about; the bureau must arrange it (信访工作条例 Art. 30).`);
  }
  return agency;
}

function involve(c: Case, agency: string) {
  if (!c.involved.includes(agency)) c.involved.push(agency);
}

function withinWindow(c: Case, name: ClockName, now: Date, what: string) {
  const window = c.clocks.find((k) => k.name === name && !k.stoppedAt);
  if (!window || new Date(window.dueAt) < now) {
    throw new ConflictError(`The period to ${what} has ended${window ? ` (${window.dueAt})` : ""}.`, { clock: name, ...(window ? { dueAt: window.dueAt } : {}) });
  }
}

/** The clock a pause or resume means when none is named: the one running in this status. */
function defaultClockFor(c: Case): ClockName | undefined {
  const byStatus: Partial<Record<Status, ClockName>> = {
    transferred: "acknowledge", assigned: "acknowledge", accepted: "handle", review_requested: "review", re_review_requested: "re_review",
  };
  return byStatus[c.status];
}

const effects: { [C in CommandName]: Effect<C> } = {
  route: (c, input, ctx, outbox) => ({ event: "route_requested", data: requestHandoff(c, input, ctx, outbox) }),

  "apply-handoff"(c, handoff, ctx, outbox) {
    if (c.pendingHandoff?.id !== handoff.id) {
      throw new ConflictError(`Handoff ${handoff.id} is not the one this case is waiting for.`, { handoffId: handoff.id });
    }
    delete c.pendingHandoff;
    delete c.objection;
    c.leadAgency = handoff.to;
    c.cohandlers = handoff.cohandlers.filter((a) => a !== handoff.to);
    for (const a of [handoff.to, ...c.cohandlers]) involve(c, a);
    for (const agency of [handoff.to, ...c.cohandlers]) notify(c, ctx, outbox, agency, "handoff");
    const extraClocks = handoff.kind === "assign"
      ? [{ name: "report_back" as const, owner: handoff.to, length: handoff.reportBackDays ?? ctx.policy.clocks.report_back.length }]
      : [];
    return { event: handoff.kind === "transfer" ? "transferred" : "assigned", data: { handoffId: handoff.id, lead: handoff.to, cohandlers: c.cohandlers }, extraClocks };
  },

  acknowledge: () => ({ event: "acknowledged", data: {} }),

  decline(c, input, ctx) {
    const stopped = stopAll(c, ctx.now);
    c.outcome = { kind: "declined", summary: input.reason, at: ctx.now.toISOString() };
    return { event: "declined", data: { reason: input.reason, basis: input.basis, ...(stopped.length ? { stoppedClocks: stopped } : {}) } };
  },

  object(c, input, ctx) {
    withinWindow(c, "object", ctx.now, "object to the transfer (5 working days from receipt, Art. 23)");
    c.objection = { by: ctx.actor.agency, reason: input.reason, at: ctx.now.toISOString() };
    const from = c.leadAgency;
    delete c.leadAgency;
    return { event: "objected", data: { agency: from, reason: input.reason } };
  },

  "resolve-dispute": (c, input, ctx, outbox) =>
    ({ event: "dispute_resolved", data: requestHandoff(c, { kind: input.kind ?? "transfer", to: input.to, ...(input.cohandlers ? { cohandlers: input.cohandlers } : {}), ...(input.reportBackDays !== undefined ? { reportBackDays: input.reportBackDays } : {}) }, ctx, outbox) }),

  "add-cohandler"(c, input, ctx, outbox) {
    const { agency } = input;
    if (!ctx.reference.agencies.has(agency) || agency === BUREAU) throw new RuleViolationError("known-agency", `"${agency}" is not an agency that can co-handle.`);
    if (agency === c.respondent?.agency) throw new RuleViolationError("respondent-never-routed", `The case complains about "${agency}": it may not handle it (信访工作条例 Art. 30).`);
    if (agency === c.leadAgency || c.cohandlers.includes(agency)) throw new RuleViolationError("cohandler-new", `"${agency}" already handles the case.`);
    c.cohandlers.push(agency);
    involve(c, agency);
    notify(c, ctx, outbox, agency, "handoff");
    return { event: "cohandler_added", data: { agency } };
  },

  note: (_c, input) => ({ event: "note_added", data: { text: input.text } }),

  "request-extension"(c, input, ctx) {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) {
      throw new RuleViolationError("extension-max-30-days", `An extension is 1 to ${MAX_EXTENSION_DAYS} days (信访工作条例 Art. 34).`);
    }
    if (c.extension?.decision === "approved") throw new RuleViolationError("extension-once", "The case has had its one extension (信访工作条例 Art. 34).");
    if (c.extension && !c.extension.decision) throw new ConflictError("An extension request is already waiting for the agency head.");
    c.extension = { days: input.days, reason: input.reason, requestedAt: ctx.now.toISOString(), requestedBy: ctx.actor.sub };
    return { event: "extension_requested", data: { days: input.days, reason: input.reason } };
  },

  "approve-extension"(c, input, ctx) {
    const request = c.extension;
    if (!request || request.decision) throw new ConflictError("No extension request is waiting.");
    request.decision = input.approve ? "approved" : "refused";
    request.decidedAt = ctx.now.toISOString();
    const data: Record<string, unknown> = { approve: input.approve, days: request.days, reasonForPetitioner: request.reason };
    if (input.approve) {
      for (const name of ["handle", "report_back"] as const) {
        const clock = activeClock(c, name);
        if (!clock) continue;
        clock.length += request.days;
        reschedule(ctx.policy, clock);
        if (clock.state === "overdue" && new Date(clock.dueAt) > ctx.now) {
          // Back within its period: the ladder starts again, but listed supervision stays.
          clock.state = "running";
          clock.level = 0;
          delete clock.warnedAt;
        }
        data[`${name}DueAt`] = clock.dueAt;
      }
    }
    return { event: input.approve ? "extension_approved" : "extension_refused", data };
  },

  pause(c, input, ctx) {
    const name = input.clock ?? defaultClockFor(c);
    const clock = name ? activeClock(c, name) : undefined;
    if (!name || !clock || clock.state !== "running") throw new ConflictError(`No running ${name ?? ""} clock to pause.`.replace("  ", " "), { clock: name });
    if (WINDOW_CLOCKS.has(name)) throw new RuleViolationError("window-not-pausable", `The ${name} period is the petitioner's or agency's window; it does not pause.`);
    if (HEARING_ONLY.has(name) && input.reason !== "hearing") {
      throw new RuleViolationError("review-pause-hearing-only", "Only hearing time is excluded from review and re-review periods (信访工作条例 Art. 35, 36).");
    }
    clock.state = "paused";
    clock.pausedAt = ctx.now.toISOString();
    clock.pauseReason = input.reason;
    return { event: "clock_paused", data: { clock: name, reason: input.reason, ...(input.note ? { note: input.note } : {}) } };
  },

  resume(c, input, ctx) {
    const name = input.clock ?? c.clocks.find((k) => k.state === "paused")?.name;
    const clock = name ? activeClock(c, name) : undefined;
    if (!name || !clock || clock.state !== "paused" || !clock.pausedAt) throw new ConflictError("No paused clock to resume.", { clock: name });
    const pausedFor = Math.max(0, ctx.now.getTime() - Date.parse(clock.pausedAt));
    clock.pausedMs += pausedFor;
    delete clock.pausedAt;
    delete clock.pauseReason;
    reschedule(ctx.policy, clock);
    clock.state = "running";
    return { event: "clock_resumed", data: { clock: name, pausedMs: pausedFor, dueAt: clock.dueAt } };
  },

  reply(c, input, ctx) {
    if (c.clocks.some((k) => k.state === "paused" && k.name === "handle")) throw new ConflictError("Resume the handling clock before replying.");
    c.outcome = { kind: "replied", summary: input.summary, at: ctx.now.toISOString() };
    return { event: "replied", data: { summary: input.summary, text: input.text } };
  },

  "request-review"(c, input, ctx, outbox) {
    withinWindow(c, "review_window", ctx.now, "request a review (30 days from the reply, Art. 35)");
    c.reviewer = notRespondent(c, superiorOf(ctx, c.leadAgency, "review the reply"), "review");
    involve(c, c.reviewer);
    notify(c, ctx, outbox, c.reviewer, "handoff");
    return { event: "review_requested", data: { reason: input.reason, reviewer: c.reviewer } };
  },

  "review-opinion": (_c, input) => ({ event: "review_opinion_given", data: { decision: input.decision, text: input.text } }),

  "request-re-review"(c, input, ctx, outbox) {
    withinWindow(c, "re_review_window", ctx.now, "request a re-review (30 days from the review opinion, Art. 36)");
    c.reReviewer = notRespondent(c, superiorOf(ctx, c.reviewer, "re-review the case"), "re-review");
    involve(c, c.reReviewer);
    notify(c, ctx, outbox, c.reReviewer, "handoff");
    return { event: "re_review_requested", data: { reason: input.reason, reReviewer: c.reReviewer } };
  },

  "re-review-opinion": (_c, input) => ({ event: "re_review_opinion_given", data: { decision: input.decision, text: input.text, final: true } }),

  "assign-leader"(c, input) {
    c.leader = input.leader;
    return { event: "leader_assigned", data: { leader: input.leader } };
  },

  instruct: (_c, input) => ({ event: "instructed", data: { text: input.text } }),

  supervise(c, input, ctx) {
    if (input.dueAt && new Date(input.dueAt) <= ctx.now) throw new RuleViolationError("supervision-due-in-future", "A supervision deadline lies in the future.");
    c.supervision = { note: input.note, at: ctx.now.toISOString(), ...(input.dueAt ? { dueAt: new Date(input.dueAt).toISOString() } : {}) };
    return { event: "supervised", data: { note: input.note, ...(input.dueAt ? { dueAt: c.supervision.dueAt } : {}) } };
  },

  "flag-joint-handling"(c, input, ctx) {
    c.jointHandling = { note: input.note, at: ctx.now.toISOString() };
    c.agendaPending ??= { reason: "joint_handling", at: ctx.now.toISOString() };
    return { event: "joint_handling_flagged", data: { note: input.note } };
  },

  hearing(c, input) {
    const hearing = { at: new Date(input.at).toISOString(), participants: input.participants, ...(input.outcome ? { outcome: input.outcome } : {}) };
    c.hearings.push(hearing);
    // Participants are people: their names stay on the case (masked in every view), the
    // audit trail every party reads records how many took part.
    return { event: "hearing_held", data: { at: hearing.at, participantCount: input.participants.length, ...(input.outcome ? { outcome: input.outcome } : {}) } };
  },

  rate(c, input) {
    if (!c.outcome || c.outcome.kind !== "replied") throw new RuleViolationError("rate-a-reply", "Only a written reply can be rated.");
    c.rating = input.rating;
    return { event: "rated", data: { rating: input.rating } };
  },

  "link-repeat"(c, input, ctx) {
    const earlier = ctx.related;
    if (!earlier || earlier.id !== input.caseId || earlier.id === c.id) throw new RuleViolationError("repeat-of-known-case", `No case ${input.caseId} to link to.`);
    if (TERMINAL_STATUSES.has(earlier.status)) throw new RuleViolationError("repeat-of-open-case", "A repeat petition links to an open case.");
    if (!c.petitionerKey || earlier.petitionerKey !== c.petitionerKey || earlier.category !== c.category) {
      throw new RuleViolationError("repeat-same-petitioner-and-matter", "A repeat petition comes from the same petitioner in the same category.");
    }
    c.repeatOf = earlier.id;
    return { event: "linked_as_repeat", data: { repeatOf: earlier.id, note: "handled under the earlier case's clock" } };
  },

  "place-on-agenda"(c, input) {
    const reason = c.agendaPending?.reason;
    if (!reason) throw new ConflictError("The case is not waiting for a meeting.");
    delete c.agendaPending;
    c.escalation.meetingId = input.meetingId;
    return { event: "placed_on_agenda", data: { meetingId: input.meetingId, reason } };
  },

  "carry-over"(c, input, ctx) {
    if (c.escalation.meetingId !== input.meetingId) throw new ConflictError("The case is not on that meeting's agenda.");
    delete c.escalation.meetingId;
    c.agendaPending = { reason: c.escalation.level >= 3 ? "escalated" : "joint_handling", at: ctx.now.toISOString() };
    return { event: "carried_over", data: { meetingId: input.meetingId } };
  },

  "meeting-decision"(c, input, ctx, outbox) {
    if (c.escalation.meetingId !== input.meetingId) throw new RuleViolationError("case-on-agenda", "The case is not on that meeting's agenda.");
    if (input.handleDays !== undefined && (input.handleDays < 1 || input.handleDays > 90)) {
      throw new RuleViolationError("handle-days", "A meeting sets a handling deadline of 1 to 90 days.");
    }
    const stopped = stopAll(c, ctx.now);
    const handoff = requestHandoff(c, {
      kind: "assign", to: input.lead, ...(input.cohandlers ? { cohandlers: input.cohandlers } : {}),
      ...(input.handleDays !== undefined ? { reportBackDays: input.handleDays } : {}),
    }, ctx, outbox);
    c.escalation = { level: 0, supervised: false, meetingId: input.meetingId };
    delete c.agendaPending;
    delete c.objection;
    if (input.leader) c.leader = input.leader;
    notify(c, ctx, outbox, input.lead, "decision");
    if (c.leader) notify(c, ctx, outbox, BUREAU, "decision", ["leader"], c.leader);
    return { event: "meeting_decision", data: { meetingId: input.meetingId, ...handoff, ...(input.leader ? { leader: input.leader } : {}), note: input.note, ...(stopped.length ? { stoppedClocks: stopped } : {}) } };
  },

  close(c, _input, ctx) {
    const window = c.clocks.find((k) => (k.name === "review_window" || k.name === "re_review_window") && !k.stoppedAt);
    if (window && new Date(window.dueAt) > ctx.now) throw new ConflictError("The review window is still open.", { dueAt: window.dueAt });
    return { event: "closed", data: { reason: window ? `${window.name}_passed` : "closed" } };
  },
};

export interface RegisterInput {
  channel: Case["channel"];
  receivedAt?: string;
  petitioner: Case["petitioner"];
  headcount?: number;
  category: string;
  region: string;
  title: string;
  description: string;
  respondent?: Case["respondent"];
}

export const COLLECTIVE_HEADCOUNT = 5;

export interface PriorPetitions {
  /** The petitioner's keyed ID hash, when an ID number was given. */
  petitionerKey?: string;
  /** Earlier cases of the same petitioner in the same category. */
  earlier: readonly Case[];
}

export function registerCase(input: RegisterInput, ctx: DecideContext, prior: PriorPetitions = { earlier: [] }): Decision {
  if (!BUREAU_STAFF.some((r) => ctx.actor.roles.includes(r)) || ctx.actor.agency !== BUREAU) {
    throw new ForbiddenError("Only the petition bureau's intake officers and coordinators register petitions.");
  }
  const { reference } = ctx;
  if (!reference.categories.has(input.category)) throw new RuleViolationError("known-category", `Unknown category "${input.category}".`);
  if (!reference.regions.has(input.region)) throw new RuleViolationError("known-region", `Unknown region "${input.region}".`);
  if (input.respondent?.agency && !reference.agencies.has(input.respondent.agency)) {
    throw new RuleViolationError("known-agency", `Unknown respondent agency "${input.respondent.agency}".`);
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : ctx.now;
  if (receivedAt > ctx.now) throw new RuleViolationError("received-not-in-future", "receivedAt lies in the future.");

  const id = ctx.newId();
  const headcount = input.headcount ?? 1;
  const role = ctx.actor.roles.find((r) => BUREAU_STAFF.includes(r))!;
  const now = ctx.now.toISOString();
  const sameMatter = prior.earlier.filter((e) => e.category === input.category && e.id !== id);
  const finalCase = sameMatter.find((e) => e.status === "final");
  const open = sameMatter.filter((e) => !TERMINAL_STATUSES.has(e.status)).map((e) => e.id);

  const created: Case = {
    id,
    code: `XF${now.slice(0, 10).replaceAll("-", "")}-${id.slice(-6)}`,
    status: "registered",
    channel: input.channel,
    receivedAt: receivedAt.toISOString(),
    category: input.category,
    region: input.region,
    title: input.title,
    description: input.description,
    petitioner: input.petitioner,
    headcount,
    collective: headcount >= COLLECTIVE_HEADCOUNT,
    ...(input.respondent ? { respondent: input.respondent } : {}),
    cohandlers: [],
    involved: [BUREAU],
    clocks: [],
    escalation: { level: 0, supervised: false },
    hearings: [],
    repeatCandidates: finalCase ? [] : open,
    ...(prior.petitionerKey ? { petitionerKey: prior.petitionerKey } : {}),
    version: 0,
    lastSeq: 0,
    lastHash: "",
    createdAt: now,
    updatedAt: now,
  };
  // Event data carries no petitioner identity: the audit trail is shown to every party.
  const registered: EventDraft = {
    type: "registered",
    data: {
      status: "registered", channel: created.channel, category: created.category, region: created.region,
      headcount, collective: created.collective, respondentAgency: created.respondent?.agency,
      ...(open.length && !finalCase ? { repeatCandidates: open } : {}),
    },
  };
  if (finalCase) {
    // Art. 36: a matter re-reviewed is final; a new petition on it is recorded, not accepted.
    created.status = "closed";
    created.repeatOf = finalCase.id;
    return finish(undefined, created, [registered, {
      type: "not_accepted",
      data: { status: "closed", repeatOf: finalCase.id, basis: "信访工作条例 Art. 36: the matter has been re-reviewed and is final" },
    }], [], ctx, role);
  }
  const { clock } = startClock(ctx.policy, "route", BUREAU, receivedAt);
  created.clocks.push(clock);
  registered.data.clocks = { met: [], overdue: [], started: [{ name: "route", dueAt: clock.dueAt }] };
  return finish(undefined, created, [registered], [], ctx, role);
}

export function finish(before: Case | undefined, next: Case, drafts: EventDraft[], outbox: OutboxEntry[], ctx: { actor: Actor; now: Date }, role: string): Decision {
  const at = ctx.now.toISOString();
  let prevHash = before?.lastHash || GENESIS_HASH;
  let seq = before?.lastSeq ?? 0;
  const events: CaseEvent[] = drafts.map((d) => {
    seq += 1;
    const partial = { caseId: next.id, seq, type: d.type, at, actor: ctx.actor.sub, agency: ctx.actor.agency, role, data: d.data, prevHash };
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

/** Stop a clock: met if on time (a window always), else overdue; paused time is banked. */
export function stopClock(clock: CaseClock, now: Date, force?: "met"): void {
  if (clock.state === "paused" && clock.pausedAt) clock.pausedMs += Math.max(0, now.getTime() - Date.parse(clock.pausedAt));
  delete clock.pausedAt;
  delete clock.pauseReason;
  clock.stoppedAt = now.toISOString();
  if (force === "met" || WINDOW_CLOCKS.has(clock.name)) clock.state = "met";
  else if (clock.state === "overdue" || now > new Date(clock.dueAt)) clock.state = "overdue";
  else clock.state = "met";
}

/** Stop every clock still going; what each ended as, for the event. */
function stopAll(c: Case, now: Date): { name: ClockName; state: CaseClock["state"] }[] {
  const stopped: { name: ClockName; state: CaseClock["state"] }[] = [];
  for (const clock of c.clocks) {
    if (clock.stoppedAt) continue;
    stopClock(clock, now);
    stopped.push({ name: clock.name, state: clock.state });
  }
  return stopped;
}

function activeClock(c: Case, name: ClockName): CaseClock | undefined {
  return c.clocks.find((k) => k.name === name && !k.stoppedAt);
}

function replaceClock(c: Case, clock: CaseClock): void {
  const replaced = c.clocks.filter((k) => k.name === clock.name);
  if (replaced.length) c.pastClocks = [...(c.pastClocks ?? []), ...replaced];
  c.clocks = [...c.clocks.filter((k) => k.name !== clock.name), clock];
}

