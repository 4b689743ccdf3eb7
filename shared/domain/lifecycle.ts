// The case lifecycle as one table of data (DESIGN §1): for each status, the commands
// allowed, who may issue them, the next status and the clocks they stop and start.
// `decide` checks a command against the table and returns the new case, its events and
// the messages to send; it reads no clock and touches no AWS.
import { ConflictError, ForbiddenError, RuleViolationError } from "../errors.js";
import { BUREAU, type Identity } from "./access.js";
import { hashEvent } from "./audit.js";
import { startClock, type DeadlinePolicy } from "./deadlines.js";
import type { Actor, Case, CaseClock, CaseEvent, ClockName, EventDraft, Handoff, Notification, OutboxEntry, Role, RouteKind, Status } from "./model.js";
import { resolveRoute, type Reference } from "./routing.js";

/** Who must issue a command: the petition bureau, the case's lead agency, or the platform itself. */
export type Party = "bureau" | "lead" | "system";

export interface Transition {
  party: Party;
  roles: readonly Role[];
  /** Status after the command; omitted when the status does not change. */
  next?: Status | ((input: never) => Status);
  stop?: readonly ClockName[];
  start?: readonly ClockName[];
}

const BUREAU_STAFF: readonly Role[] = ["intake", "coordinator"];
const AGENCY_STAFF: readonly Role[] = ["handler", "agency_head"];
const SYSTEM: readonly Role[] = [];

const handedOff = (input: Handoff): Status => (input.kind === "transfer" ? "transferred" : "assigned");

export const machine: Readonly<Record<Status, Readonly<Partial<Record<CommandName, Transition>>>>> = {
  registered: {
    route: { party: "bureau", roles: BUREAU_STAFF, next: "routing", stop: ["route"] },
    decline: { party: "bureau", roles: BUREAU_STAFF, next: "closed", stop: ["route"] },
  },
  routing: {
    "apply-handoff": { party: "system", roles: SYSTEM, next: handedOff as Transition["next"], start: ["acknowledge"] },
  },
  transferred: {
    acknowledge: { party: "lead", roles: AGENCY_STAFF, next: "accepted", stop: ["acknowledge"], start: ["handle"] },
    decline: { party: "lead", roles: AGENCY_STAFF, next: "closed", stop: ["acknowledge"] },
  },
  assigned: {
    acknowledge: { party: "lead", roles: AGENCY_STAFF, next: "accepted", stop: ["acknowledge"], start: ["handle"] },
    decline: { party: "lead", roles: AGENCY_STAFF, next: "closed", stop: ["acknowledge", "report_back"] },
  },
  disputed: {},
  accepted: {
    reply: { party: "lead", roles: AGENCY_STAFF, next: "replied", stop: ["handle", "report_back"], start: ["review_window"] },
  },
  replied: {
    close: { party: "system", roles: SYSTEM, next: "closed", stop: ["review_window"] },
  },
  review_requested: {},
  reviewed: {},
  re_review_requested: {},
  final: {},
  closed: {},
};

export interface CommandInputs {
  route: { kind: RouteKind; to?: string; cohandlers?: string[]; reportBackDays?: number };
  "apply-handoff": Handoff;
  acknowledge: Record<string, never>;
  decline: { reason: string; basis: string };
  reply: { summary: string; text: string };
  close: Record<string, never>;
}
export type CommandName = keyof CommandInputs;

export interface DecideContext {
  actor: Identity;
  now: Date;
  policy: DeadlinePolicy;
  reference: Reference;
  newId: () => string;
}

export interface Decision {
  case: Case;
  events: CaseEvent[];
  outbox: OutboxEntry[];
}

/** The platform's own identity for events it records (router, sweeper). */
export const systemActor = (name: string): Identity => ({ sub: `system:${name}`, agency: "system", roles: [] });

/** Role of `actor` under which it may issue `command` in some status, if any. */
export function rolesAllowedAnywhere(command: CommandName): Set<Role> {
  const roles = new Set<Role>();
  for (const row of Object.values(machine)) for (const r of row[command]?.roles ?? []) roles.add(r);
  return roles;
}

/** Commands this identity may issue on this case now: what the console offers. */
export function availableCommands(c: Case, who: Identity): CommandName[] {
  return (Object.entries(machine[c.status]) as [CommandName, Transition][])
    .filter(([, t]) => t.party !== "system" && partyMatches(c, who, t) && t.roles.some((r) => who.roles.includes(r)))
    .map(([name]) => name);
}

function partyMatches(c: Case, who: Actor, t: Transition): boolean {
  if (t.party === "bureau") return who.agency === BUREAU;
  if (t.party === "lead") return who.agency === c.leadAgency;
  return who.sub.startsWith("system:");
}

