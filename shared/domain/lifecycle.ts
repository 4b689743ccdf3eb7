// The case lifecycle as one table of data: for each status, the commands allowed, who may
// issue them, the next status and the clocks they stop and start. decide.ts applies it;
// what each command checks and records beyond it is in effects.ts.
import type { ClockName, Handoff, PauseReason, Role, RouteKind, Status } from "./model.js";

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

export const BUREAU_STAFF: readonly Role[] = ["intake", "coordinator"];
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

export const COMMAND_NAMES = [...new Set(Object.values(machine).flatMap((row) => Object.keys(row)))] as CommandName[];
