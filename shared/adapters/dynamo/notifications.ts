// Notifications, one partition per recipient (an agency, or a leader), newest first.
// Storing one is conditional on its absence and then settles its outbox entry, so a
// message delivered twice is stored once.
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Notification } from "../../domain/model.js";
import type { NotificationStore, Recipient } from "../../ports.js";
import { conditionFailed } from "./conditions.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import { cursorShapes, notificationKey, notificationPartition, recipientOf } from "./keys.js";
import { settleOutboxEntry } from "./outbox.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

export function dynamoNotificationStore(table: DynamoTable): NotificationStore {
  return {
    async deliverNotification(n: Notification, caseId: string): Promise<boolean> {
      // Two plain writes, not a transaction (which would cost each twice): the put is
      // conditional, so a delivery after the first stores nothing and leaves `read` as it
      // is; the settling is idempotent, so a crash between the two is healed by the relay's
      // re-send, which finds the notification stored and settles the entry.
      let stored = true;
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem({ ...n, ...notificationKey(recipientOf(n), n.id), read: false }),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (!conditionFailed(err)) throw err;
        stored = false;
      }
      await settleOutboxEntry(table, caseId, n.id, n.at);
      return stored;
    },

    async listNotifications(recipient: Recipient, page) {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": notificationPartition(recipient) }),
          // Ids are ULIDs from the injected clock: newest first.
          ScanIndexForward: false,
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.notifications(recipient)),
          Limit: page.limit,
        }),
      );
      return {
        items: (out.Items ?? []).map((i) =>
          fromItem<Notification & { read: boolean; webhookDeliveredAt?: string }>(i),
        ),
        ...cursorOf(out.LastEvaluatedKey),
      };
    },

    async markNotificationRead(recipient: Recipient, id: string): Promise<boolean> {
      const key = marshall(notificationKey(recipient, id));
      // Look first: a request for someone else's or a made-up id attempts no write at all.
      const found = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: key, ProjectionExpression: "pk" }),
      );
      if (!found.Item) return false;
      try {
        await table.db.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: key,
            UpdateExpression: "SET #read = :t",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#read": "read" },
            ExpressionAttributeValues: marshall({ ":t": true }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async webhookDelivered(n: Notification, at: Date): Promise<void> {
      await table.db.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(notificationKey(recipientOf(n), n.id)),
          UpdateExpression: "SET webhookDeliveredAt = :at",
          ExpressionAttributeValues: marshall({ ":at": at.toISOString() }),
        }),
      );
    },

    async getNotification(n: Notification) {
      const out = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(notificationKey(recipientOf(n), n.id)),
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromItem<Notification & { webhookDeliveredAt?: string }>(out.Item) : undefined;
    },
  };
}
