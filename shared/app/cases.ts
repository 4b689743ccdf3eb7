// The case commands and queries: load the case, check visibility, let the domain
// decide, commit case + events + outbox in one transaction, then send the outbox.
// Identities (the petitioner, hearing participants) are shown in full by one door only:
// an explicit reveal of one case by someone who works it, recorded first (docs/access.md).
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  RuleViolationError,
  ServiceUnavailableError,
} from "../errors.js";
import type { Identity } from "../domain/access.js";
import { canSeeCase, maskedIdentities, maskName, mayRevealIdentity, permits } from "../domain/rights.js";
import { canonicalJson, verifyChain, type ChainVerdict } from "../domain/audit.js";
import { availableCommands, decide, type Decision } from "../domain/decide.js";
import type { CommandInputs, CommandName } from "../domain/lifecycle.js";
import { registerCase, type RegisterInput } from "../domain/registration.js";
import type { AccessRecord, Case, CaseEvent, OutboxEntry, Status } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import type {
  AccessLog,
  CaseIndex,
  CaseStore,
  Page,
  PageRequest,
  ReferenceStore,
  RouteReads,
} from "../ports.js";
import type { Deps } from "./deps.js";
import { MAX_COMMIT_ATTEMPTS } from "./retry.js";

/**
 * DynamoDB refuses an item over 400 KB. Hearings and notes grow a case; past this budget
 * a command is refused (422) rather than failing in the table (500), with room left for
 * the router's and sweeper's own steps.
 */
const CASE_ITEM_BUDGET_BYTES = 300 * 1024;

/** A case as one caller may see it: petitioner masked unless they may see it in full. */
export interface CaseView
  extends Omit<Case, "lastSeq" | "lastHash" | "pendingHandoff" | "involved" | "petitionerKey"> {
  allowedActions: CommandName[];
}

/**
 * The case for this caller, identities masked. `revealed` shows them in full and is only
 * ever set by CaseService.read after checking the caller may and recording the reveal.
 */
export function viewOf(c: Case, who: Identity, revealed = false): CaseView {
  const { lastSeq: _s, lastHash: _h, pendingHandoff: _p, involved: _i, petitionerKey: _k, ...rest } = c;
  return {
    ...rest,
    ...(revealed ? {} : maskedIdentities(c)),
    allowedActions: availableCommands(c, who),
  };
}

/** One case read: the case, and whether its identities were revealed (and the reveal recorded). */
export interface CaseRead {
  case: Case;
  revealed: boolean;
}

export interface CaseFilters {
  agency?: string;
  status?: Status;
  overdue?: boolean;
  category?: string;
  region?: string;
  channel?: string;
}

/** What the case commands and queries use. */
export type CaseDeps = Pick<Deps, "hasher" | "clock" | "policy" | "newId" | "logger" | "queue"> & {
  store: CaseStore & CaseIndex & AccessLog & Pick<ReferenceStore, "getReference"> & RouteReads;
  /** The jurisdiction's thresholds as last refreshed (the repeat-petitioner rule); the defaults without it. */
  jurisdiction?: Pick<Deps["jurisdiction"], "rules">;
};

export class CaseService {
  /**
   * `references`: the reference data held in process (shared/app/reference-cache.ts).
   * Agencies, categories and regions change a few times a year, and a command need not
   * re-read them; without it every command reads the REF partition. The routing rules a
   * route follows are read fresh either way.
   */
  constructor(
    private readonly deps: CaseDeps,
    private readonly references?: { get(): Promise<Reference> },
  ) {}

  private async context(actor: Identity, reference?: Reference) {
    return {
      actor,
      now: this.deps.clock.now(),
      policy: this.deps.policy,
      reference: reference ?? (await this.reference()),
      newId: this.deps.newId,
    };
  }

  /** The reference data a command decides with: the held copy, or the table without one. */
  private reference(): Promise<Reference> {
    return this.references ? this.references.get() : this.deps.store.getReference();
  }

  /**
   * The case a command applies to, as this caller may see it, and the reference data it is
   * decided with, read side by side. A route follows the rules in force at that moment on
   * every instance (docs/jurisdiction.md): it reads them with the case, in one BatchGetItem.
   */
  private async load(who: Identity, caseId: string, command: CommandName): Promise<[Case, Reference]> {
    if (command === "route" && this.references) {
      const [held, read] = await Promise.all([
        this.references.get(),
        this.deps.store.getCaseWithRules(caseId),
      ]);
      if (!read.case || !canSeeCase(read.case, who)) throw new NotFoundError(`No case ${caseId}.`);
      return [read.case, { ...held, rules: read.ruleSet.rules }];
    }
    return Promise.all([this.visibleCase(who, caseId), this.reference()]);
  }

