// The CaseStore on one DynamoDB table (shapes in shared/resources.ts). Every write of a
// command is one TransactWriteItems: the case (version condition), its events, its
// outbox entries, the access items of newly involved agencies, and, when it applies a
// delivered message, the settling of that message's outbox entry.
import {
  BatchGetItemCommand, BatchWriteItemCommand, type BatchGetItemCommandOutput, type QueryCommandOutput, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand,
  TransactWriteItemsCommand, TransactionCanceledException, UpdateItemCommand, type AttributeValue, type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { DAY_S } from "../durations.js";
import { BadRequestError } from "../errors.js";
import type { Decision } from "../domain/lifecycle.js";
import type { AccessRecord, Case, CaseEvent, Notification, OutboxEntry } from "../domain/model.js";
import type { Meeting } from "../domain/meetings.js";
import type { Agency, Category, Reference, RoutingRule } from "../domain/routing.js";
import type {
  AccessLog, CaseIndex, CaseStore, CommitOptions, CommitOutcome, MeetingStore, NotificationStore, Outbox, Page, PageRequest, PendingOutbox, Recipient,
  ReferenceData, ReferenceStore, Webhook, WebhookStore,
} from "../ports.js";
import { DEADLINE_SHARDS, OUTBOX_SHARDS } from "../resources.js";

const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: "CASE" });
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(8, "0")}`;
const outboxKey = (caseId: string, entryId: string) => ({ pk: `CASE#${caseId}`, sk: `OUTBOX#${entryId}` });
const accessSk = (r: AccessRecord) => `READ#${r.at}#${r.id}`;
const KEY_FIELDS = ["pk", "sk", "agencyKey", "agencySort", "dueShard", "dueKey", "outboxShard", "outboxKey", "petitionerSort"];

const AGENDA_KEY = "AGENDA#pending";

/** How long the relay leaves a fresh outbox entry to the direct send before re-sending it. */
export const OUTBOX_GRACE_MS = 30_000;
/** How long an Idempotency-Key is remembered. */
const IDEMPOTENCY_TTL_S = DAY_S;

