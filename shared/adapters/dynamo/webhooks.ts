// Webhook registrations: one item per agency, its signing secret sealed (SecretBox).
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Webhook, WebhookStore } from "../../ports.js";
import { webhookKey } from "./keys.js";
import { toItem, type DynamoTable } from "./table.js";

export function dynamoWebhookStore(table: DynamoTable): WebhookStore {
  return {
    async putWebhook(agency: string, hook: Webhook): Promise<void> {
      await table.db.send(
        new PutItemCommand({ TableName: table.name, Item: toItem({ ...webhookKey(agency), ...hook }) }),
      );
    },

    async getWebhook(agency: string): Promise<Webhook | undefined> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(webhookKey(agency)) }),
      );
      if (!out.Item) return undefined;
      const { url, sealedSecret, updatedAt, updatedBy } = unmarshall(out.Item) as Partial<Webhook>;
      // A registration from before secrets were sealed has none: it must be registered again.
      if (!url || !sealedSecret || !updatedAt || !updatedBy) return undefined;
      return { url, sealedSecret, updatedAt, updatedBy };
    },
  };
}
