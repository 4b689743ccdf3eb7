// The one source of infrastructure shapes: the table's keys and indexes, the queues, and
// the functions with the settings they read and what they may do to the table; what they may
// do to the files bucket is in file-resources.ts, re-exported here. The CDK stack
// (infra/stack.ts) and the local runtime (infra/local/) both build from these.

export type IndexName = "byAgency" | "byDeadline" | "byPetitioner" | "byPendingOutbox";

export interface IndexShape {
  readonly name: IndexName;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Only keys are projected: no petitioner data ever lands in an index. */
  readonly projection: "KEYS_ONLY";
}

export interface TableShape {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexShape[];
  readonly timeToLiveAttribute: string;
}

export const table: TableShape = {
  partitionKey: "pk",
  sortKey: "sk",
  indexes: [
    // An agency's cases: one access item per (case, agency) that is or was involved.
    { name: "byAgency", partitionKey: "agencyKey", sortKey: "agencySort", projection: "KEYS_ONLY" },
    // Sparse deadline index: a case appears only while one of its clocks needs action,
    // sorted by the time of that next action and sharded by case.
    { name: "byDeadline", partitionKey: "dueShard", sortKey: "dueKey", projection: "KEYS_ONLY" },
    // Sparse repeat-petition index: a keyed hash of the petitioner's ID number, never the number.
    {
      name: "byPetitioner",
      partitionKey: "petitionerKey",
      sortKey: "petitionerSort",
      projection: "KEYS_ONLY",
    },
    // Sparse outbox index: entries not yet applied by their consumer, for the relay.
    { name: "byPendingOutbox", partitionKey: "outboxShard", sortKey: "outboxKey", projection: "KEYS_ONLY" },
  ],
  timeToLiveAttribute: "expiresAt",
};

export const DEADLINE_SHARDS = 8;
export const OUTBOX_SHARDS = 4;

export interface QueueShape {
  /** Logical id; the physical name gets a prefix per deployment or test run. */
  readonly id: "handoffs" | "notifications";
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /**
   * Longer than the source's: a standard queue keeps a message's first enqueue time when it
   * moves to the DLQ, so an equal retention would leave it there for less than the rest.
   */
  readonly deadLetterRetentionDays: number;
  /** Lambda that consumes the queue. */
  readonly consumer: "router" | "notifier";
  readonly batchSize: number;
}

// Sources keep 4 days: a message not consumed by then is still a pending outbox entry the
// relay re-sends. Dead-letter queues keep the SQS maximum, 14 days, for someone to look.
export const queues: readonly QueueShape[] = [
  {
    id: "handoffs",
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
    consumer: "router",
    batchSize: 10,
  },
  {
    id: "notifications",
    fifo: false,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
    consumer: "notifier",
    batchSize: 10,
  },
];

export function queueName(prefix: string, shape: QueueShape, deadLetter = false): string {
  const base = `${prefix}-${shape.id}${deadLetter ? "-dlq" : ""}`;
  return shape.fifo ? `${base}.fifo` : base;
}

/** The setting that carries a queue's URL: a function that reads it may send to that queue. */
const queueUrlSetting = (id: QueueShape["id"]) =>
  `${id.toUpperCase() as Uppercase<QueueShape["id"]>}_QUEUE_URL` as const;

/** Settings a function reads from its environment (see shared/config.ts). */
export type FunctionSetting =
  | "TABLE_NAME"
  | ReturnType<typeof queueUrlSetting>
  | "PETITIONER_MAC_KEY_ID"
  | "IDEMPOTENCY_MAC_KEY_ID"
  | "WEBHOOK_SECRET_KEY_ID"
  | "CONSOLE_SESSION_KEY_ID"
  | "COGNITO_DOMAIN"
  | "CONSOLE_CLIENT_ID"
  | "USER_POOL_ID"
  | "FILES_BUCKET";

/** The Lambda functions, their entry files and what each may touch. */
export interface FunctionShape {
  readonly id:
    | "api"
    | "console"
    | "router"
    | "notifier"
    | "sweeper"
    | "relay"
    | "agenda"
    | "stats"
    | "watch"
    | "notices";
  readonly entry: string;
  /** Exactly the settings it reads: the stack sets these and no others. */
  readonly settings: readonly FunctionSetting[];
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Scheduled functions: how often EventBridge Scheduler fires them. */
  readonly scheduleMinutes?: number;
  /** Concurrency set aside for, and capping, the function. */
  readonly reservedConcurrency?: number;
  /**
   * Fed by the table's stream (new images), in batches of this many records: of case items
   * (the statistics), or of the events that call for a written notice (shared/domain/notices.ts).
   */
  readonly tableStream?: { readonly batchSize: number; readonly items: "cases" | "notice-events" };
}

