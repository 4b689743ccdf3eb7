// The case lifecycle as one table: for each status, the commands a case in it accepts.
// A row reads  command: { article, party, roles, next, stop, start }
//   article  the article of the 信访工作条例 (2022) the rule follows ("none": see `Article`)
//   party    who must issue it, as the case stands: the bureau, its lead agency, ... (see `Party`)
//   roles    who within that party may issue it
//   next     the status after it (absent: unchanged)
//   stop     the clocks it stops (met, or overdue if late)
//   start    the clocks it starts (their lengths are the policy's: deadlines.ts)
// decide.ts applies the table; what a command checks and records beyond it is in effects.ts.
import {
  ROLES,
  type ClockName,
  type Handoff,
  type PauseReason,
  type Role,
  type RouteKind,
  type Status,
} from "./model.js";

// Who, by role.
export const BUREAU_STAFF: readonly Role[] = ["intake", "coordinator"];
const COORDINATOR: readonly Role[] = ["coordinator"];
const AGENCY_STAFF: readonly Role[] = ["handler", "agency_head"];
const AGENCY_HEAD: readonly Role[] = ["agency_head"];
const LEADER: readonly Role[] = ["leader"];
const ANYONE_BUT_AUDITOR: readonly Role[] = ROLES.filter((r) => r !== "auditor");
const SYSTEM: readonly Role[] = [];

/** A handoff lands as a transfer (转送) or an assignment (交办), as the bureau chose. */
const transferredOrAssigned = ((input: Handoff): Status =>
  input.kind === "transfer" ? "transferred" : "assigned") as Transition["next"];

/** Commands every open case takes, whatever its status. */
// biome-ignore format: the table is read in columns, one row per command
const onEveryOpenCase: Row = {
  note:                  { article: "none",        party: "involved",  roles: ANYONE_BUT_AUDITOR },
  "assign-leader":       { article: "none",        party: "bureau",    roles: COORDINATOR }, // 领导包案
  instruct:              { article: "none",        party: "leader",    roles: LEADER }, // 批示
  supervise:             { article: "none",        party: "bureau",    roles: COORDINATOR }, // 督查督办
  "flag-joint-handling": { article: "none",        party: "bureau",    roles: COORDINATOR }, // 会办: to the next meeting
  "place-on-agenda":     { article: "none",        party: "system",    roles: SYSTEM },
  "carry-over":          { article: "none",        party: "system",    roles: SYSTEM },
  // The joint meeting decides a disputed or escalated case: every clock stops, a new lead is assigned, the ladder resets.
  "meeting-decision":    { article: "none",        party: "meeting",   roles: COORDINATOR,         next: "routing" },
};

/** Commands a finished case still takes: they change no status and no clock. */
// biome-ignore format: the table is read in columns, one row per command
const onFinishedCase: Row = {
  note:                  { article: "none",        party: "involved",  roles: ANYONE_BUT_AUDITOR },
  rate:                  { article: "none",        party: "bureau",    roles: BUREAU_STAFF }, // 满意率
};

/** A case transferred or assigned, before the agency accepts it. Declining stops every clock. */
// biome-ignore format: the table is read in columns, one row per command
const received: Row = {
  acknowledge:           { article: "Art. 23",     party: "lead",      roles: AGENCY_STAFF,        next: "accepted",             stop: ["acknowledge", "object"], start: ["handle"] },
  decline:               { article: "Art. 23",     party: "lead",      roles: AGENCY_STAFF,        next: "closed",               stop: ["acknowledge", "object", "report_back"] },
  // Within the objection window (clock "object"): the case is not this agency's responsibility.
  object:                { article: "Art. 23",     party: "lead",      roles: AGENCY_STAFF,        next: "disputed",             stop: ["acknowledge", "object", "report_back"] },
  "add-cohandler":       { article: "none",        party: "bureau",    roles: COORDINATOR },
  pause:                 { article: "none",        party: "lead",      roles: AGENCY_STAFF },
  resume:                { article: "none",        party: "lead",      roles: AGENCY_STAFF },
};