  async register(
    who: Identity,
    input: RegisterInput,
    idempotencyKey?: string,
  ): Promise<{ case: Case; replayed: boolean }> {
    // Keyed, like the petitioner key: a plain hash of a body holding a name and an ID
    // number could be confirmed by anyone who guesses them.
    const requestHash = await this.deps.hasher.requestHash(canonicalJson(input));
    const idempotency = idempotencyKey ? { scope: who.sub, key: idempotencyKey, requestHash } : undefined;
    if (idempotency) {
      const prior = await this.deps.store.findIdempotency(idempotency.scope, idempotency.key);
      if (prior) return { case: await this.replay(prior, requestHash), replayed: true };
    }
    const petitionerKey = input.petitioner.idNumber
      ? await this.deps.hasher.petitionerKey(input.petitioner.idNumber)
      : undefined;
    const earlier = petitionerKey
      ? await this.deps.store.getCases(
          await this.deps.store.caseIdsOfPetitioner(petitionerKey, input.category),
        )
      : [];
    const decision = registerCase(
      input,
      await this.context(who),
      { earlier, ...(petitionerKey ? { petitionerKey } : {}) },
      // When a returning petitioner is told to the bureau: the jurisdiction's thresholds.
      this.deps.jurisdiction?.rules.thresholds.hotspot,
    );
    const outcome = await this.deps.store.commit(decision, {
      ...(idempotency ? { idempotency } : {}),
      // A client app's petition is listed under the app, in the same transaction.
      ...(input.submission ? { submittedBy: input.submission.client } : {}),
    });
    if (!outcome.ok) {
      if (outcome.reason === "idempotency-replay")
        return { case: await this.replay(outcome, requestHash), replayed: true };
      throw new ConflictError("The case could not be registered; try again.");
    }
    this.log("registered", decision);
    // A repeat-petitioner notice for the bureau, when the registration raised one.
    await dispatch(this.deps, decision.outbox);
    return { case: decision.case, replayed: false };
  }

  private async replay(prior: { caseId: string; requestHash: string }, requestHash: string): Promise<Case> {
    if (prior.requestHash !== requestHash) {
      throw new RuleViolationError(
        "idempotency-key-reuse",
        "This Idempotency-Key was used with a different request body.",
      );
    }
    const c = await this.deps.store.getCase(prior.caseId);
    if (!c) throw new ConflictError("The request with this Idempotency-Key is still being processed.");
    return c;
  }

  async command<C extends CommandName>(
    who: Identity,
    caseId: string,
    command: C,
    input: CommandInputs[C],
    ifMatch?: number,
  ): Promise<Case> {
    for (let attempt = 1; ; attempt++) {
      const [c, reference] = await this.load(who, caseId, command);
      if (ifMatch !== undefined && c.version !== ifMatch) {
        throw new PreconditionFailedError(`The case is at version ${c.version}, not ${ifMatch}.`, {
          currentVersion: c.version,
        });
      }
      const related =
        command === "link-repeat"
          ? await this.deps.store.getCase((input as CommandInputs["link-repeat"]).caseId)
          : undefined;
      const decision = decide(c, command, input, {
        ...(await this.context(who, reference)),
        ...(related ? { related } : {}),
      });
      if (Buffer.byteLength(JSON.stringify(decision.case)) > CASE_ITEM_BUDGET_BYTES) {
        throw new RuleViolationError(
          "case-size",
          "The case record would grow past what it can hold; put long material in a note or an attachment.",
        );
      }
      const outcome = await this.deps.store.commit(decision, { before: c });
      if (outcome.ok) {
        this.log(command, decision, c);
        await dispatch(this.deps, decision.outbox);
        return decision.case;
      }
      // Stale: someone changed the case between our read and our write.
      if (ifMatch !== undefined)
        throw new PreconditionFailedError("The case changed while the command was applied.");
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new ConflictError("The case is busy; try again.");
    }
  }

  /**
   * One case, identities masked; an ordinary read writes nothing. With `reveal`, those who
   * work the case see them in full (anyone else: 403), and the reveal is recorded before
   * anything is shown: if the record cannot be written, nothing is revealed (503).
   */
  async read(who: Identity, caseId: string, reveal = false): Promise<CaseRead> {
    const c = await this.visibleCase(who, caseId);
    if (!reveal) return { case: c, revealed: false };
    await this.recordReveal(who, c);
    return { case: c, revealed: true };
  }

  /** Checks that `who` may see the case's identities, and records that they do; only then may they. */
  private async recordReveal(who: Identity, c: Case): Promise<void> {
    this.mustWork(who, c);
    const record: AccessRecord = {
      id: this.deps.newId(),
      caseId: c.id,
      at: this.deps.clock.now().toISOString(),
      actor: who.sub,
      agency: who.agency,
      roles: [...who.roles],
      view: "petitioner_full",
    };
    try {
      await this.deps.store.recordAccess(record);
    } catch (err) {
      this.deps.logger.warn("identity reveal not recorded; nothing revealed", {
        caseId: c.id,
        agency: who.agency,
        error: (err as Error).name,
      });
      throw new ServiceUnavailableError(
        "The reveal could not be recorded, so nothing was revealed; try again.",
        {},
        { cause: err },
      );
    }
  }

