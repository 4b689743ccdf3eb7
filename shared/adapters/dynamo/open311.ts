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
import {
  OPEN311_CLIENT_PARTITION,
  open311ClientKey,
  open311RateKey,
  submissionIndexKey,
  submissionKey,
} from "./keys.js";
import { fromItem, queryAgencyRange, toItem, type DynamoTable } from "./table.js";

export function dynamoOpen311Store(table: DynamoTable): Open311Store {
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
      // Read first: an unknown id, or a client revoked already, is answered without a write.
      const client = await getOpen311Client(id);
      if (!client || client.revokedAt) return client;
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
        // Revoked by someone else meanwhile: the first revocation stands.
        if (!conditionFailed(err)) throw err;
      }
      return getOpen311Client(id);
    },

    async submittedCaseIds(client, range, limit, after) {
      // Sort keys are `<created>#<id>`: `~` sorts after every id, so `to#~` takes all of `to`.
      // After a previous call, its last entry is the upper bound, read again and left out.
      const upper = after ? `${after.createdAt}#${after.caseId}` : `${range.to}#~`;
      // One more than asked for, since the entry `after` names is among them.
      const items = await queryAgencyRange(
        table,
        submissionIndexKey(client),
        { from: range.from, to: upper },
        { newestFirst: true, limit: limit + 1 },
      );
      const found: { caseId: string; createdAt: string }[] = [];
      for (const item of items) {
        const sort = String(item.agencySort!.S);
        if (sort === upper || found.length >= limit) continue;
        const at = sort.lastIndexOf("#");
        found.push({ createdAt: sort.slice(0, at), caseId: sort.slice(at + 1) });
      }
      return found;
    },

    async submittedCaseId(client: string, code: string): Promise<string | undefined> {
      const out = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(submissionKey(client, code)),
          ConsistentRead: true,
        }),
      );
      return out.Item?.caseId?.S;
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