export function shardOf(id: string, shards: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

function strip<T>(item: Record<string, AttributeValue>): T {
  const plain = unmarshall(item);
  for (const k of KEY_FIELDS) delete plain[k];
  return plain as T;
}

const toItem = (value: object) => marshall(value, { removeUndefinedValues: true, convertEmptyValues: false });

export class DynamoCaseStore implements CaseStore, CaseIndex, AccessLog, Outbox, NotificationStore, WebhookStore, MeetingStore, ReferenceStore {
  /** `nextActionAt` is the domain's answer to "when does the sweeper next need this case?". */
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
    private readonly nextActionAt: (c: Case) => string | undefined,
  ) {}

  async getCase(id: string): Promise<Case | undefined> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(caseKey(id)), ConsistentRead: true }));
    return out.Item ? strip<Case>(out.Item) : undefined;
  }

  async getCases(ids: readonly string[]): Promise<Case[]> {
    const found = new Map<string, Case>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = ids.slice(i, i + 100).map((id) => marshall(caseKey(id)));
      for (let attempt = 0; keys?.length; attempt++) {
        const out: BatchGetItemCommandOutput = await this.db.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const c = strip<Case>(item);
          found.set(c.id, c);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
        if (keys?.length) await backoff(attempt);
      }
    }
    return ids.map((id) => found.get(id)).filter((c): c is Case => c !== undefined);
  }

  async commit(decision: Decision, options: CommitOptions): Promise<CommitOutcome> {
    const { case: next, events, outbox } = decision;
    const items: TransactWriteItem[] = [];
    const due = this.nextActionAt(next);
    const caseItem = {
      ...next,
      ...caseKey(next.id),
      ...(due ? { dueShard: `DUE#${shardOf(next.id, DEADLINE_SHARDS)}`, dueKey: `${due}#${next.id}` } : {}),
      ...(next.petitionerKey ? { petitionerSort: `${next.category}#${next.id}` } : {}),
    };
    items.push({
      Put: {
        TableName: this.tableName,
        Item: toItem(caseItem),
        ...(options.before
          ? { ConditionExpression: "version = :v", ExpressionAttributeValues: marshall({ ":v": options.before.version }) }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    });
    for (const e of events) {
      items.push({ Put: { TableName: this.tableName, Item: toItem({ ...e, pk: `CASE#${e.caseId}`, sk: eventSk(e.seq) }), ConditionExpression: "attribute_not_exists(pk)" } });
    }
    const notBefore = new Date(Date.parse(next.updatedAt) + OUTBOX_GRACE_MS).toISOString();
    for (const entry of outbox) items.push({ Put: { TableName: this.tableName, Item: toItem(this.outboxItem(entry, next.updatedAt, notBefore)) } });
    const newlyInvolved = next.involved.filter((a) => !options.before?.involved.includes(a));
    for (const agency of newlyInvolved) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: toItem({ pk: `CASE#${next.id}`, sk: `ACCESS#${agency}`, agencyKey: `AGENCY#${agency}`, agencySort: `${next.createdAt}#${next.id}`, since: next.updatedAt }),
        },
      });
    }
    // Cases waiting for a joint meeting's agenda sit under one index key the agenda reads.
    if (next.agendaPending && !options.before?.agendaPending) {
      items.push({ Put: { TableName: this.tableName, Item: toItem({ pk: `CASE#${next.id}`, sk: "AGENDA", agencyKey: AGENDA_KEY, agencySort: `${next.agendaPending.at}#${next.id}`, reason: next.agendaPending.reason }) } });
    } else if (!next.agendaPending && options.before?.agendaPending) {
      items.push({ Delete: { TableName: this.tableName, Key: marshall({ pk: `CASE#${next.id}`, sk: "AGENDA" }) } });
    }
    let meetingIndex = -1;
    if (options.meeting) {
      meetingIndex = items.length;
      items.push(this.meetingPut(options.meeting));
    }
    let idempotencyIndex = -1;
    if (options.idempotency) {
      const { scope, key, requestHash } = options.idempotency;
      idempotencyIndex = items.length;
      items.push({
        Put: {
          TableName: this.tableName,
          Item: toItem({ pk: `IDEM#${scope}#${key}`, sk: "IDEM", caseId: next.id, requestHash, expiresAt: Math.floor(Date.parse(next.updatedAt) / 1000) + IDEMPOTENCY_TTL_S }),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }
    let settleIndex = -1;
    if (options.settles) {
      settleIndex = items.length;
      items.push(this.settleItem(options.settles.caseId, options.settles.entryId, next.updatedAt));
    }

    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = (i: number) => i >= 0 && reasons[i]?.Code === "ConditionalCheckFailed";
      if (failed(settleIndex)) return { ok: false, reason: "already-applied" };
      if (failed(meetingIndex)) return { ok: false, reason: "stale" };
      if (failed(idempotencyIndex) && options.idempotency) {
        const prior = await this.findIdempotency(options.idempotency.scope, options.idempotency.key);
        if (prior) return { ok: false, reason: "idempotency-replay", ...prior };
      }
      if (reasons.some((r) => r.Code === "ConditionalCheckFailed")) return { ok: false, reason: "stale" };
      // TransactionConflict: another transaction touched the same items; the caller retries.
      if (reasons.some((r) => r.Code === "TransactionConflict")) return { ok: false, reason: "stale" };
      throw err;
    }
  }

  private outboxItem(entry: OutboxEntry, createdAt: string, notBefore: string) {
    return {
      ...outboxKey(entry.caseId, entry.id),
      id: entry.id,
      queue: entry.queue,
      caseId: entry.caseId,
      body: JSON.stringify(entry.body),
      createdAt,
      attempts: 0,
      outboxShard: `OUTBOX#${shardOf(entry.id, OUTBOX_SHARDS)}`,
      outboxKey: `${notBefore}#${entry.id}`,
    };
  }

  private settleItem(caseId: string, entryId: string, at: string): TransactWriteItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: marshall(outboxKey(caseId, entryId)),
        UpdateExpression: "REMOVE outboxShard, outboxKey SET settledAt = :at",
        ConditionExpression: "attribute_exists(outboxShard)",
        ExpressionAttributeValues: marshall({ ":at": at }),
      },
    };
  }

  async listEvents(caseId: string, page: PageRequest): Promise<Page<CaseEvent>> {
    return this.queryCaseItems<CaseEvent>(caseId, "EVENT#", page, true);
  }

  /** One kind of item in a case's partition (events oldest first, reads newest first), a page at a time. */
  private async queryCaseItems<T>(caseId: string, prefix: string, page: PageRequest, oldestFirst: boolean): Promise<Page<T>> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: marshall({ ":pk": `CASE#${caseId}`, ":prefix": prefix }),
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: `CASE#${caseId}`, sk: { prefix } }),
      ScanIndexForward: oldestFirst,
      Limit: page.limit,
      ConsistentRead: true,
    }));
    return { items: (out.Items ?? []).map((i) => strip<T>(i)), ...cursorOf(out.LastEvaluatedKey) };
  }

  async recordAccess(record: AccessRecord): Promise<void> {
    await this.db.send(new PutItemCommand({
      TableName: this.tableName,
      Item: toItem({ ...record, pk: `CASE#${record.caseId}`, sk: accessSk(record) }),
      ConditionExpression: "attribute_not_exists(pk)",
    }));
  }

  async listAccess(caseId: string, page: PageRequest): Promise<Page<AccessRecord>> {
    return this.queryCaseItems<AccessRecord>(caseId, "READ#", page, false);
  }


  async listCaseIdsForAgency(agency: string, page: PageRequest): Promise<Page<string>> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: "byAgency",
      KeyConditionExpression: "agencyKey = :a",
      ExpressionAttributeValues: marshall({ ":a": `AGENCY#${agency}` }),
      ScanIndexForward: false,
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: { prefix: "CASE#" }, sk: { prefix: "ACCESS#" }, agencyKey: `AGENCY#${agency}`, agencySort: { prefix: "" } }),
      Limit: page.limit,
    }));
    return { items: (out.Items ?? []).map((i) => String(i.pk!.S).slice("CASE#".length)), ...cursorOf(out.LastEvaluatedKey) };
  }

  async caseIdsOfPetitioner(petitionerKey: string, category: string): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out: QueryCommandOutput = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: "byPetitioner",
        KeyConditionExpression: "petitionerKey = :k AND begins_with(petitionerSort, :c)",
        ExpressionAttributeValues: marshall({ ":k": petitionerKey, ":c": `${category}#` }),
        ExclusiveStartKey: start,
      }));
      ids.push(...(out.Items ?? []).map((i) => String(i.pk!.S).slice("CASE#".length)));
      start = out.LastEvaluatedKey;
    } while (start && ids.length < 1000);
    return ids;
  }

  async findIdempotency(scope: string, key: string) {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: `IDEM#${scope}#${key}`, sk: "IDEM" }), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { caseId, requestHash } = unmarshall(out.Item) as { caseId: string; requestHash: string };
    return { caseId, requestHash };
  }

  async dueCaseIds(shard: number, now: Date, page: PageRequest): Promise<Page<string>> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: "byDeadline",
      KeyConditionExpression: "dueShard = :s AND dueKey <= :now",
      ExpressionAttributeValues: marshall({ ":s": `DUE#${shard}`, ":now": `${now.toISOString()}#~` }),
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: { prefix: "CASE#" }, sk: "CASE", dueShard: `DUE#${shard}`, dueKey: { prefix: "" } }),
      Limit: page.limit,
    }));
    return { items: (out.Items ?? []).map((i) => String(i.pk!.S).slice("CASE#".length)), ...cursorOf(out.LastEvaluatedKey) };
  }

  async pendingOutbox(shard: number, now: Date, limit: number): Promise<PendingOutbox[]> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: "byPendingOutbox",
      KeyConditionExpression: "outboxShard = :s AND outboxKey <= :now",
      ExpressionAttributeValues: marshall({ ":s": `OUTBOX#${shard}`, ":now": `${now.toISOString()}#~` }),
      Limit: limit,
    }));
    const keys = (out.Items ?? []).map((i) => ({ pk: i.pk!, sk: i.sk! }));
    if (!keys.length) return [];
    const got = await this.db.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
    return (got.Responses?.[this.tableName] ?? []).map((item) => {
      const o = unmarshall(item) as { id: string; queue: OutboxEntry["queue"]; caseId: string; body: string; attempts: number; outboxShard?: string };
      return { entry: { id: o.id, queue: o.queue, caseId: o.caseId, body: JSON.parse(o.body) }, attempts: o.attempts, pending: o.outboxShard !== undefined };
    }).filter((p) => p.pending).map(({ entry, attempts }) => ({ entry, attempts }));
  }

  async deferOutbox(caseId: string, entryId: string, until: Date): Promise<boolean> {
    try {
      await this.db.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(outboxKey(caseId, entryId)),
        UpdateExpression: "SET outboxKey = :k ADD attempts :one",
        ConditionExpression: "attribute_exists(outboxShard)",
        ExpressionAttributeValues: marshall({ ":k": `${until.toISOString()}#${entryId}`, ":one": 1 }),
      }));
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  async settleOutbox(caseId: string, entryId: string, at: Date): Promise<void> {
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: [this.settleItem(caseId, entryId, at.toISOString())] }));
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
    }
  }

  async deliverNotification(n: Notification, caseId: string): Promise<boolean> {
    try {
      await this.db.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: toItem({ ...n, pk: notificationPk(recipientOf(n)), sk: n.id, read: false }) } },
          this.settleItem(caseId, n.id, n.at),
        ],
      }));
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.[1]?.Code === "ConditionalCheckFailed") return false;
      throw err;
    }
  }

  async listNotifications(recipient: Recipient, page: PageRequest) {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: marshall({ ":pk": notificationPk(recipient) }),
      // Ids are ULIDs from the injected clock: newest first.
      ScanIndexForward: false,
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: notificationPk(recipient), sk: { prefix: "" } }),
      Limit: page.limit,
    }));
    return { items: (out.Items ?? []).map((i) => strip<Notification & { read: boolean; webhookDeliveredAt?: string }>(i)), ...cursorOf(out.LastEvaluatedKey) };
  }

  async markNotificationRead(recipient: Recipient, id: string): Promise<boolean> {
    // Look first: a request for someone else's or a made-up id attempts no write at all.
    const found = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: notificationPk(recipient), sk: id }), ProjectionExpression: "pk" }));
    if (!found.Item) return false;
    try {
      await this.db.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: notificationPk(recipient), sk: id }),
        UpdateExpression: "SET #read = :t",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#read": "read" },
        ExpressionAttributeValues: marshall({ ":t": true }),
      }));
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  async webhookDelivered(n: Notification, at: Date): Promise<void> {
    await this.db.send(new UpdateItemCommand({
      TableName: this.tableName,
      Key: marshall({ pk: notificationPk(recipientOf(n)), sk: n.id }),
      UpdateExpression: "SET webhookDeliveredAt = :at",
      ExpressionAttributeValues: marshall({ ":at": at.toISOString() }),
    }));
  }

  async getNotification(n: Notification): Promise<(Notification & { webhookDeliveredAt?: string }) | undefined> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: notificationPk(recipientOf(n)), sk: n.id }), ConsistentRead: true }));
    return out.Item ? strip(out.Item) : undefined;
  }

  async putWebhook(agency: string, hook: Webhook): Promise<void> {
    await this.db.send(new PutItemCommand({ TableName: this.tableName, Item: toItem({ pk: "WEBHOOK", sk: agency, ...hook }) }));
  }

  async getWebhook(agency: string): Promise<Webhook | undefined> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: "WEBHOOK", sk: agency }) }));
    if (!out.Item) return undefined;
    const { url, sealedSecret, updatedAt, updatedBy } = unmarshall(out.Item) as Partial<Webhook>;
    // A registration from before secrets were sealed has none: it must be registered again.
    if (!url || !sealedSecret || !updatedAt || !updatedBy) return undefined;
    return { url, sealedSecret, updatedAt, updatedBy };
  }

  private meetingPut(meeting: Meeting): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: toItem({ ...meeting, pk: "MEETING", sk: meeting.id }),
        ...(meeting.version > 1
          ? { ConditionExpression: "version = :v", ExpressionAttributeValues: marshall({ ":v": meeting.version - 1 }) }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    };
  }

  /** Save a meeting whose version was bumped by one from the stored one; false when stale. */
  async saveMeeting(meeting: Meeting): Promise<boolean> {
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: [this.meetingPut(meeting)] }));
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: "MEETING", sk: id }), ConsistentRead: true }));
    return out.Item ? strip<Meeting>(out.Item) : undefined;
  }

  async listMeetings(page: PageRequest): Promise<Page<Meeting>> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: marshall({ ":pk": "MEETING" }),
      ScanIndexForward: false,
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: "MEETING", sk: { prefix: "" } }),
      Limit: page.limit,
      ConsistentRead: true,
    }));
    return { items: (out.Items ?? []).map((i) => strip<Meeting>(i)), ...cursorOf(out.LastEvaluatedKey) };
  }

  async pendingAgendaCaseIds(limit: number): Promise<string[]> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: "byAgency",
      KeyConditionExpression: "agencyKey = :k",
      ExpressionAttributeValues: marshall({ ":k": AGENDA_KEY }),
      Limit: limit,
    }));
    return (out.Items ?? []).map((i) => String(i.pk!.S).slice("CASE#".length));
  }

  async getReference(): Promise<Reference> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": "REF" }),
        ExclusiveStartKey: start,
      }));
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    const of = <T>(prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => i.value as T);
    return {
      agencies: new Map(of<Agency>("AGENCY#").map((a) => [a.id, a])),
      categories: new Map(of<Category>("CATEGORY#").map((c) => [c.id, c])),
      regions: new Set(of<string>("REGION#")),
      rules: of<RoutingRule>("RULE#"),
    };
  }

  async seedReference(data: ReferenceData): Promise<boolean> {
    const items = [
      ...data.agencies.map((a) => ({ pk: "REF", sk: `AGENCY#${a.id}`, value: a })),
      ...data.categories.map((c) => ({ pk: "REF", sk: `CATEGORY#${c.id}`, value: c })),
      ...data.regions.map((r) => ({ pk: "REF", sk: `REGION#${r}`, value: r })),
      ...data.rules.map((r) => ({ pk: "REF", sk: `RULE#${r.category}#${r.region}`, value: r })),
    ];
    for (let i = 0; i < items.length; i += 25) {
      let requests: { PutRequest: { Item: Record<string, AttributeValue> } }[] | undefined =
        items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: toItem(item) } }));
      for (let attempt = 0; requests?.length; attempt++) {
        const out = await this.db.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = out.UnprocessedItems?.[this.tableName] as typeof requests;
        if (requests?.length) await backoff(attempt);
      }
    }
    // The marker goes last: a seed cut short is completed by the next start.
    try {
      await this.db.send(new PutItemCommand({ TableName: this.tableName, Item: toItem({ pk: "REF", sk: "SEED" }), ConditionExpression: "attribute_not_exists(pk)" }));
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  async isSeeded(): Promise<boolean> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: "REF", sk: "SEED" }), ConsistentRead: true }));
    return out.Item !== undefined;
  }
}

