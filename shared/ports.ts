// The ports the application needs from the outside world, each small enough that a
// service names only those it uses. Adapters in shared/adapters/ implement them on
// DynamoDB, SQS and KMS; the ports of the files (notices, attachments) are in file-ports.ts,
// re-exported here. Expected outcomes (a stale version, a duplicate) come back as
// values, anything else is thrown.
import type { Decision } from "./domain/decide.js";
import type {
  AccessRecord,
  Case,
  CaseEvent,
  Channel,
  Notification,
  OutboxEntry,
  Status,
} from "./domain/model.js";
import type { EscalationList } from "./domain/escalation-lists.js";
import type { JurisdictionEvent, TrailHead } from "./domain/jurisdiction-audit.js";
import type { SpikeRecord } from "./domain/hotspots.js";
import type { Meeting } from "./domain/meetings.js";
import type { CellKey, Contribution, Counters, Dimension } from "./domain/stats-facts.js";
import type { Agency, Category, Reference, RoutingRule } from "./domain/routing.js";
import type { StoredCalendar } from "./domain/calendar-data.js";
import type { StoredThresholds } from "./domain/thresholds.js";
import type { AttachmentRecord, AttachmentStore, NoticeRecord, NoticeStore } from "./file-ports.js";
import type { Open311Store } from "./open311-ports.js";

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Which page: the cursor the previous page gave, and at most how many items. */
export interface PageRequest {
  cursor?: string;
  limit: number;
}

export type CommitOutcome =
  | { ok: true }
  /** Someone else changed the case first. */
  | { ok: false; reason: "stale" }
  /** The idempotency key was used before; the case it created is returned. */
  | { ok: false; reason: "idempotency-replay"; caseId: string; requestHash: string }
  /** The outbox entry this commit settles was already applied (a duplicate delivery). */
  | { ok: false; reason: "already-applied" };

export interface CommitOptions {
  /** The case as read before deciding; absent for a new case. */
  before?: Case;
  idempotency?: { scope: string; key: string; requestHash: string };
  /** The outbox entry whose delivery this commit applies, at most once. */
  settles?: { caseId: string; entryId: string };
  /** A joint meeting changed in the same transaction (its version one above the stored one). */
  meeting?: Meeting;
  /** A file recorded with the decision, once: a second commit for it is "already-applied". */
  file?: NoticeRecord;
  /** An attachment stored with the decision: refused ("already-applied") unless it was pending. */
  attachment?: AttachmentRecord;
  /** A new case filed by this Open311 client app: listed under the app with it. */
  submittedBy?: string;
}

/** Cases and their events; a decision is committed in one transaction with its outbox. */
export interface CaseStore {
  getCase(id: string): Promise<Case | undefined>;
  getCases(ids: readonly string[]): Promise<Case[]>;
  commit(decision: Decision, options: CommitOptions): Promise<CommitOutcome>;
  listEvents(caseId: string, page: PageRequest): Promise<Page<CaseEvent>>;
  /** The case an Idempotency-Key created, and the hash of the request that created it. */
  findIdempotency(scope: string, key: string): Promise<{ caseId: string; requestHash: string } | undefined>;
}

/** Which cases: the lookups that answer with case ids, each from its own index. */
export interface CaseIndex {
  /** Cases an agency is or was involved in, newest first. */
  listCaseIdsForAgency(agency: string, page: PageRequest): Promise<Page<string>>;
  /** Cases of one petitioner (by keyed ID hash) in one category. */
  caseIdsOfPetitioner(petitionerKey: string, category: string): Promise<string[]>;
  /** Case ids whose next clock action is due at `now`, one deadline-index shard. */
  dueCaseIds(shard: number, now: Date, page: PageRequest): Promise<Page<string>>;
  /** Cases on one of the bureau's oversight lists (escalation-lists.ts), by agency, then oldest first. */
  escalatedCaseIds(list: EscalationList, page: PageRequest): Promise<Page<string>>;
  /** Cases waiting for the next joint meeting's agenda, oldest first. */
  pendingAgendaCaseIds(limit: number): Promise<string[]>;
  /** Cases an agency is or was involved in that were created between `from` and `to` (ISO times), oldest first. */
  caseIdsForAgencyCreated(agency: string, from: string, to: string): Promise<string[]>;
}

/** Reads of a petitioner's identity in full; not part of the case's events. */
export interface AccessLog {
  recordAccess(record: AccessRecord): Promise<void>;
  /** Reads of the case's petitioner identity, newest first. */
  listAccess(caseId: string, page: PageRequest): Promise<Page<AccessRecord>>;
}

export interface PendingOutbox {
  entry: OutboxEntry;
  attempts: number;
}

