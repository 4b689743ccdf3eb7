// Joint meetings: create, compile the agenda from the cases waiting for one, record and
// carry out decisions (a handoff over SQS like any other), sanctions, close, minutes.
// Each change to a case and its meeting commits in one transaction.
import { ConflictError, NotFoundError } from "../errors.js";
import { BUREAU, type Identity } from "../domain/access.js";
import { decide, systemActor } from "../domain/decide.js";
import { TERMINAL_STATUSES, type CommandInputs } from "../domain/lifecycle.js";
import { notify } from "../domain/notifications.js";
import {
  closed,
  meetingSeenBy,
  minutes,
  newMeeting,
  nextOpenMeeting,
  withAgendaItem,
  withDecision,
  withSanction,
  type Meeting,
  type Sanction,
} from "../domain/meetings.js";
import { authorize, canSeeCase, canSeeMeeting } from "../domain/rights.js";
import type { OutboxEntry } from "../domain/model.js";
import { NO_REFERENCE } from "../domain/routing.js";
import type { CaseIndex, CaseStore, MeetingStore, Page, PageRequest, ReferenceStore } from "../ports.js";
import { dispatch } from "./cases.js";
import type { Deps } from "./deps.js";
import { MAX_COMMIT_ATTEMPTS } from "./retry.js";

/** Waiting cases placed per compile; the rest wait for the next run. */
const AGENDA_BATCH = 100;
/** Meetings looked through for the next open one, newest first. */
const MEETINGS_SCANNED = 100;

export interface DecisionInput {
  caseId: string;
  lead: string;
  cohandlers?: string[];
  handleDays?: number;
  leader?: string;
  hearing?: { at: string; participants: string[] };
  note: string;
}

/** What the joint meetings use: the meetings, the cases on their agendas, the reference data. */
export type MeetingDeps = Pick<Deps, "clock" | "policy" | "newId" | "logger" | "queue"> & {
  store: CaseStore & CaseIndex & MeetingStore & Pick<ReferenceStore, "getReference">;
};

/**
 * Each action a caller takes asks its row of the rights table (shared/domain/rights.ts):
 * the route guard has already asked the same row, and asking again keeps the service safe
 * when something other than a route calls it.
 */
export class MeetingService {
  constructor(private readonly deps: MeetingDeps) {}

  /** The stored meeting, for the chair's own changes. */
  private async load(id: string): Promise<Meeting> {
    const m = await this.deps.store.getMeeting(id);
    if (!m) throw new NotFoundError(`No meeting ${id}.`);
    return m;
  }

  /** Meetings as the caller sees them: agenda items of the cases they see, names masked. One batch read for all items. */
  private async seenBy(who: Identity, meetings: readonly Meeting[]): Promise<Meeting[]> {
    const ids = [...new Set(meetings.flatMap((m) => m.agenda.map((i) => i.caseId)))];
    const visible = new Set(
      (await this.deps.store.getCases(ids)).filter((c) => canSeeCase(c, who)).map((c) => c.id),
    );
    return meetings.map((m) => meetingSeenBy(m, visible));
  }

  async create(
    who: Identity,
    input: { title: string; scheduledAt: string; members: string[] },
  ): Promise<Meeting> {
    authorize(who, "meetings.create");
    const ref = await this.deps.store.getReference();
    const unknown = input.members.filter((m) => !ref.agencies.has(m));
    if (unknown.length) throw new NotFoundError(`Unknown member agencies: ${unknown.join(", ")}.`);
    const meeting = newMeeting(input, who.sub, this.deps.newId(), this.deps.clock.now());
    if (!(await this.deps.store.saveMeeting(meeting)))
      throw new ConflictError("The meeting could not be created; try again.");
    await this.compileAgenda();
    return this.get(who, meeting.id);
  }

  /** The meetings of the bureau, or that the caller's agency sits on; a page may hold fewer than `limit`. */
  async list(who: Identity, page: PageRequest): Promise<Page<Meeting>> {
    authorize(who, "meetings.list");
    const found = await this.deps.store.listMeetings(page);
    return {
      ...found,
      items: await this.seenBy(
        who,
        found.items.filter((m) => canSeeMeeting(m, who)),
      ),
    };
  }

  /** One meeting as the caller sees it; one their agency does not sit on does not exist for them. */
  async get(who: Identity, id: string): Promise<Meeting> {
    authorize(who, "meetings.read");
    return this.visibleMeeting(who, id);
  }

  private async visibleMeeting(who: Identity, id: string): Promise<Meeting> {
    const m = await this.deps.store.getMeeting(id);
    if (!m || !canSeeMeeting(m, who)) throw new NotFoundError(`No meeting ${id}.`);
    return (await this.seenBy(who, [m]))[0]!;
  }

  /** Compile the agenda now, on a coordinator's request, and show the meeting. */
  async refreshAgenda(who: Identity, meetingId: string): Promise<Meeting> {
    authorize(who, "meetings.compileAgenda");
    await this.compileAgenda();
    return this.get(who, meetingId);
  }