export const functions: readonly FunctionShape[] = [
  {
    // 50: a flood of API calls cannot take the concurrency the router and the schedules
    // need, and the API always has that much of the account's concurrency for itself.
    id: "api",
    entry: "functions/api.ts",
    timeoutSeconds: 10,
    memoryMb: 512,
    reservedConcurrency: 50,
    settings: [
      "TABLE_NAME",
      "HANDOFFS_QUEUE_URL",
      "NOTIFICATIONS_QUEUE_URL",
      "PETITIONER_MAC_KEY_ID",
      "IDEMPOTENCY_MAC_KEY_ID",
      "WEBHOOK_SECRET_KEY_ID",
      "FILES_BUCKET",
    ],
  },
  {
    // The officers' console: the api's services behind server-rendered pages. It registers
    // petitions (both HMAC keys: the petitioner key and the request hash registration always
    // computes) and sends handoffs and notifications as the api does, but seals no webhook
    // secret, so it gets no webhook key. Its session cookie key is derived from a KMS key of
    // its own (CONSOLE_SESSION_KEY_ID, see functions/console.ts). 20: its routes take no JWT
    // authorizer, so a flood of requests without a session still invokes it; the cap keeps
    // that from taking the concurrency the api, the router and the schedules need.
    id: "console",
    entry: "functions/console.ts",
    timeoutSeconds: 10,
    memoryMb: 512,
    reservedConcurrency: 20,
    settings: [
      "TABLE_NAME",
      "HANDOFFS_QUEUE_URL",
      "NOTIFICATIONS_QUEUE_URL",
      "PETITIONER_MAC_KEY_ID",
      "IDEMPOTENCY_MAC_KEY_ID",
      "CONSOLE_SESSION_KEY_ID",
      "COGNITO_DOMAIN",
      "CONSOLE_CLIENT_ID",
      "USER_POOL_ID",
      "FILES_BUCKET",
    ],
  },
  {
    id: "router",
    entry: "functions/router.ts",
    timeoutSeconds: 30,
    memoryMb: 256,
    settings: ["TABLE_NAME", "NOTIFICATIONS_QUEUE_URL"],
  },
  // 5: at most five batches (50 webhook POSTs, records run in parallel) are in flight toward
  // the agencies at once, so a backlog of notifications reaches their servers paced, not as one burst.
  {
    id: "notifier",
    entry: "functions/notifier.ts",
    timeoutSeconds: 30,
    memoryMb: 256,
    reservedConcurrency: 5,
    settings: ["TABLE_NAME", "WEBHOOK_SECRET_KEY_ID"],
  },
  {
    id: "sweeper",
    entry: "functions/sweeper.ts",
    timeoutSeconds: 60,
    memoryMb: 256,
    scheduleMinutes: 5,
    settings: ["TABLE_NAME", "NOTIFICATIONS_QUEUE_URL"],
  },
  {
    id: "relay",
    entry: "functions/relay.ts",
    timeoutSeconds: 60,
    memoryMb: 256,
    scheduleMinutes: 1,
    settings: ["TABLE_NAME", "HANDOFFS_QUEUE_URL", "NOTIFICATIONS_QUEUE_URL"],
  },
  {
    id: "agenda",
    entry: "functions/agenda.ts",
    timeoutSeconds: 60,
    memoryMb: 256,
    scheduleMinutes: 15,
    settings: ["TABLE_NAME", "NOTIFICATIONS_QUEUE_URL"],
  },
  {
    // The statistics' counters, kept from the table's stream off the command path: a command
    // costs what it did, the counting is paid here (docs/statistics.md).
    id: "stats",
    entry: "functions/stats.ts",
    timeoutSeconds: 60,
    memoryMb: 256,
    tableStream: { batchSize: 100, items: "cases" },
    settings: ["TABLE_NAME"],
  },
  {
    // The early warning: each category × region's petitions today and this week against its
    // own history, from the statistics' daily counters; a spike goes to the bureau once.
    id: "watch",
    entry: "functions/watch.ts",
    timeoutSeconds: 60,
    memoryMb: 256,
    scheduleMinutes: 1440,
    settings: ["TABLE_NAME", "NOTIFICATIONS_QUEUE_URL"],
  },
  {
    // The written notices: each event that calls for one (an acceptance, a reply, …), from the
    // table's stream, becomes a PDF stored once in the files bucket, its hash on the case's
    // chain (docs/notices.md). Off the command path, so a command never waits on a PDF and the
    // font and PDF code load only here.
    id: "notices",
    entry: "functions/notices.ts",
    timeoutSeconds: 60,
    memoryMb: 1024,
    tableStream: { batchSize: 10, items: "notice-events" },
    settings: ["TABLE_NAME", "FILES_BUCKET"],
  },
];