/** Outbox entries a commit wrote, until their consumer applies them. */
export interface Outbox {
  /** Entries not applied yet and due for a re-send at `now`. */
  pendingOutbox(shard: number, now: Date, limit: number): Promise<PendingOutbox[]>;
  /** Push back an entry's next re-send; false when it was applied meanwhile. */
  deferOutbox(caseId: string, entryId: string, until: Date): Promise<boolean>;
  /** Mark an entry as needing no delivery any more (superseded). */
  settleOutbox(caseId: string, entryId: string, at: Date): Promise<void>;
}

/** Whose notification list: an agency's (filtered by role), or one person's (an owning leader). */
export type Recipient = { agency: string } | { user: string };

export interface NotificationStore {
  /** Store a notification and settle its outbox entry in one step; false on a duplicate. */
  deliverNotification(n: Notification, caseId: string): Promise<boolean>;
  listNotifications(recipient: Recipient, page: PageRequest): Promise<Page<Notification & { read: boolean }>>;
  markNotificationRead(recipient: Recipient, id: string): Promise<boolean>;
  getNotification(n: Notification): Promise<(Notification & { webhookDeliveredAt?: string }) | undefined>;
  webhookDelivered(n: Notification, at: Date): Promise<void>;
}

/** Where an agency wants its notifications POSTed, and the secret that signs them, sealed (SecretBox). */
export interface Webhook {
  url: string;
  sealedSecret: string;
  updatedAt: string;
  updatedBy: string;
}

export interface WebhookStore {
  putWebhook(agency: string, hook: Webhook): Promise<void>;
  getWebhook(agency: string): Promise<Webhook | undefined>;
}

export interface MeetingStore {
  /** Save a meeting whose version was bumped by one from the stored one; false when stale. */
  saveMeeting(meeting: Meeting): Promise<boolean>;
  getMeeting(id: string): Promise<Meeting | undefined>;
  listMeetings(page: PageRequest): Promise<Page<Meeting>>;
}

/** An inbox filter as a person saved it: filter values only, never a case or a person's identity. */
export interface SavedView {
  id: string;
  name: string;
  filters: {
    status?: Status;
    category?: string;
    region?: string;
    channel?: Channel;
    overdue?: "true" | "false";
  };
  savedAt: string;
}

export type SaveViewOutcome =
  | { ok: true; view: SavedView }
  /** The owner already keeps `max` views under other names. */
  | { ok: false; reason: "full" }
  /** Other saves of the same owner kept winning the race: try again. */
  | { ok: false; reason: "busy" };

/** Each person's saved inbox views, under their own `sub`. */
export interface SavedViews {
  listViews(owner: string): Promise<SavedView[]>;
  /** Keep a view; one of the same name is replaced (keeping its id). */
  saveView(owner: string, view: SavedView, max: number): Promise<SaveViewOutcome>;
  /** "absent" when the owner keeps no view of that id; "busy" as for saveView. */
  deleteView(owner: string, id: string): Promise<"deleted" | "absent" | "busy">;
}

/** The jurisdiction's reference data as it is seeded. */
export interface ReferenceData {
  agencies: Agency[];
  categories: Category[];
  regions: string[];
  rules: RoutingRule[];
}

export interface ReferenceStore {
  getReference(): Promise<Reference>;
  /** Seed reference data once; false when the store already had it. */
  seedReference(data: ReferenceData): Promise<boolean>;
  /** Whether a seed ran to its end (a seed cut short is completed by the next one). */
  isSeeded(): Promise<boolean>;
}

/** The routing rules in force and their version (0: as seeded before rules had a version). */
export interface RoutingRuleSet {
  version: number;
  rules: RoutingRule[];
}

export type SaveRulesOutcome =
  | { ok: true }
  /** The rules are no longer at the version the change was made from. */
  | { ok: false; reason: "stale" }
  /** Another change of the jurisdiction took the trail's next number first, or met this one: read and try again. */
  | { ok: false; reason: "retry" };

/** The routing rules a coordinator edits, each change committed with its event on the jurisdiction's trail. */
export interface RoutingRuleStore {
  getRoutingRules(): Promise<RoutingRuleSet>;
  /** Put `next` in place of version `next.version - 1` and append `event`, in one transaction. */
  saveRoutingRules(next: RoutingRuleSet, event: JurisdictionEvent): Promise<SaveRulesOutcome>;
}

/**
 * A route's two reads in one round trip: the case and the routing rules in force, both
 * strongly consistent (a route follows the rules at that moment, docs/jurisdiction.md).
 */
export interface RouteReads {
  getCaseWithRules(id: string): Promise<{ case: Case | undefined; ruleSet: RoutingRuleSet }>;
}

/** The jurisdiction's hash-chained trail of its own changes (shared/domain/jurisdiction-audit.ts). */
export interface JurisdictionTrail {
  trailHead(): Promise<TrailHead>;
  /** Oldest first; only events whose type starts with `typePrefix` when it is given. */
  listJurisdictionEvents(page: PageRequest, typePrefix?: string): Promise<Page<JurisdictionEvent>>;
}