// biome-ignore format: the table is read in columns, one row per command
export const machine: Readonly<Record<Status, Readonly<Row>>> = {
  registered: {
    ...onEveryOpenCase,
    route:               { article: "Art. 22",     party: "bureau",    roles: BUREAU_STAFF,        next: "routing",              stop: ["route"] },
    decline:             { article: "none",        party: "bureau",    roles: BUREAU_STAFF,        next: "closed",               stop: ["route"] },
    // Same petitioner, same matter, case still open: handled under the earlier case's clocks.
    "link-repeat":       { article: "none",        party: "bureau",    roles: BUREAU_STAFF,        next: "closed",               stop: ["route"] },
  },
  routing: {
    ...onEveryOpenCase,
    // The router delivers the handoff. An assignment also starts "report_back", its days set by the bureau.
    "apply-handoff":     { article: "Art. 22",     party: "system",    roles: SYSTEM,              next: transferredOrAssigned,  start: ["acknowledge", "object"] },
  },
  transferred: { ...onEveryOpenCase, ...received },
  assigned: { ...onEveryOpenCase, ...received },
  disputed: {
    ...onEveryOpenCase,
    "resolve-dispute":   { article: "none",        party: "bureau",    roles: COORDINATOR,         next: "routing" },
  },
  accepted: {
    ...onEveryOpenCase,
    // Pause for a hearing, for the petitioner, or for an appraisal; the paused time does not count.
    pause:               { article: "none",        party: "lead",      roles: AGENCY_STAFF },
    resume:              { article: "none",        party: "lead",      roles: AGENCY_STAFF },
    hearing:             { article: "none",        party: "lead",      roles: AGENCY_STAFF },
    "add-cohandler":     { article: "none",        party: "bureau",    roles: COORDINATOR },
    // One extension, of at most MAX_EXTENSION_DAYS (handling-effects.ts), approved by the agency's head.
    "request-extension": { article: "Art. 34",     party: "lead",      roles: AGENCY_STAFF },
    "approve-extension": { article: "Art. 34",     party: "lead",      roles: AGENCY_HEAD },
    reply:               { article: "Art. 34",     party: "lead",      roles: AGENCY_STAFF,        next: "replied",              stop: ["handle", "report_back"], start: ["review_window"] },
  },
  replied: {
    ...onEveryOpenCase,
    rate:                { article: "none",        party: "bureau",    roles: BUREAU_STAFF },
    // Within the review window: a review by the superior of the agency that replied.
    "request-review":    { article: "Art. 35",     party: "bureau",    roles: BUREAU_STAFF,        next: "review_requested",     stop: ["review_window"], start: ["review"] },
    // Once the review window has passed unused (the sweeper issues it).
    close:               { article: "Art. 35",     party: "system",    roles: SYSTEM,              next: "closed",               stop: ["review_window"] },
  },
  review_requested: {
    ...onEveryOpenCase,
    // Only hearing time pauses a review.
    pause:               { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    resume:              { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    hearing:             { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    rate:                { article: "none",        party: "bureau",    roles: BUREAU_STAFF },
    "review-opinion":    { article: "Art. 35",     party: "reviewer",  roles: AGENCY_STAFF,        next: "reviewed",             stop: ["review"], start: ["re_review_window"] },
  },
  reviewed: {
    ...onEveryOpenCase,
    rate:                { article: "none",        party: "bureau",    roles: BUREAU_STAFF },
    // Within the re-review window: a re-review by the reviewing agency's superior.
    "request-re-review": { article: "Art. 36",     party: "bureau",    roles: BUREAU_STAFF,        next: "re_review_requested",  stop: ["re_review_window"], start: ["re_review"] },
    close:               { article: "Art. 36",     party: "system",    roles: SYSTEM,              next: "closed",               stop: ["re_review_window"] },
  },
  re_review_requested: {
    ...onEveryOpenCase,
    pause:               { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    resume:              { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    hearing:             { article: "Art. 35, 36", party: "reviewer",  roles: AGENCY_STAFF },
    rate:                { article: "none",        party: "bureau",    roles: BUREAU_STAFF },
    // The re-review opinion is final: a new petition on the matter is recorded, not accepted.
    "re-review-opinion": { article: "Art. 36",     party: "reviewer",  roles: AGENCY_STAFF,        next: "final",                stop: ["re_review"] },
  },
  final: { ...onFinishedCase },
  closed: { ...onFinishedCase },
};

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(["final", "closed"]);

export const COMMAND_NAMES = [
  ...new Set(Object.values(machine).flatMap((row) => Object.keys(row))),
] as CommandName[];

/**
 * Who must issue a command: the petition bureau, the case's lead agency, the agency
 * reviewing it now, its owning leader, anyone involved, the bureau through a joint meeting's
 * decision, or the platform itself.
 */
export type Party = "bureau" | "lead" | "reviewer" | "leader" | "involved" | "meeting" | "system";

/**
 * The article of the 信访工作条例 a rule follows, or "none": the platform's own bookkeeping,
 * a practice the glossary names (领导包案, 批示, 督查督办, 会办, 满意率), or a rule whose article
 * has not been checked against the regulation's text — cite only what has been.
 */
export type Article = `Art. ${string}` | "none";

export interface Transition {
  party: Party;
  roles: readonly Role[];
  /** Status after the command; omitted when the status does not change. */
  next?: Status | ((input: never) => Status);
  stop?: readonly ClockName[];
  start?: readonly ClockName[];
  article: Article;
}

type Row = Partial<Record<CommandName, Transition>>;

/** What each command takes. */
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
  "meeting-decision": {
    meetingId: string;
    lead: string;
    cohandlers?: string[];
    handleDays?: number;
    leader?: string;
    note: string;
  };
}
export type CommandName = keyof CommandInputs;
