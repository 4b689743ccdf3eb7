// The floors: the least work the jobs of benchmarks 2 and 3 need, measured on the same
// DynamoDB Local and fauxqs in the same run, so that Casebridge is judged beside them and
// not only against absolute targets a 2-core machine with an emulated database cannot meet.
//
// Handoff floor: a table of its own (pk/sk and one agency index, no stream) and a FIFO queue
// of its own. A route call is one TransactWriteItems (the case, ~1 KB, conditional on its
// version; an event; an outbox item) and one SendMessage; a consumer receives batches of 10
// (long poll of 1 s, as the real pollers), applies each message with one TransactWriteItems
// (the case transferred to hrss, conditional on its version; hrss's access item with its
// agency-index keys; the outbox item deleted) and deletes the batch with DeleteMessageBatch.
// No reads, no validation, no decisions, no notifications, no logging.
//
// Design floor: the same, plus the calls DESIGN.md's handoff makes and the minimal one
// leaves out, each done the cheapest way, still without any of Casebridge's code: its table
// has a stream, as Casebridge's has for the statistics (nothing reads it here); the route
// call first reads the case and the routing rules (one consistent BatchGetItem: a command is
// decided on the case as it is, and a route follows the rules in force); its outbox item
// carries the pending-index keys the relay finds it by; the consumer reads the case before
// writing (a handoff may have been overtaken), settles the handoff's outbox item and puts
// the notification's in its transaction, and sends the notification to a standard queue;
// as many notifier consumers as router consumers each receive batches of 10, put the
// notification (conditional, once) and settle its outbox item, and delete the batch.
//
// Read floor: a bare Hono app on @hono/node-server answering GET /v1/cases/:id with one
// consistent GetItem of the case item, unmarshalled and sent as JSON. No token, no rights.
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { caseKey } from "../../shared/adapters/dynamo/keys.js";
import { demoRoutingRules } from "../../shared/domain/demo-county.js";
import {
  cpuPer,
  distribution,
  pool,
  sampleCpu,
  sleep,
  waitFor,
  type Budget,
  type Distribution,
} from "./harness.js";
import { DynamoMeter, localCredentials } from "./meter.js";

