// The Open311 facade's items (docs/open311.md): client apps under one partition, the
// cases each app filed on the byAgency index (keys only: the case is read by id), and a
// counter per app and minute that expires on its own.
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type QueryCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Open311Client, Open311Store } from "../../open311-ports.js";
import { conditionFailed } from "./conditions.js";
import { OPEN311_CLIENT_PARTITION, open311ClientKey, open311RateKey, submissionIndexKey } from "./keys.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

/** `XF20261130-ABCDEF`: the day it was created and the end of its id. */
const CODE = /^XF(\d{4})(\d{2})(\d{2})-([0-9A-HJKMNP-TV-Z]{6})$/;

export function dynamoOpen311Store(table: DynamoTable): Open311Store {
  /** Entries of the app's index between two sort keys, newest first, until `want` match. */
  async function entries(
    client: string,
    condition: { expression: string; values: Record<string, string> },
    want: number,
    pageSize: number,
    keep: (sort: string) => boolean,
  ): Promise<{ caseId: string; createdAt: string }[]> {
    const found: { caseId: string; createdAt: string }[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out: QueryCommandOutput = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: `agencyKey = :a AND ${condition.expression}`,
          ExpressionAttributeValues: marshall({ ":a": submissionIndexKey(client), ...condition.values }),
          ScanIndexForward: false,
          ExclusiveStartKey: start,
          Limit: pageSize,
        }),
      );
      for (const item of out.Items ?? []) {
        if (found.length >= want) break;
        const sort = String(item.agencySort!.S);
        if (!keep(sort)) continue;
        const at = sort.lastIndexOf("#");
        found.push({ createdAt: sort.slice(0, at), caseId: sort.slice(at + 1) });
      }
      start = out.LastEvaluatedKey;
    } while (start && found.length < want);
    return found;
  }

  async function getOpen311Client(id: string): Promise<Open311Client | undefined> {
    const out = await table.db.send(
      new GetItemCommand({
        TableName: table.name,
        Key: marshall(open311ClientKey(id)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem<Open311Client>(out.Item) : undefined;
  }

  return {
    async putOpen311Client(client: Open311Client): Promise<boolean> {
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem({ ...open311ClientKey(client.id), ...client }),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    getOpen311Client,

    async listOpen311Clients(): Promise<Open311Client[]> {
      const clients: Open311Client[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out: QueryCommandOutput = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": OPEN311_CLIENT_PARTITION }),
            ExclusiveStartKey: start,
          }),
        );
        clients.push(...(out.Items ?? []).map((i) => fromItem<Open311Client>(i)));
        start = out.LastEvaluatedKey;
      } while (start);
      return clients.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    async revokeOpen311Client(id: string, at: string, by: string): Promise<Open311Client | undefined> {
      try {
        await table.db.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(open311ClientKey(id)),
            UpdateExpression: "SET revokedAt = :at, revokedBy = :by",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
            ExpressionAttributeValues: marshall({ ":at": at, ":by": by }),
          }),
        );
      } catch (err) {
        if (!conditionFailed(err)) throw err;
      }
      return getOpen311Client(id);
    },

    submittedCaseIds(client, range, limit, after) {
      // Sort keys are `<created>#<id>`: `~` sorts after every id, so `to#~` takes all of `to`.
      const upper = after ? `${after.createdAt}#${after.caseId}` : `${range.to}#~`;
      return entries(
        client,
        { expression: "agencySort BETWEEN :from AND :to", values: { ":from": range.from, ":to": upper } },
        limit,
        // One more than asked for: the entry `after` names is read again and left out.
        Math.min(limit + 1, 1000),
        (sort) => sort !== upper,
      );
    },

    async submittedCaseId(client: string, code: string): Promise<string | undefined> {
      const m = CODE.exec(code);
      if (!m) return undefined;
      const [, y, mo, d, tail] = m;
      const found = await entries(
        client,
        { expression: "begins_with(agencySort, :day)", values: { ":day": `${y}-${mo}-${d}T` } },
        1,
        500,
        (sort) => sort.endsWith(tail!),
      );
      return found[0]?.caseId;
    },

    async countOpen311Request(
      client: string,
      window: string,
      limit: number,
      expiresAt: number,
    ): Promise<boolean> {
      try {
        await table.db.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(open311RateKey(client, window)),
            UpdateExpression: "ADD n :one SET expiresAt = :exp",
            ConditionExpression: "attribute_not_exists(n) OR n < :limit",
            ExpressionAttributeValues: marshall({ ":one": 1, ":limit": limit, ":exp": expiresAt }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },
  };
}