/** The queues a function sends to: those whose URL it reads. */
export function sendsTo(fn: FunctionShape): QueueShape[] {
  return queues.filter((q) => fn.settings.includes(queueUrlSetting(q.id)));
}

/**
 * DynamoDB item actions on the table. TransactWriteItems has no IAM action of its own: each
 * Put, Update, Delete or ConditionCheck in it needs PutItem, UpdateItem, DeleteItem or
 * ConditionCheckItem. Scan and BatchWriteItem are left out on purpose (no Scan anywhere;
 * only the local seed batch-writes).
 */
export type TableAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "ConditionCheckItem";

export interface TableAccess {
  /** On the table itself; `Query` here is a query of a partition of the table. */
  readonly actions: readonly TableAction[];
  /** Indexes it queries (dynamodb:Query on each index's ARN, nothing else). */
  readonly indexes: readonly IndexName[];
  readonly why: string;
}

/**
 * What each function does to the table, read off the code it runs (functions/*.ts →
 * shared/app → shared/adapters/dynamo/). The stack grants exactly this.
 */
export const tableAccess: Record<FunctionShape["id"], TableAccess> = {
  api: {
    actions: ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
    indexes: ["byAgency", "byPetitioner"],
    why:
      "every /v1 route: items by key (Get) and case lists in batches (BatchGet); events, access log, notifications, " +
      "meetings, reference and the jurisdiction's trail by partition (Query); commands, identity reads, webhooks, and " +
      "the routing rules with their trail event (Put; Delete when a case " +
      "leaves the agenda list or an oversight list); marking read (Update); inboxes and the agenda list (byAgency); " +
      "repeat petitioners (byPetitioner)",
  },
  console: {
    actions: ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
    indexes: ["byAgency", "byPetitioner"],
    why:
      "the api's services behind its pages, so the api's access: the inbox (byAgency) with its cases in batches, a " +
      "case (Get) with its events and access log (Query), registration with repeat petitioners (byPetitioner) and " +
      "every command (Put), identity reveals (Put), notifications marked read (Update), meeting decisions (Delete " +
      "when a case leaves the agenda list or an oversight list), each person's saved inbox views (Get, Put); the escalations page's lists (byAgency, their keys)",
  },
  router: {
    actions: ["GetItem", "PutItem", "UpdateItem"],
    indexes: [],
    why: "reads the case and the stored calendar its clocks count with (Get); commits the handoff with its events, outbox and access items (Put) and settles the handoff's outbox entry (Update)",
  },
  notifier: {
    actions: ["GetItem", "PutItem", "UpdateItem"],
    indexes: [],
    why: "stores the notification and settles its outbox entry (Put, Update); reads the agency's webhook and the stored notification (Get); records the delivery (Update)",
  },
  sweeper: {
    actions: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem"],
    indexes: ["byDeadline", "byAgency"],
    why:
      "due cases from the sparse deadline index, read in batches; commits each step (Put: case, events, outbox, " +
      "agenda-list and oversight-list items; Delete: a closed case's oversight-list items); the stored calendar, " +
      "thresholds and pending recounts (Get, by key); a recount walks the clocks index (byAgency, the CLOCKS# keys) " +
      "or the deadline index, re-reads a case changed meanwhile (Get), commits moved due times (Put), refiles next " +
      "action times and saves or ends its job (Update)",
  },
  relay: {
    actions: ["BatchGetItem", "UpdateItem"],
    indexes: ["byPendingOutbox"],
    why: "pending outbox keys from their sparse index, the entries in a batch; sets each entry's next try (Update)",
  },
  agenda: {
    actions: ["GetItem", "Query", "PutItem", "DeleteItem"],
    indexes: ["byAgency"],
    why:
      "the cases waiting for a meeting (byAgency, the pending-agenda key), the meetings (their partition), each case (Get); " +
      "commits case and meeting (Put) and takes the case off the waiting list (Delete)",
  },
  stats: {
    actions: ["GetItem", "PutItem", "UpdateItem"],
    indexes: [],
    why: "each case's statistics mark (Get, then Put on a version condition) and the counters it changes (Update: ADD), in one transaction",
  },
  notices: {
    actions: ["GetItem", "PutItem"],
    indexes: [],
    why:
      "the case, the notice item and the reference data (Get); the notice item with its chain event and the case (Put, " +
      "in one transaction on the case's version)",
  },
  watch: {
    actions: ["GetItem", "BatchGetItem", "Query", "PutItem"],
    indexes: ["byAgency"],
    why:
      "the daily counters (Query, one partition a day) and each alarming series' spike record (Get); for a new spike " +
      "the lead agencies' cases of the window (byAgency) read in a batch; the record and the notification's outbox " +
      "entry (Put, in one transaction)",
  },
};

export * from "./file-resources.js";
