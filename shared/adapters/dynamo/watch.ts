// The early warning's memory: one item per category × region holding its latest spike (the
// days it alarmed, the notification raised). A new spike is remembered in the same
// transaction as its notification's outbox entry, on the condition that the record is as
// read, so two runs of the watch on the same day raise it once.
import { GetItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { SpikeRecord } from "../../domain/hotspots.js";
import type { OutboxEntry } from "../../domain/model.js";
import type { WatchStore } from "../../ports.js";
import { conditionFailed, transactionConflict } from "./conditions.js";
import { watchKey } from "./keys.js";
import { outboxPut } from "./outbox.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

export function dynamoWatchStore(table: DynamoTable): WatchStore {
  return {
    async getSpike(category: string, region: string): Promise<SpikeRecord | undefined> {
      const out = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(watchKey(category, region)),
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromItem<SpikeRecord>(out.Item) : undefined;
    },

    async saveSpike(next: SpikeRecord, notice?: OutboxEntry): Promise<boolean> {
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName: table.name,
            Item: toItem({ ...next, ...watchKey(next.category, next.region) }),
            ...(next.version > 1
              ? {
                  ConditionExpression: "version = :v",
                  ExpressionAttributeValues: marshall({ ":v": next.version - 1 }),
                }
              : { ConditionExpression: "attribute_not_exists(pk)" }),
          },
        },
      ];
      if (notice) items.push(outboxPut(table, notice, String(notice.body.at)));
      try {
        await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return true;
      } catch (err) {
        // Another run moved the record first (or met this transaction): it decides.
        if (conditionFailed(err, 0) || transactionConflict(err)) return false;
        throw err;
      }
    },
  };
}