/**
 * A recount the sweeper owes after a change, walked a page at a time and resumed where it
 * stopped: a calendar year's over the clocks index, the thresholds' over the deadline index.
 * `token` is the change's: a newer change of the same kind replaces the job, and progress of
 * the replaced one is not saved over it.
 */
export type JurisdictionJob = { id: string; token: string; shard: number; cursor?: string } & (
  | { kind: "calendar"; year: number }
  | { kind: "thresholds" }
);

/**
 * The jurisdiction's calendar years and thresholds. A save puts the item on condition of the
 * version it was made from (`expected`; 0: none stored), appends its event to the
 * jurisdiction's trail and records the recount job, in one transaction.
 */
export interface JurisdictionStore {
  getJurisdiction(): Promise<{ calendar: StoredCalendar; thresholds?: StoredThresholds }>;
  saveCalendar(
    calendar: StoredCalendar,
    expected: number,
    event: JurisdictionEvent,
    job: JurisdictionJob,
  ): Promise<SaveRulesOutcome>;
  saveThresholds(
    thresholds: StoredThresholds,
    expected: number,
    event: JurisdictionEvent,
    job: JurisdictionJob,
  ): Promise<SaveRulesOutcome>;
}

/** What the sweeper needs to work off the recounts a change asked for. */
export interface JurisdictionJobs {
  pendingJobs(): Promise<JurisdictionJob[]>;
  /** Save how far a job got; false when a newer change replaced it. */
  saveJobProgress(job: JurisdictionJob): Promise<boolean>;
  finishJob(job: JurisdictionJob): Promise<void>;
  /** Cases with a clock still going due in local year `year` or later, one clocks-index shard. */
  caseIdsWithClocksDueFrom(shard: number, year: number, page: PageRequest): Promise<Page<string>>;
  /** Every entry of one deadline-index shard, with the next action time it is filed under. */
  deadlineEntries(shard: number, page: PageRequest): Promise<Page<{ caseId: string; nextActionAt: string }>>;
  /** File a case under a new next action time (none: out of the index) if it is still at `version`. */
  refileDeadline(caseId: string, version: number, nextActionAt: string | undefined): Promise<boolean>;
}

/**
 * Keyed hashes that match without revealing: equal for equal inputs, useless without the
 * key. On AWS they are KMS HMAC keys (GenerateMac) only the api may use; locally, keys
 * kept in the data folder.
 */
export interface KeyedHasher {
  /** Keyed hash (hex) of a petitioner's ID number, to find repeat petitions. */
  petitionerKey(idNumber: string): Promise<string>;
  /** Keyed hash (hex) of a request body, to tell an Idempotency-Key replay from a reuse. */
  requestHash(canonicalBody: string): Promise<string>;
}

/**
 * Secrets kept encrypted at rest (webhook signing secrets). `context` is bound to the
 * ciphertext: a sealed secret moved to another agency's item does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

export interface SendResult {
  failed: string[];
}

export interface MessageQueue {
  /** Send outbox entries to their queues; the ids of those not accepted come back. */
  send(entries: readonly OutboxEntry[]): Promise<SendResult>;
}

/** Every store port, as the table's adapter provides them; each service's own deps type names the few it uses. */
/** Which counter items of a month to read: its totals, by one dimension, or the full cells (of one agency). */
export type StatsSlice =
  | { kind: "total" }
  | { kind: "dimension"; dimension: Dimension }
  | { kind: "cells"; agency?: string };

export interface StatsCell {
  /** The dimensions this item is for: none (totals), one, or all four. */
  key: Partial<CellKey>;
  counters: Counters;
}

export interface StatsStore {
  /**
   * Counts the case as it is at `version` in place of what was counted of it before, in one
   * transaction with the case's mark; "stale" when that version or a newer one is counted.
   */
  countCase(caseId: string, version: number, contribution: Contribution): Promise<"counted" | "stale">;
  /** One month's counter items of a slice (the month `NOW` holds the gauges), and how many items were read. */
  readStats(month: string, slice: StatsSlice): Promise<{ cells: StatsCell[]; itemsRead: number }>;
}

/** What the early warning remembers of each category × region's latest spike. */
export interface WatchStore {
  getSpike(category: string, region: string): Promise<SpikeRecord | undefined>;
  /**
   * Remember `next` in place of the record at `next.version - 1` (none when 1), with the
   * notification's outbox entry when the spike is new, in one transaction; false when another
   * run moved the record first.
   */
  saveSpike(next: SpikeRecord, notice?: OutboxEntry): Promise<boolean>;
}

export type Stores = CaseStore &
  CaseIndex &
  AccessLog &
  Outbox &
  NotificationStore &
  WebhookStore &
  MeetingStore &
  ReferenceStore &
  RoutingRuleStore &
  RouteReads &
  JurisdictionTrail &
  SavedViews &
  StatsStore &
  JurisdictionStore &
  JurisdictionJobs &
  WatchStore &
  NoticeStore &
  AttachmentStore &
  Open311Store;

export type * from "./file-ports.js";
export type * from "./open311-ports.js";
