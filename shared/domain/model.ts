// The case record, its clocks and its events: plain data shared by every layer.
import type { Submission } from "./open311.js";

export const STATUSES = [
  "registered",
  "routing",
  "transferred",
  "assigned",
  "disputed",
  "accepted",
  "replied",
  "review_requested",
  "reviewed",
  "re_review_requested",
  "final",
  "closed",
] as const;
export type Status = (typeof STATUSES)[number];

export const CHANNELS = ["letter", "visit", "phone", "online", "leader_mailbox"] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROLES = [
  "intake",
  "coordinator",
  "handler",
  "agency_head",
  "leader",
  "meeting_member",
  "auditor",
] as const;
export type Role = (typeof ROLES)[number];

export const CLOCK_NAMES = [
  "route",
  "acknowledge",
  "object",
  "handle",
  "report_back",
  "review_window",
  "review",
  "re_review_window",
  "re_review",
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export type ClockState = "running" | "paused" | "met" | "overdue";
export type DayUnit = "calendar" | "working";

export interface CaseClock {
  name: ClockName;
  /** Agency answerable for meeting the clock. */
  owner: string;
  startedAt: string;
  dueAt: string;
  state: ClockState;
  length: number;
  unit: DayUnit;
  /** Time spent paused so far; it does not count against the period. */
  pausedMs: number;
  pausedAt?: string;
  pauseReason?: PauseReason;
  stoppedAt?: string;
  /** Set when the period runs into a year without official calendar data (see deadlines.calendarWarning). */
  calendarWarning?: string;
  /** Escalation steps taken for this clock: the due-soon warning, then L1–L3. */
  warnedAt?: string;
  level?: 0 | 1 | 2 | 3;
}

export const PAUSE_REASONS = ["hearing", "awaiting_petitioner", "appraisal"] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface Petitioner {
  name: string;
  idNumber?: string;
  phone?: string;
  /** Given by an online petition's app (Open311); never in a key, an index or a log. */
  email?: string;
  address?: string;
}

export type RouteKind = "transfer" | "assign";

export interface Handoff {
  id: string;
  caseId: string;
  kind: RouteKind;
  from: string;
  to: string;
  cohandlers: string[];
  reportBackDays?: number;
  requestedAt: string;
}

export interface Case {
  id: string;
  code: string;
  status: Status;
  channel: Channel;
  receivedAt: string;
  category: string;
  region: string;
  title: string;
  description: string;
  petitioner: Petitioner;
  headcount: number;
  collective: boolean;
  respondent?: { agency?: string; official?: string };
  /** What came with a petition filed through a client app (Open311): the app, a media URL, the place. */
  submission?: Submission;
  leadAgency?: string;
  cohandlers: string[];
  leader?: string;
  /** Every agency that is or was lead, co-handler or reviewer: the visibility set. */
  involved: string[];
  clocks: CaseClock[];
  /** Clocks replaced by a later one of the same name (re-routing, a meeting's decision): kept for the on-time rates. */
  pastClocks?: CaseClock[];
  escalation: { level: 0 | 1 | 2 | 3; supervised: boolean; meetingId?: string };
  /** Every ladder step taken (L1 overdue, L2 listed supervision, L3 to the meeting), by the agency it concerned. */
  escalations?: { level: 1 | 2 | 3; owner: string; at: string }[];
  /** Waiting for the next joint meeting's agenda: escalated (L3), a stale dispute, or flagged. */
  agendaPending?: { reason: AgendaReason; at: string };
  /** The superior agency reviewing the reply (复查), and its superior re-reviewing (复核). */
  reviewer?: string;
  reReviewer?: string;
  /** The review's and the re-review's decisions, once given. */
  reviewDecision?: "upheld" | "changed";
  reReviewDecision?: "upheld" | "changed";
  extension?: {
    days: number;
    reason: string;
    requestedAt: string;
    requestedBy: string;
    decision?: "approved" | "refused";
    decidedAt?: string;
  };
  objection?: { by: string; reason: string; at: string };
  /** Every objection raised, kept after the dispute is resolved (the statistics count them). */
  objections?: { by: string; at: string }[];
  supervision?: { note: string; at: string; dueAt?: string };
  jointHandling?: { note: string; at: string };
  hearings: { at: string; participants: string[]; outcome?: string }[];
  rating?: "satisfied" | "basically_satisfied" | "unsatisfied";
  /** The earlier case this petition repeats (重复信访). */
  repeatOf?: string;
  /** Open cases of the same petitioner and category found at registration. */
  repeatCandidates: string[];
  /** Keyed hash of the petitioner's ID number: matches repeats without storing the number in a key. */
  petitionerKey?: string;
  /** The handoff sent and not yet applied by the router. */
  pendingHandoff?: Handoff;
  outcome?: { kind: "declined" | "replied"; summary: string; at: string };
  version: number;
  lastSeq: number;
  lastHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface Actor {
  sub: string;
  agency: string;
  roles: readonly string[];
}

/** An event as the domain decides it; the audit chain fills in seq and hashes. */
export interface EventDraft {
  type: string;
  data: Record<string, unknown>;
}

export interface CaseEvent extends EventDraft {
  caseId: string;
  seq: number;
  at: string;
  actor: string;
  agency: string;
  role: string;
  prevHash: string;
  hash: string;
}

/**
 * One read of a petitioner's identity in full: who, from which agency and roles, when.
 * Kept beside the case, outside its hash chain, so reading changes no case version.
 */
export interface AccessRecord {
  id: string;
  caseId: string;
  at: string;
  actor: string;
  agency: string;
  roles: string[];
  /** What was shown: the petitioner's identity in full. */
  view: "petitioner_full";
}

/** A message to send after commit, kept in the table until its consumer applies it. */
export interface OutboxEntry {
  id: string;
  queue: "handoffs" | "notifications";
  caseId: string;
  body: Record<string, unknown>;
}

export const AGENDA_REASONS = ["escalated", "dispute", "joint_handling"] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];

export const NOTIFICATION_TYPES = [
  "due_soon",
  "overdue",
  "supervision",
  "agenda",
  "decision",
  "handoff",
  "hotspot",
  "repeat_petitioner",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** What a notification carries: ids and levels only, never petitioner data. */
export interface Notification {
  id: string;
  type: NotificationType;
  caseId: string;
  agency: string;
  roles: Role[];
  /** A personal notification (an owning leader) rather than one for the agency's roles. */
  user?: string;
  level: number;
  at: string;
  /** A `hotspot`: the series, its window and figures, and the cases behind it (`caseId` is the first). */
  hotspot?: HotspotNotice;
  /** A `repeat_petitioner`: the same person's petitions in one category, by case id only (`caseId` is the newest). */
  repeat?: RepeatNotice;
}

export interface HotspotNotice {
  category: string;
  region: string;
  window: "day" | "week";
  /** The last day of the window (local, YYYY-MM-DD). */
  day: string;
  observed: number;
  expected: number;
  caseIds: string[];
}

export interface RepeatNotice {
  category: string;
  /** Every petition counted, oldest first; never anything of the person. */
  caseIds: string[];
  withinDays: number;
  /** The matter was already final (Art. 36): the new petition was recorded, not accepted. */
  afterFinal: boolean;
}