  /** Put every case waiting for a meeting on the next open one, once (the schedule's work, and a refresh's). */
  async compileAgenda(): Promise<{ added: number; waiting: number }> {
    const { store } = this.deps;
    const ids = await store.pendingAgendaCaseIds(AGENDA_BATCH);
    let added = 0;
    for (const id of ids) {
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const now = this.deps.clock.now();
        const meeting = nextOpenMeeting((await store.listMeetings({ limit: MEETINGS_SCANNED })).items, now);
        if (!meeting) return { added, waiting: ids.length - added };
        const c = await store.getCase(id);
        if (!c?.agendaPending) break;
        const next = withAgendaItem(meeting, c, c.agendaPending.reason, now);
        const outbox: OutboxEntry[] = [];
        const decision = decide(c, "place-on-agenda", { meetingId: meeting.id }, this.systemContext(now));
        notify(decision.case, { newId: this.deps.newId, now }, outbox, BUREAU, "agenda", [
          "coordinator",
          "meeting_member",
        ]);
        decision.outbox.push(...outbox);
        const outcome = await store.commit(decision, { before: c, ...(next ? { meeting: next } : {}) });
        if (outcome.ok) {
          added++;
          this.deps.logger.info("case placed on the joint meeting's agenda", {
            caseId: id,
            meetingId: meeting.id,
            reason: c.agendaPending.reason,
          });
          await dispatch(this.deps, decision.outbox);
          break;
        }
      }
    }
    return { added, waiting: ids.length - added };
  }

  async decide(who: Identity, meetingId: string, input: DecisionInput): Promise<Meeting> {
    authorize(who, "meetings.decide");
    for (let attempt = 1; ; attempt++) {
      const meeting = await this.load(meetingId);
      const c = await this.deps.store.getCase(input.caseId);
      if (!c) throw new NotFoundError(`No case ${input.caseId}.`);
      const now = this.deps.clock.now();
      const next = withDecision(meeting, c.id, {
        lead: input.lead,
        cohandlers: input.cohandlers ?? [],
        ...(input.handleDays !== undefined ? { handleDays: input.handleDays } : {}),
        ...(input.leader ? { leader: input.leader } : {}),
        ...(input.hearing ? { hearing: input.hearing } : {}),
        note: input.note,
        decidedAt: now.toISOString(),
        decidedBy: who.sub,
      });
      const command: CommandInputs["meeting-decision"] = {
        meetingId,
        lead: input.lead,
        note: input.note,
        ...(input.cohandlers ? { cohandlers: input.cohandlers } : {}),
        ...(input.handleDays !== undefined ? { handleDays: input.handleDays } : {}),
        ...(input.leader ? { leader: input.leader } : {}),
      };
      const decision = decide(c, "meeting-decision", command, {
        actor: who,
        now,
        policy: this.deps.policy,
        reference: await this.deps.store.getReference(),
        newId: this.deps.newId,
      });
      const outcome = await this.deps.store.commit(decision, { before: c, meeting: next });
      if (outcome.ok) {
        this.deps.logger.info("joint meeting decision", { meetingId, caseId: c.id, agency: input.lead });
        await dispatch(this.deps, decision.outbox);
        return (await this.seenBy(who, [next]))[0]!;
      }
      if (attempt >= MAX_COMMIT_ATTEMPTS)
        throw new ConflictError("The meeting or the case is busy; try again.");
    }
  }

  async sanction(who: Identity, meetingId: string, input: Omit<Sanction, "at">): Promise<Meeting> {
    authorize(who, "meetings.sanction");
    const meeting = await this.load(meetingId);
    if (!(await this.deps.store.getReference()).agencies.has(input.agency))
      throw new NotFoundError(`No agency ${input.agency}.`);
    const next = withSanction(meeting, { ...input, at: this.deps.clock.now().toISOString() });
    if (!(await this.deps.store.saveMeeting(next)))
      throw new ConflictError("The meeting changed meanwhile; try again.");
    return (await this.seenBy(who, [next]))[0]!;
  }

  /** Close the meeting; undecided items wait for the next one. */
  async close(who: Identity, meetingId: string, present: string[]): Promise<Meeting> {
    authorize(who, "meetings.close");
    const meeting = await this.load(meetingId);
    const now = this.deps.clock.now();
    const undecided = meeting.agenda.filter((i) => !i.decision).map((i) => i.caseId);
    const finished = new Set(
      (await this.deps.store.getCases(undecided))
        .filter((c) => TERMINAL_STATUSES.has(c.status))
        .map((c) => c.id),
    );
    const next = closed(meeting, present, now, finished);
    if (!(await this.deps.store.saveMeeting(next)))
      throw new ConflictError("The meeting changed meanwhile; try again.");
    for (const item of next.agenda.filter((i) => i.carriedOver)) {
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const c = await this.deps.store.getCase(item.caseId);
        if (!c || c.escalation.meetingId !== meetingId || TERMINAL_STATUSES.has(c.status)) break;
        const decision = decide(c, "carry-over", { meetingId }, this.systemContext(now));
        if ((await this.deps.store.commit(decision, { before: c })).ok) break;
      }
    }
    return (await this.seenBy(who, [next]))[0]!;
  }

  /** The minutes of the meeting as the caller sees it: only the items whose cases they see. */
  async minutes(who: Identity, meetingId: string): Promise<string> {
    authorize(who, "meetings.minutes");
    const meeting = await this.visibleMeeting(who, meetingId);
    const ref = await this.deps.store.getReference();
    return minutes(meeting, (id) => {
      const a = ref.agencies.get(id);
      return a ? `${a.nameZh} ${a.name} (${id})` : id;
    });
  }

  private systemContext(now: Date) {
    // Placing on an agenda and carrying over route nothing: no reference data needed.
    return {
      actor: systemActor("agenda"),
      now,
      policy: this.deps.policy,
      reference: NO_REFERENCE,
      newId: this.deps.newId,
    };
  }
}
