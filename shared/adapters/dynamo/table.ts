// The table an adapter part works on, and what several parts share: plain objects to
// items and back (without the key attributes), the wait between retries of a batch
// DynamoDB left partly unprocessed, a consistent batch read by key, and the paged read of a
// case's partition.
import {
  BatchGetItemCommand,
  QueryCommand,
  type AttributeValue,
  type BatchGetItemCommandOutput,
  type QueryCommandOutput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Page, PageRequest } from "../../ports.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import { casePartition, cursorShapes, KEY_ATTRIBUTES } from "./keys.js";

export interface DynamoTable {
  readonly db: DynamoDBClient;
  readonly name: string;
}

export const toItem = (value: object) =>
  marshall(value, { removeUndefinedValues: true, convertEmptyValues: false });

/** An item as the domain knows it: the key and index attributes left out. */
export function fromItem<T>(item: Record<string, AttributeValue>): T {
  const plain = unmarshall(item);
  for (const k of KEY_ATTRIBUTES) delete plain[k];
  return plain as T;
}

export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}

/** BatchGetItem's limit of keys per call. */
export const BATCH_GET_LIMIT = 100;

/**
 * The items of up to BATCH_GET_LIMIT keys, strongly consistent, in no particular order (a
 * key with no item has none). Keys DynamoDB leaves unprocessed (throttling) are asked for again.
 */
export async function batchGetConsistent(
  table: DynamoTable,
  keys: Record<string, AttributeValue>[],
): Promise<Record<string, AttributeValue>[]> {
  const found: Record<string, AttributeValue>[] = [];
  let pending: Record<string, AttributeValue>[] | undefined = keys;
  for (let attempt = 0; pending?.length; attempt++) {
    const out: BatchGetItemCommandOutput = await table.db.send(
      new BatchGetItemCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(out.Responses?.[table.name] ?? []));
    pending = out.UnprocessedKeys?.[table.name]?.Keys;
    if (pending?.length) await backoff(attempt);
  }
  return found;
}

/** One kind of item of a case's partition (events oldest first, reads newest first), a page at a time. */
export async function queryCasePartition<T>(
  table: DynamoTable,
  caseId: string,
  skPrefix: string,
  page: PageRequest,
  oldestFirst: boolean,
): Promise<Page<T>> {
  const out = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: marshall({ ":pk": casePartition(caseId), ":prefix": skPrefix }),
      ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.casePartition(caseId, skPrefix)),
      ScanIndexForward: oldestFirst,
      Limit: page.limit,
      ConsistentRead: true,
    }),
  );
  return { items: (out.Items ?? []).map((i) => fromItem<T>(i)), ...cursorOf(out.LastEvaluatedKey) };
}

/**
 * The byAgency index's entries under one key with a sort key between two bounds, page after
 * page until none are left or `limit` are read (keys only: the index projects nothing else).
 */
export async function queryAgencyRange(
  table: DynamoTable,
  key: string,
  bounds: { from: string; to: string },
  options: { newestFirst?: boolean; limit?: number } = {},
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out: QueryCommandOutput = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: "byAgency",
        KeyConditionExpression: "agencyKey = :a AND agencySort BETWEEN :from AND :to",
        ExpressionAttributeValues: marshall({ ":a": key, ":from": bounds.from, ":to": bounds.to }),
        ScanIndexForward: !options.newestFirst,
        ExclusiveStartKey: start,
        ...(options.limit !== undefined ? { Limit: options.limit - items.length } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && (options.limit === undefined || items.length < options.limit));
  return items;
}
