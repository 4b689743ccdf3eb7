// The jurisdiction's reference data (agencies, categories, regions, routing rules), one
// partition read whole. Seeded once; a marker written last says the seed is complete. The
// routing rules are one item (RULES) a coordinator replaces (./routing-rules.ts); a store
// seeded before that keeps one item per rule, read until the first change.
import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Agency, Category, Reference, RoutingRule } from "../../domain/routing.js";
import { sortRules } from "../../domain/routing-rules.js";
import type { ReferenceData, ReferenceStore } from "../../ports.js";
import { conditionFailed } from "./conditions.js";
import {
  REFERENCE_PARTITION,
  referenceKey,
  referenceKindOf,
  RULESET_KEY,
  SEED_MARKER,
  type ReferenceKind,
} from "./keys.js";
import { backoff, toItem, type DynamoTable } from "./table.js";

/** BatchWriteItem takes at most this many writes a call. */
export const BATCH_WRITE_LIMIT = 25;

export function dynamoReferenceStore(table: DynamoTable): ReferenceStore {
  return {
    async getReference(): Promise<Reference> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": REFERENCE_PARTITION }),
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
        start = out.LastEvaluatedKey;
      } while (start);
      const of = <T>(kind: ReferenceKind) =>
        items.filter((i) => referenceKindOf(String(i.sk)) === kind).map((i) => i.value as T);
      const ruleSet = items.find((i) => i.sk === RULESET_KEY.sk) as { rules: RoutingRule[] } | undefined;
      return {
        agencies: new Map(of<Agency>("agency").map((a) => [a.id, a])),
        categories: new Map(of<Category>("category").map((c) => [c.id, c])),
        regions: new Set(of<string>("region")),
        rules: ruleSet ? ruleSet.rules : of<RoutingRule>("rule"),
      };
    },

    async seedReference(data: ReferenceData): Promise<boolean> {
      const items = [
        ...data.agencies.map((a) => ({ ...referenceKey("agency", a.id), value: a })),
        ...data.categories.map((c) => ({ ...referenceKey("category", c.id), value: c })),
        ...data.regions.map((r) => ({ ...referenceKey("region", r), value: r })),
      ];
      for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
        let requests: { PutRequest: { Item: Record<string, AttributeValue> } }[] | undefined = items
          .slice(i, i + BATCH_WRITE_LIMIT)
          .map((item) => ({ PutRequest: { Item: toItem(item) } }));
        for (let attempt = 0; requests?.length; attempt++) {
          const out = await table.db.send(
            new BatchWriteItemCommand({ RequestItems: { [table.name]: requests } }),
          );
          requests = out.UnprocessedItems?.[table.name] as typeof requests;
          if (requests?.length) await backoff(attempt);
        }
      }
      // The rules as seeded are version 1; a seed completed after a coordinator's change keeps the change.
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem({ ...RULESET_KEY, version: 1, rules: sortRules(data.rules) }),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (!conditionFailed(err)) throw err;
      }
      // The marker goes last: a seed cut short is completed by the next start.
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem(SEED_MARKER),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async isSeeded(): Promise<boolean> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(SEED_MARKER), ConsistentRead: true }),
      );
      return out.Item !== undefined;
    },
  };
}
