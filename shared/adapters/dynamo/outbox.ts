// The outbox: entries a commit writes beside the case, pending in a sparse sharded index
// until their consumer applies them (or they are superseded). The relay reads the index
// for entries whose direct send seems lost.
import {
  BatchGetItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { OutboxEntry } from "../../domain/model.js";
import type { Outbox, PendingOutbox } from "../../ports.js";
import { conditionFailed } from "./conditions.js";
import { outboxIndexKeys, outboxKey, outboxShardKey, outboxSort, upTo } from "./keys.js";
import { toItem, type DynamoTable } from "./table.js";

/** How long the relay leaves a fresh outbox entry to the direct send before re-sending it. */
export const OUTBOX_GRACE_MS = 30_000;

/** A new entry, written in the transaction of the commit that decided it. */
export function outboxPut(table: DynamoTable, entry: OutboxEntry, createdAt: string): TransactWriteItem {
  const notBefore = new Date(Date.parse(createdAt) + OUTBOX_GRACE_MS).toISOString();
  const item = {
    ...outboxKey(entry.caseId, entry.id),
    id: entry.id,
    queue: entry.queue,
    caseId: entry.caseId,
    body: JSON.stringify(entry.body),
    createdAt,
    attempts: 0,
    ...outboxIndexKeys(entry.id, notBefore),
  };
  return { Put: { TableName: table.name, Item: toItem(item) } };
}

/** Takes the entry out of the pending index; refused (condition) when it was already settled. */
export function settleUpdate(
  table: DynamoTable,
  caseId: string,
  entryId: string,
  at: string,
): TransactWriteItem {
  return {
    Update: {
      TableName: table.name,
      Key: marshall(outboxKey(caseId, entryId)),
      UpdateExpression: "REMOVE outboxShard, outboxKey SET settledAt = :at",
      ConditionExpression: "attribute_exists(outboxShard)",
      ExpressionAttributeValues: marshall({ ":at": at }),
    },
  };
}

/** Settles the entry outside a transaction; an entry settled already stays as it was. */
export async function settleOutboxEntry(
  table: DynamoTable,
  caseId: string,
  entryId: string,
  at: string,
): Promise<void> {
  const { Update } = settleUpdate(table, caseId, entryId, at);
  try {
    await table.db.send(new UpdateItemCommand(Update!));
  } catch (err) {
    if (!conditionFailed(err)) throw err;
  }
}

export function dynamoOutbox(table: DynamoTable): Outbox {
  return {
    async pendingOutbox(shard: number, now: Date, limit: number): Promise<PendingOutbox[]> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byPendingOutbox",
          KeyConditionExpression: "outboxShard = :s AND outboxKey <= :now",
          ExpressionAttributeValues: marshall({ ":s": outboxShardKey(shard), ":now": upTo(now) }),
          Limit: limit,
        }),
      );
      const keys = (out.Items ?? []).map((i) => ({ pk: i.pk!, sk: i.sk! }));
      if (!keys.length) return [];
      const got = await table.db.send(
        new BatchGetItemCommand({ RequestItems: { [table.name]: { Keys: keys } } }),
      );
      return (got.Responses?.[table.name] ?? [])
        .map((item) => {
          const o = unmarshall(item) as {
            id: string;
            queue: OutboxEntry["queue"];
            caseId: string;
            body: string;
            attempts: number;
            outboxShard?: string;
          };
          return {
            entry: { id: o.id, queue: o.queue, caseId: o.caseId, body: JSON.parse(o.body) },
            attempts: o.attempts,
            pending: o.outboxShard !== undefined,
          };
        })
        .filter((p) => p.pending)
        .map(({ entry, attempts }) => ({ entry, attempts }));
    },

    async deferOutbox(caseId: string, entryId: string, until: Date): Promise<boolean> {
      try {
        await table.db.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(outboxKey(caseId, entryId)),
            UpdateExpression: "SET outboxKey = :k ADD attempts :one",
            ConditionExpression: "attribute_exists(outboxShard)",
            ExpressionAttributeValues: marshall({
              ":k": outboxSort(entryId, until.toISOString()),
              ":one": 1,
            }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async settleOutbox(caseId: string, entryId: string, at: Date): Promise<void> {
      await settleOutboxEntry(table, caseId, entryId, at.toISOString());
    },
  };
}