const recipientOf = (n: Notification): Recipient => (n.user ? { user: n.user } : { agency: n.agency });
const notificationPk = (r: Recipient) => ("user" in r ? `NOTIFY#USER#${r.user}` : `NOTIFY#${r.agency}`);

function cursorOf(lastKey: Record<string, AttributeValue> | undefined): { nextCursor?: string } {
  return lastKey ? { nextCursor: Buffer.from(JSON.stringify(unmarshall(lastKey))).toString("base64url") } : {};
}

/** What a cursor's key must hold: exactly this value, or a value starting with `prefix`. */
type KeySpec = string | { prefix: string };

/**
 * A cursor is only ever one we handed out: an object of exactly the expected keys, each
 * printable ASCII (every key this table writes is), the partition key equal to the one
 * queried and the sort key within the query's range. Anything else would make DynamoDB
 * refuse the start key (a 500) or continue in another partition: 400 instead.
 */
function decodeCursor(cursor: string | undefined, fields: Record<string, KeySpec>): Record<string, AttributeValue> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (err) {
    throw new BadRequestError("The cursor is not valid.", {}, { cause: err });
  }
  const fits = (value: unknown, spec: KeySpec | undefined) =>
    typeof value === "string" && /^[\x21-\x7e]{1,300}$/.test(value) && spec !== undefined
    && (typeof spec === "string" ? value === spec : value.startsWith(spec.prefix));
  const ok = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    && Object.keys(parsed).sort().join() === Object.keys(fields).sort().join()
    && Object.entries(parsed).every(([k, v]) => fits(v, fields[k]));
  if (!ok) throw new BadRequestError("The cursor is not valid.");
  return marshall(parsed as Record<string, string>);
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}
