// The ports the application needs from the outside world. Adapters in shared/adapters/
// implement them on DynamoDB and SQS; expected outcomes come back as values.
import type { Decision } from "./domain/decide.js";
import type { AccessRecord, Case, CaseEvent, Notification, OutboxEntry } from "./domain/model.js";
import type { Meeting } from "./domain/meetings.js";
import type { Agency, Category, Reference, RoutingRule } from "./domain/routing.js";

export interface Page<T> {
  items: T[];
  nextCursor?: string;
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
}

export interface PendingOutbox {
  entry: OutboxEntry;
  attempts: number;
}

export interface CaseStore {
  getCase(id: string): Promise<Case | undefined>;
  getCases(ids: readonly string[]): Promise<Case[]>;
  commit(decision: Decision, options: CommitOptions): Promise<CommitOutcome>;
  listEvents(caseId: string, page: { cursor?: string; limit: number }): Promise<Page<CaseEvent>>;
  /** Record one read of a petitioner's identity in full; not part of the case's events. */
  recordAccess(record: AccessRecord): Promise<void>;
  /** Reads of the case's petitioner identity, newest first. */
  listAccess(caseId: string, page: { cursor?: string; limit: number }): Promise<Page<AccessRecord>>;
  listCaseIdsForAgency(agency: string, page: { cursor?: string; limit: number }): Promise<Page<string>>;
  /** Cases of one petitioner (by keyed ID hash) in one category. */
  caseIdsOfPetitioner(petitionerKey: string, category: string): Promise<string[]>;
  findIdempotency(scope: string, key: string): Promise<{ caseId: string; requestHash: string } | undefined>;

  /** Case ids whose next clock action is due at `now`, one deadline-index shard. */
  dueCaseIds(shard: number, now: Date, page: { cursor?: string; limit: number }): Promise<Page<string>>;

  /** Outbox entries not applied yet and due for a re-send at `now`. */
  pendingOutbox(shard: number, now: Date, limit: number): Promise<PendingOutbox[]>;
  /** Push back an entry's next re-send; false when it was applied meanwhile. */
  deferOutbox(caseId: string, entryId: string, until: Date): Promise<boolean>;
  /** Mark an entry as needing no delivery any more (superseded). */
  settleOutbox(caseId: string, entryId: string, at: Date): Promise<void>;

  /** Store a notification and settle its outbox entry in one step; false on a duplicate. */
  deliverNotification(n: Notification, caseId: string): Promise<boolean>;
  listNotifications(recipient: { agency: string } | { user: string }, page: { cursor?: string; limit: number }): Promise<Page<Notification & { read: boolean }>>;
  markNotificationRead(recipient: { agency: string } | { user: string }, id: string): Promise<boolean>;
  getNotification(n: Notification): Promise<(Notification & { webhookDeliveredAt?: string }) | undefined>;
  webhookDelivered(n: Notification, at: Date): Promise<void>;
  putWebhook(agency: string, hook: Webhook): Promise<void>;
  getWebhook(agency: string): Promise<Webhook | undefined>;

  saveMeeting(meeting: Meeting): Promise<boolean>;
  getMeeting(id: string): Promise<Meeting | undefined>;
  listMeetings(page: { cursor?: string; limit: number }): Promise<Page<Meeting>>;
  /** Cases waiting for the next joint meeting's agenda, oldest first. */
  pendingAgendaCaseIds(limit: number): Promise<string[]>;

  getReference(): Promise<Reference>;
  /** Seed reference data once; false when the store already had it. */
  seedReference(data: { agencies: Agency[]; categories: Category[]; regions: string[]; rules: RoutingRule[] }): Promise<boolean>;
}

/** Where an agency wants its notifications POSTed, and the secret that signs them, sealed (SecretBox). */
export interface Webhook {
  url: string;
  sealedSecret: string;
  updatedAt: string;
  updatedBy: string;
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
