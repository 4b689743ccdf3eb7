// The engine that applies the lifecycle table (lifecycle.ts) to one command: it checks the
// actor's roles and party, runs the command's effect (effects.ts), stops and starts the
// row's clocks, moves the status and seals the events onto the audit chain. It reads no
// clock of its own (the caller passes `now`) and touches no AWS.
import { ConflictError, ForbiddenError } from "../errors.js";
import { BUREAU, type Identity } from "./access.js";
import { finish } from "./audit.js";
import { activeClock, clockOwner, replaceClock, stopClock } from "./clocks.js";
import { startClock, type DeadlinePolicy } from "./deadlines.js";
import { effects, type Effect } from "./effects.js";
import { machine, type CommandInputs, type CommandName, type Party, type Transition } from "./lifecycle.js";
import type { Actor, Case, CaseEvent, ClockName, EventDraft, OutboxEntry, Role, Status } from "./model.js";
import type { Reference } from "./routing.js";

export interface DecideContext {
  actor: Identity;
  now: Date;
  policy: DeadlinePolicy;
  reference: Reference;
  newId: () => string;
  /** Another case the command refers to (link-repeat), loaded by the caller. */
  related?: Case;
}

/** What a command comes to: the case after it, its events, and the messages to send. */
export interface Decision {
  case: Case;
  events: CaseEvent[];
  outbox: OutboxEntry[];
}

/** The platform's own identity for events it records (router, sweeper). */
export const systemActor = (name: string): Identity => ({
  sub: `system:${name}`,
  agency: "system",
  roles: [],
});
const isSystem = (who: Actor) => who.sub.startsWith("system:");

/** Roles that may issue `command` in some status. */
export function rolesAllowedAnywhere(command: CommandName): Set<Role> {
  const roles = new Set<Role>();
  for (const row of Object.values(machine)) for (const r of row[command]?.roles ?? []) roles.add(r);
  return roles;
}

/** The agency answerable for the case's current step, for the "reviewer" party. */
function reviewingAgency(c: Case): string | undefined {
  if (c.status === "review_requested") return c.reviewer;
  if (c.status === "re_review_requested") return c.reReviewer;
  return undefined;
}

function partyMatches(c: Case, who: Actor, t: Transition): boolean {
  switch (t.party) {
    case "bureau":
    case "meeting":
      return who.agency === BUREAU;
    case "lead":
      return who.agency === c.leadAgency;
    case "reviewer":
      return who.agency === reviewingAgency(c);
    case "leader":
      return c.leader === who.sub;
    case "involved":
      return who.agency === BUREAU || c.involved.includes(who.agency) || c.leader === who.sub;
    case "system":
      return isSystem(who);
  }
}

const PARTY_NAMES: Record<Party, string> = {
  bureau: "the petition bureau",
  lead: "the lead agency",
  reviewer: "the reviewing agency",
  leader: "the case's owning leader",
  involved: "those involved in the case",
  meeting: "the joint meeting",
  system: "the platform",
};

/** Commands this identity may issue on this case now: what the API and console offer. */
export function availableCommands(c: Case, who: Identity): CommandName[] {
  return (Object.entries(machine[c.status]) as [CommandName, Transition][])
    .filter(
      ([, t]) =>
        t.party !== "system" &&
        t.party !== "meeting" &&
        partyMatches(c, who, t) &&
        t.roles.some((r) => who.roles.includes(r)),
    )
    .map(([name]) => name);
}

export function decide<C extends CommandName>(
  c: Case,
  command: C,
  input: CommandInputs[C],
  ctx: DecideContext,
): Decision {
  const t = machine[c.status][command];
  const system = isSystem(ctx.actor);
  if (!system) {
    const anywhere = rolesAllowedAnywhere(command);
    if (!ctx.actor.roles.some((r) => anywhere.has(r))) {
      throw new ForbiddenError(
        `Your roles (${ctx.actor.roles.join(", ") || "none"}) may not ${command} a case.`,
        { command },
      );
    }
  }
  if (!t)
    throw new ConflictError(`A case in status "${c.status}" does not accept "${command}".`, {
      caseStatus: c.status,
      command,
    });
  if (!partyMatches(c, ctx.actor, t)) {
    throw new ForbiddenError(`Only ${PARTY_NAMES[t.party]} may ${command} a case in status "${c.status}".`, {
      command,
    });
  }
  const role = system ? "system" : ctx.actor.roles.find((r) => t.roles.includes(r));
  if (!role)
    throw new ForbiddenError(
      `Your roles may not ${command} a case in status "${c.status}"; allowed: ${t.roles.join(", ")}.`,
      { command },
    );

  const next: Case = structuredClone(c);
  const drafts: EventDraft[] = [];
  const outbox: OutboxEntry[] = [];
  const clockData: { met: string[]; overdue: string[]; started: { name: string; dueAt: string }[] } = {
    met: [],
    overdue: [],
    started: [],
  };

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
  if (clockData.met.length || clockData.overdue.length || clockData.started.length)
    eventData.clocks = clockData;
  if (next.status !== c.status) eventData.status = next.status;
  drafts.unshift({ type: outcome.event, data: eventData });
  return finish(c, next, drafts, outbox, ctx, role);
}