/** The median of a few ratios: for an even count, the mean of the middle two (neither the kinder nor the harsher). */
export function middle(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What one run of a handoff pipeline measured (the floor's or Casebridge's). */
export interface PipelineFigures {
  routed: number;
  routeErrors: number;
  visible: number;
  makespanMs: number;
  routeCallsMs: number;
  throughput: number;
  latency: Distribution;
  routeCall: Distribution;
  /** CPU ms per handoff (route call to notification stored), in the bench process and in DynamoDB Local; set for the floors' runs. */
  cpu?: { bench: number; dynamodb?: number };
}

/** The size the case item is padded to, as the reshaped case item is meant to be: about 1 KB. */
export const FLOOR_CASE_BYTES = 1_000;
const ROUTE_IN_FLIGHT = 16;

/**
 * Drives `route` over `ids` as benchmark 2 drives Casebridge: `inFlight` calls at a time, or
 * open loop at `offeredRate` calls/s (each call leaves at its scheduled time, at most 4 ×
 * `inFlight` outstanding). Answers the routed ids with their start times and the call times.
 */
export async function driveRoutes(
  ids: readonly string[],
  route: (id: string) => Promise<boolean>,
  offeredRate: number | undefined,
  share: Budget,
  routeStart: Map<string, number>,
): Promise<{ routeCall: number[]; routeErrors: number; routeCallsMs: number }> {
  const routeCall: number[] = [];
  let routeErrors = 0;
  const one = async (id: string) => {
    const t0 = performance.now();
    routeStart.set(id, t0);
    const ok = await route(id).catch(() => false);
    routeCall.push(performance.now() - t0);
    if (!ok) {
      routeErrors++;
      routeStart.delete(id);
    }
  };
  const started = performance.now();
  if (offeredRate === undefined) {
    await pool(ids.length, ROUTE_IN_FLIGHT, share, (i) => one(ids[i]!));
  } else {
    let inFlight = 0;
    const calls: Promise<void>[] = [];
    for (let i = 0; i < ids.length && !share.expired(); i++) {
      await sleep(Math.max(0, started + (i * 1000) / offeredRate - performance.now()));
      if (!(await waitFor(() => inFlight < 4 * ROUTE_IN_FLIGHT, share, 1))) break;
      inFlight++;
      calls.push(
        one(ids[i]!).finally(() => {
          inFlight--;
        }),
      );
    }
    await Promise.all(calls);
  }
  return { routeCall, routeErrors, routeCallsMs: performance.now() - started };
}

/** Figures from the start and visible times of a run. */
export function pipelineFigures(
  routeStart: Map<string, number>,
  visibleAt: Map<string, number>,
  drive: { routeCall: number[]; routeErrors: number; routeCallsMs: number },
): PipelineFigures | undefined {
  if (!visibleAt.size) return undefined;
  const firstCall = Math.min(...routeStart.values());
  const lastVisible = Math.max(...visibleAt.values());
  const makespanMs = lastVisible - firstCall;
  return {
    routed: routeStart.size,
    routeErrors: drive.routeErrors,
    visible: visibleAt.size,
    makespanMs,
    routeCallsMs: drive.routeCallsMs,
    throughput: visibleAt.size / (makespanMs / 1000),
    latency: distribution([...visibleAt.entries()].map(([id, at]) => at - routeStart.get(id)!)),
    routeCall: distribution(drive.routeCall),
  };
}

const S = (v: string): AttributeValue => ({ S: v });
const N = (v: number): AttributeValue => ({ N: String(v) });

/** A case item of about FLOOR_CASE_BYTES: the keys, the fields the job changes, and a body. */
function floorCase(
  id: string,
  version: number,
  status: string,
  leadAgency: string,
): Record<string, AttributeValue> {
  const head: Record<string, AttributeValue> = {
    pk: S(`CASE#${id}`),
    sk: S("CASE"),
    id: S(id),
    version: N(version),
    status: S(status),
    leadAgency: S(leadAgency),
    updatedAt: S(new Date().toISOString()),
  };
  const headBytes = Object.entries(head).reduce(
    (n, [k, v]) => n + k.length + (v.S?.length ?? v.N?.length ?? 0),
    0,
  );
  return { ...head, body: S("x".repeat(Math.max(0, FLOOR_CASE_BYTES - headBytes - 4))) };
}

/**
 * Which handoff floor: "minimal", the (two transactions and one queue), or "design",
 * the calls DESIGN.md's handoff makes, each done the cheapest way (see the file's head).
 */
export type FloorShape = "minimal" | "design";

const RULES_KEY = { pk: S("REF"), sk: S("RULES") };

/** The handoff floor's table and queues, and its route call and consumers. */
export class HandoffFloor {
  private readonly meter: DynamoMeter;
  private readonly db: DynamoDBClient;
  private readonly sqs: SQSClient;
  private queueUrl = "";
  private notificationQueueUrl = "";
  private seq = 0;
  private readonly listeners: ((id: string) => void)[] = [];
  /** Notifications stored by the design floor's notifier consumers. */
  notificationsStored = 0;

  private constructor(
    endpoints: { dynamodb: string; sqs: string },
    readonly tableName: string,
    readonly shape: FloorShape,
  ) {
    // A client with the same metering middleware as Casebridge's store runs on: the same per-call cost.
    this.meter = new DynamoMeter(endpoints.dynamodb);
    this.db = this.meter.client;
    this.sqs = new SQSClient({ endpoint: endpoints.sqs, region: "us-east-1", credentials: localCredentials });
  }

  static async open(
    endpoints: { dynamodb: string; sqs: string },
    shape: FloorShape = "minimal",
  ): Promise<HandoffFloor> {
    const floor = new HandoffFloor(endpoints, `floor-${shape}-${Date.now().toString(36)}`, shape);
    const design = shape === "design";
    const index = (name: string, pk: string, sk: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: pk, KeyType: "HASH" as const },
        { AttributeName: sk, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" as const },
    });
    await floor.db.send(
      new CreateTableCommand({
        TableName: floor.tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", "apk", "ask", ...(design ? ["opk", "osk"] : [])].map((name) => ({
          AttributeName: name,
          AttributeType: "S",
        })),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        // The design floor's table has a stream as Casebridge's does (the statistics are counted off it).
        ...(design
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" as const } }
          : {}),
        // The inbox's index; the design floor adds the relay's index of pending outbox items.
        GlobalSecondaryIndexes: [
          index("byAgency", "apk", "ask"),
          ...(design ? [index("byPendingOutbox", "opk", "osk")] : []),
        ],
      }),
    );
    const q = await floor.sqs.send(
      new CreateQueueCommand({
        QueueName: `${floor.tableName}.fifo`,
        Attributes: { FifoQueue: "true", VisibilityTimeout: "30" },
      }),
    );
    floor.queueUrl = q.QueueUrl!;
    if (design) {
      const n = await floor.sqs.send(
        new CreateQueueCommand({
          QueueName: `${floor.tableName}-notifications`,
          Attributes: { VisibilityTimeout: "30" },
        }),
      );
      floor.notificationQueueUrl = n.QueueUrl!;
      // The routing rules, one item as Casebridge keeps them: the demo county's, as JSON.
      await floor.db.send(
        new PutItemCommand({
          TableName: floor.tableName,
          Item: { ...RULES_KEY, version: N(1), rules: S(JSON.stringify(demoRoutingRules)) },
        }),
      );
    }
    return floor;
  }

  /** Cases ready to route, written with BatchWriteItem (not timed, as registration is not). */
  async createCases(n: number): Promise<string[]> {
    const ids = Array.from(
      { length: n },
      () => `F${Date.now().toString(36)}${(this.seq++).toString(36).padStart(6, "0")}`,
    );
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += 25) batches.push(ids.slice(i, i + 25));
    await Promise.all(
      batches.map(async (batch) => {
        let requests = batch.map((id) => ({
          PutRequest: { Item: floorCase(id, 1, "registered", "bureau") },
        }));
        while (requests.length) {
          const out = await this.db.send(
            new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }),
          );
          requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        }
      }),
    );
    return ids;
  }

  /** An outbox item; in the design floor with the pending-index keys the relay would find it by. */
  private outboxItem(caseId: string, entryId: string, to: string): Record<string, AttributeValue> {
    return {
      pk: S(`CASE#${caseId}`),
      sk: S(`OUTBOX#${entryId}`),
      to: S(to),
      ...(this.shape === "design"
        ? {
            opk: S(`OUTBOX#${entryId.charCodeAt(entryId.length - 1) % 8}`),
            osk: S(`${new Date().toISOString()}#${entryId}`),
          }
        : {}),
    };
  }

  /** Settling an outbox item: deleted (minimal), or taken out of the pending index (design). */
  private settle(caseId: string, entryId: string): TransactWriteItem {
    const Key = { pk: S(`CASE#${caseId}`), sk: S(`OUTBOX#${entryId}`) };
    return this.shape === "design"
      ? {
          Update: {
            TableName: this.tableName,
            Key,
            UpdateExpression: "REMOVE opk, osk SET settledAt = :at",
            ExpressionAttributeValues: { ":at": S(new Date().toISOString()) },
          },
        }
      : { Delete: { TableName: this.tableName, Key } };
  }

  /**
   * The route call: (design: one consistent BatchGetItem of the case and the rules, then) one
   * transaction (case + event + outbox item), then one FIFO send.
   */
  async route(id: string): Promise<boolean> {
    const handoffId = `H${id}`;
    if (this.shape === "design") {
      const read = await this.db.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: [{ pk: S(`CASE#${id}`), sk: S("CASE") }, RULES_KEY],
              ConsistentRead: true,
            },
          },
        }),
      );
      if ((read.Responses?.[this.tableName]?.length ?? 0) < 2) throw new Error(`floor case ${id} not found`);
    }
    await this.db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: floorCase(id, 2, "route_requested", "bureau"),
              ConditionExpression: "version = :v",
              ExpressionAttributeValues: { ":v": N(1) },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: S(`CASE#${id}`),
                sk: S("EVENT#0002"),
                type: S("route_requested"),
                to: S("hrss"),
                at: S(new Date().toISOString()),
              },
            },
          },
          { Put: { TableName: this.tableName, Item: this.outboxItem(id, handoffId, "hrss") } },
        ],
      }),
    );
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ caseId: id, id: handoffId, to: "hrss" }),
        MessageGroupId: id,
        MessageDeduplicationId: handoffId,
      }),
    );
    return true;
  }

  /** Called with the case id when its applying transaction has committed. */
  onVisible(listener: (id: string) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** One receive of up to 10 messages from `queueUrl`, each handled in order, then one batch delete. */
  private async consumeBatch(
    queueUrl: string,
    waitSeconds: number,
    handle: (body: string) => Promise<void>,
  ): Promise<number> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
      }),
    );
    const messages = out.Messages ?? [];
    if (!messages.length) return 0;
    for (const m of messages) await handle(m.Body ?? "{}");
    await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    return messages.length;
  }

  /**
   * One receive, the batch applied in order (design: a consistent GetItem of the case, then)
   * one transaction a message (design: and one send of its notification), one batch delete.
   */
  async pollOnce(waitSeconds: number): Promise<number> {
    const design = this.shape === "design";
    return this.consumeBatch(this.queueUrl, waitSeconds, async (body) => {
      const h = JSON.parse(body) as { caseId: string; id: string; to: string };
      const notificationId = `N${h.id}`;
      if (design) {
        const read = await this.db.send(
          new GetItemCommand({
            TableName: this.tableName,
            Key: { pk: S(`CASE#${h.caseId}`), sk: S("CASE") },
            ConsistentRead: true,
          }),
        );
        if (!read.Item) throw new Error(`floor case ${h.caseId} not found`);
      }
      await this.db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: floorCase(h.caseId, 3, "transferred", h.to),
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: { ":v": N(2) },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: S(`CASE#${h.caseId}`),
                  sk: S(`READ#${h.to}`),
                  apk: S(`AGENCY#${h.to}`),
                  ask: S(`${new Date().toISOString()}#${h.caseId}`),
                },
              },
            },
            this.settle(h.caseId, h.id),
            ...(design
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        pk: S(`CASE#${h.caseId}`),
                        sk: S("EVENT#0003"),
                        type: S("transferred"),
                        to: S(h.to),
                        at: S(new Date().toISOString()),
                      },
                    },
                  },
                  {
                    Put: { TableName: this.tableName, Item: this.outboxItem(h.caseId, notificationId, h.to) },
                  },
                ]
              : []),
          ],
        }),
      );
      for (const l of this.listeners) l(h.caseId);
      if (design) {
        await this.sqs.send(
          new SendMessageCommand({
            QueueUrl: this.notificationQueueUrl,
            MessageBody: JSON.stringify({
              caseId: h.caseId,
              id: notificationId,
              agency: h.to,
              type: "handoff",
            }),
          }),
        );
      }
    });
  }

  /** The design floor's notifier: one receive, each notification put once and its outbox item settled, one batch delete. */
  async pollNotifications(waitSeconds: number): Promise<number> {
    return this.consumeBatch(this.notificationQueueUrl, waitSeconds, async (body) => {
      const n = JSON.parse(body) as { caseId: string; id: string; agency: string; type: string };
      try {
        await this.db.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              pk: S(`NOTIFY#${n.agency}`),
              sk: S(n.id),
              caseId: S(n.caseId),
              type: S(n.type),
              read: { BOOL: false },
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
      }
      const { Update } = this.settle(n.caseId, n.id);
      await this.db.send(new UpdateItemCommand(Update!));
      this.notificationsStored++;
    });
  }

  /** One run, driven as benchmark 2 drives Casebridge. */
  async run(
    n: number,
    consumers: number,
    offeredRate: number | undefined,
    budget: Budget,
  ): Promise<PipelineFigures | undefined> {
    const ids = await this.createCases(n);
    const routeStart = new Map<string, number>();
    const visibleAt = new Map<string, number>();
    const stop = this.onVisible((id) => {
      if (routeStart.has(id) && !visibleAt.has(id)) visibleAt.set(id, performance.now());
    });
    let consuming = true;
    // Each loop starts as Array.from calls it.
    const loop = (poll: (wait: number) => Promise<number>) => async () => {
      while (consuming) {
        try {
          await poll(1);
        } catch {
          await sleep(100);
        }
      }
    };
    const loops = [
      ...Array.from(
        { length: consumers },
        loop((w) => this.pollOnce(w)),
      ),
      ...(this.shape === "design"
        ? Array.from(
            { length: consumers },
            loop((w) => this.pollNotifications(w)),
          )
        : []),
    ];
    const storedBefore = this.notificationsStored;
    const cpuBefore = sampleCpu();
    try {
      const drive = await driveRoutes(
        ids,
        (id) => this.route(id),
        offeredRate,
        budget.part(60_000),
        routeStart,
      );
      await waitFor(() => visibleAt.size >= routeStart.size, budget.part(30_000), 5);
      const figures = pipelineFigures(routeStart, visibleAt, drive);
      // As Casebridge's runs do: the notifications still queued are stored before the next run.
      if (this.shape === "design")
        await waitFor(
          () => this.notificationsStored - storedBefore >= visibleAt.size,
          budget.part(30_000),
          10,
        );
      return figures && { ...figures, cpu: cpuPer(cpuBefore, sampleCpu(), visibleAt.size) };
    } finally {
      consuming = false;
      await Promise.all(loops);
      stop();
    }
  }

  async close(): Promise<void> {
    for (const url of [this.queueUrl, this.notificationQueueUrl].filter(Boolean))
      await this.sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
    await this.db.send(new DeleteTableCommand({ TableName: this.tableName })).catch(() => undefined);
    this.meter.destroy();
    this.sqs.destroy();
  }
}

/**
 * The read floor: a bare Hono app that answers GET /v1/cases/:id with one consistent
 * GetItem of the case item in `tableName` through `db` (the bench passes the metered client
 * Casebridge's store runs on, so both pay the same per-call cost), as JSON. Served on 127.0.0.1 and a free port.
 */
export async function serveReadFloor(
  db: DynamoDBClient,
  tableName: string,
): Promise<{ baseUrl: string; close(): void }> {
  const app = new Hono();
  app.get("/v1/cases/:id", async (c) => {
    const key = caseKey(c.req.param("id"));
    const out = await db.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: S(key.pk), sk: S(key.sk) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return c.json({ title: "Not found" }, 404);
    return c.json(unmarshall(out.Item));
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