export function decide<C extends CommandName>(c: Case, command: C, input: CommandInputs[C], ctx: DecideContext): Decision {
  const t = machine[c.status][command];
  const system = ctx.actor.sub.startsWith("system:");
  if (!system) {
    const anywhere = rolesAllowedAnywhere(command);
    if (!ctx.actor.roles.some((r) => anywhere.has(r))) {
      throw new ForbiddenError(`Your roles (${ctx.actor.roles.join(", ") || "none"}) may not ${command} a case.`);
    }
  }
  if (!t) throw new ConflictError(`A case in status "${c.status}" does not accept "${command}".`, { status: c.status, command });
  if (!partyMatches(c, ctx.actor, t)) {
    const who = t.party === "bureau" ? "the petition bureau" : t.party === "lead" ? "the lead agency" : "the platform";
    throw new ForbiddenError(`Only ${who} may ${command} a case in status "${c.status}".`);
  }
  const role = system ? "system" : ctx.actor.roles.find((r) => t.roles.includes(r));
  if (!role) throw new ForbiddenError(`Your roles may not ${command} a case in status "${c.status}"; allowed: ${t.roles.join(", ")}.`);

  const nowIso = ctx.now.toISOString();
  const next: Case = structuredClone(c);
  const drafts: EventDraft[] = [];
  const outbox: OutboxEntry[] = [];
  const clockData: { met: string[]; overdue: string[]; started: { name: string; dueAt: string }[] } = { met: [], overdue: [], started: [] };

  for (const name of t.stop ?? []) {
    const clock = activeClock(next, name);
    if (!clock) continue;
    clock.stoppedAt = nowIso;
    if (clock.state !== "overdue") clock.state = "met";
    (clock.state === "met" ? clockData.met : clockData.overdue).push(name);
  }

  const effect = effects[command] as Effect<C>;
  const outcome = effect(next, input, ctx, outbox);
  const eventData: Record<string, unknown> = { ...outcome.data };

  for (const name of t.start ?? []) {
    const owner = name === "review_window" ? BUREAU : (next.leadAgency ?? BUREAU);
    const length = name === "report_back" ? outcome.reportBackDays : undefined;
    const { clock, yearsWithoutData } = startClock(ctx.policy, name, owner, ctx.now, length);
    replaceClock(next, clock);
    clockData.started.push({ name, dueAt: clock.dueAt });
    if (yearsWithoutData.length) drafts.push(calendarGap(name, yearsWithoutData));
  }
  for (const extra of outcome.extraClocks ?? []) {
    const { clock, yearsWithoutData } = startClock(ctx.policy, extra.name, extra.owner, ctx.now, extra.length);
    replaceClock(next, clock);
    clockData.started.push({ name: extra.name, dueAt: clock.dueAt });
    if (yearsWithoutData.length) drafts.push(calendarGap(extra.name, yearsWithoutData));
  }

  if (t.next) next.status = typeof t.next === "function" ? (t.next as (i: unknown) => Status)(input) : t.next;
  if (clockData.met.length || clockData.overdue.length || clockData.started.length) eventData.clocks = clockData;
  drafts.unshift({ type: outcome.event, data: { ...eventData, status: next.status } });

  return finish(c, next, drafts, outbox, ctx, role);
}

interface EffectOutcome {
  event: string;
  data: Record<string, unknown>;
  reportBackDays?: number;
  extraClocks?: { name: ClockName; owner: string; length?: number }[];
}
type Effect<C extends CommandName> = (c: Case, input: CommandInputs[C], ctx: DecideContext, outbox: OutboxEntry[]) => EffectOutcome;