  /** Refuses anyone who does not work the case: identities, and the papers that carry them, are theirs only. */
  private mustWork(who: Identity, c: Case): void {
    if (!permits(who, "cases.revealIdentity") || !mayRevealIdentity(c, who)) {
      throw new ForbiddenError(
        "Identities are revealed only to those who work the case: intake and coordinators at the bureau, handlers and heads at the lead, a co-handler or the reviewing agency.",
        { action: "cases.revealIdentity" },
      );
    }
  }

  /**
   * The case, for someone who works it: the door to its files, which may carry the petitioner's
   * identity. `reveal`: what follows shows them (a file's name or bytes), so the read is recorded first.
   */
  async worked(who: Identity, caseId: string, reveal: boolean): Promise<Case> {
    const c = await this.visibleCase(who, caseId);
    if (reveal) await this.recordReveal(who, c);
    else this.mustWork(who, c);
    return c;
  }

  async get(who: Identity, caseId: string): Promise<Case> {
    return this.visibleCase(who, caseId);
  }

  /** Who read the case's petitioner identity in full, newest first. */
  async accessLog(who: Identity, caseId: string, page: PageRequest): Promise<Page<AccessRecord>> {
    await this.visibleCase(who, caseId);
    return this.deps.store.listAccess(caseId, page);
  }

  async list(who: Identity, filters: CaseFilters, page: PageRequest): Promise<Page<Case>> {
    // The bureau may look at another agency's cases; an agency only at its own.
    const agency = filters.agency && who.agency === "bureau" ? filters.agency : who.agency;
    const ids = await this.deps.store.listCaseIdsForAgency(agency, page);
    const now = this.deps.clock.now().toISOString();
    const cases = (await this.deps.store.getCases(ids.items)).filter(
      (c) =>
        canSeeCase(c, who) &&
        (!filters.status || c.status === filters.status) &&
        (!filters.category || c.category === filters.category) &&
        (!filters.region || c.region === filters.region) &&
        (!filters.channel || c.channel === filters.channel) &&
        (filters.overdue === undefined || isOverdue(c, now) === filters.overdue),
    );
    return { items: cases, ...(ids.nextCursor ? { nextCursor: ids.nextCursor } : {}) };
  }

  /** The audit trail, which every party that sees the case reads: names in it are masked. */
  async events(who: Identity, caseId: string, page: PageRequest): Promise<Page<CaseEvent>> {
    await this.visibleCase(who, caseId);
    const found = await this.deps.store.listEvents(caseId, page);
    return { ...found, items: found.items.map(maskEventNames) };
  }

  async verify(who: Identity, caseId: string): Promise<ChainVerdict> {
    await this.visibleCase(who, caseId);
    const all: CaseEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listEvents(caseId, { limit: 500, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return verifyChain(all);
  }

  private async visibleCase(who: Identity, caseId: string): Promise<Case> {
    const c = await this.deps.store.getCase(caseId);
    // One answer for "no such case" and "not yours": existence itself is confidential.
    if (!c || !canSeeCase(c, who)) throw new NotFoundError(`No case ${caseId}.`);
    return c;
  }

  private log(command: string, d: Decision, before?: Case): void {
    logCalendarGaps(this.deps, before, d.case);
    this.deps.logger.info("case command applied", {
      caseId: d.case.id,
      command,
      status: d.case.status,
      version: d.case.version,
      events: d.events.map((e) => e.type),
      agency: d.events[0]?.agency,
    });
  }
}

/**
 * Hearing events record a count, not names; events written before that rule carried the
 * participants' names, and are shown masked (the stored event, and so its hash, is kept).
 */
function maskEventNames(e: CaseEvent): CaseEvent {
  const participants = e.data.participants;
  if (!Array.isArray(participants)) return e;
  return { ...e, data: { ...e.data, participants: participants.map((p) => maskName(String(p))) } };
}

/** Whether a clock is past due: the rule of the "Overdue only" filter. */
export function isOverdue(c: Case, now: string): boolean {
  return c.clocks.some((k) => k.state === "overdue" || (k.state === "running" && k.dueAt < now));
}

/**
 * One log line for each clock a change started or moved into a year without calendar
 * data, so an administrator adds the year; the clock itself carries the warning.
 */
export function logCalendarGaps(deps: Pick<Deps, "logger">, before: Case | undefined, after: Case): void {
  for (const clock of after.clocks) {
    if (!clock.calendarWarning || clock.stoppedAt) continue;
    const was = before?.clocks.find((k) => k.name === clock.name && k.startedAt === clock.startedAt);
    if (was?.calendarWarning && was.dueAt === clock.dueAt) continue;
    deps.logger.warn("clock runs into a year without calendar data; counting weekends only", {
      caseId: after.id,
      clock: clock.name,
      dueAt: clock.dueAt,
    });
  }
}

/** Send after commit. A failure is not an error: the outbox keeps the entry for the relay. */
export async function dispatch(
  deps: Pick<Deps, "queue" | "logger">,
  outbox: readonly OutboxEntry[],
): Promise<void> {
  if (!outbox.length) return;
  const { failed } = await deps.queue.send(outbox);
  if (failed.length) deps.logger.warn("send failed; the relay will re-send", { entries: failed });
}