const effects: { [C in CommandName]: Effect<C> } = {
  route(c, input, ctx, outbox) {
    const target = resolveRoute(c, input, ctx.reference);
    const handoff: Handoff = {
      id: ctx.newId(),
      caseId: c.id,
      kind: input.kind,
      from: ctx.actor.agency,
      to: target.lead,
      cohandlers: target.cohandlers,
      requestedAt: ctx.now.toISOString(),
      ...(input.reportBackDays !== undefined ? { reportBackDays: input.reportBackDays } : {}),
    };
    c.pendingHandoff = handoff;
    outbox.push({ id: handoff.id, queue: "handoffs", caseId: c.id, body: { ...handoff } });
    return { event: "route_requested", data: { handoffId: handoff.id, kind: input.kind, to: target.lead, cohandlers: target.cohandlers, rule: target.rule } };
  },

  "apply-handoff"(c, handoff, ctx, outbox) {
    if (c.pendingHandoff?.id !== handoff.id) {
      throw new ConflictError(`Handoff ${handoff.id} is not the one this case is waiting for.`, { handoffId: handoff.id });
    }
    delete c.pendingHandoff;
    c.leadAgency = handoff.to;
    c.cohandlers = handoff.cohandlers.filter((a) => a !== handoff.to);
    for (const a of [handoff.to, ...c.cohandlers]) if (!c.involved.includes(a)) c.involved.push(a);
    for (const agency of [handoff.to, ...c.cohandlers]) {
      const notification: Notification = {
        id: ctx.newId(), type: "handoff", caseId: c.id, agency, roles: ["handler", "agency_head"], level: 0, at: ctx.now.toISOString(),
      };
      outbox.push({ id: notification.id, queue: "notifications", caseId: c.id, body: { ...notification } });
    }
    const extraClocks = handoff.kind === "assign"
      ? [{ name: "report_back" as const, owner: handoff.to, length: handoff.reportBackDays ?? ctx.policy.clocks.report_back.length }]
      : [];
    return { event: handoff.kind === "transfer" ? "transferred" : "assigned", data: { handoffId: handoff.id, lead: handoff.to, cohandlers: c.cohandlers }, extraClocks };
  },

  acknowledge: () => ({ event: "acknowledged", data: {} }),

  decline(c, input, ctx) {
    for (const clock of c.clocks) if (clock.state === "running" || clock.state === "paused") {
      clock.state = "met";
      clock.stoppedAt = ctx.now.toISOString();
    }
    c.outcome = { kind: "declined", summary: input.reason, at: ctx.now.toISOString() };
    return { event: "declined", data: { reason: input.reason, basis: input.basis } };
  },

  reply(c, input, ctx) {
    c.outcome = { kind: "replied", summary: input.summary, at: ctx.now.toISOString() };
    return { event: "replied", data: { summary: input.summary, text: input.text } };
  },

  close(c, _input, ctx) {
    const window = activeClock(c, "review_window");
    if (window && new Date(window.dueAt) > ctx.now) {
      throw new ConflictError("The review window is still open.", { dueAt: window.dueAt });
    }
    return { event: "closed", data: { reason: "review_window_passed" } };
  },
};

/** Record a running clock as overdue (the sweeper, at its due time). */
export function markOverdue(c: Case, name: ClockName, ctx: Omit<DecideContext, "reference">): Decision {
  const next: Case = structuredClone(c);
  const clock = next.clocks.find((k) => k.name === name && k.state === "running");
  if (!clock || new Date(clock.dueAt) > ctx.now) throw new ConflictError(`Clock ${name} is not running past its due time.`);
  clock.state = "overdue";
  return finish(c, next, [{ type: "clock_overdue", data: { clock: name, owner: clock.owner, dueAt: clock.dueAt } }], [], ctx, "system");
}

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

export function registerCase(input: RegisterInput, ctx: DecideContext): Decision {
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
  const { clock, yearsWithoutData } = startClock(ctx.policy, "route", BUREAU, receivedAt);
  const now = ctx.now.toISOString();
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
    clocks: [clock],
    escalation: { level: 0, supervised: false },
    version: 0,
    lastSeq: 0,
    lastHash: "",
    createdAt: now,
    updatedAt: now,
  };
  // Event data carries no petitioner identity: the audit trail is shown to every party.
  const drafts: EventDraft[] = [{
    type: "registered",
    data: {
      status: "registered", channel: created.channel, category: created.category, region: created.region,
      headcount, collective: created.collective, respondentAgency: created.respondent?.agency,
      clocks: { met: [], overdue: [], started: [{ name: "route", dueAt: clock.dueAt }] },
    },
  }];
  if (yearsWithoutData.length) drafts.push(calendarGap("route", yearsWithoutData));
  return finish(undefined, created, drafts, [], ctx, role);
}

function finish(before: Case | undefined, next: Case, drafts: EventDraft[], outbox: OutboxEntry[], ctx: { actor: Actor; now: Date }, role: string): Decision {
  const at = ctx.now.toISOString();
  let prevHash = before?.lastHash || "0".repeat(64);
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

function activeClock(c: Case, name: ClockName): CaseClock | undefined {
  return c.clocks.find((k) => k.name === name && !k.stoppedAt);
}

function replaceClock(c: Case, clock: CaseClock): void {
  c.clocks = [...c.clocks.filter((k) => k.name !== clock.name), clock];
}

function calendarGap(clock: ClockName, years: number[]): EventDraft {
  return { type: "calendar_data_missing", data: { clock, years, note: "counted with weekends only as rest days" } };
}
