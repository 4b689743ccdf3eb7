// Joint meetings, one partition: each saved with a version condition, alone or in the
// transaction of a case decision that changes the meeting too.
import {
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Meeting } from "../../domain/meetings.js";
import type { MeetingStore, Page, PageRequest } from "../../ports.js";
import { transactionCancelled } from "./conditions.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import { cursorShapes, MEETING_PARTITION, meetingKey } from "./keys.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

/** The meeting at its new version, on condition that the stored one is the version before (or that there is none). */
export function meetingPut(table: DynamoTable, meeting: Meeting): TransactWriteItem {
  return {
    Put: {
      TableName: table.name,
      Item: toItem({ ...meeting, ...meetingKey(meeting.id) }),
      ...(meeting.version > 1
        ? {
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: marshall({ ":v": meeting.version - 1 }),
          }
        : { ConditionExpression: "attribute_not_exists(pk)" }),
    },
  };
}

export function dynamoMeetingStore(table: DynamoTable): MeetingStore {
  return {
    async saveMeeting(meeting: Meeting): Promise<boolean> {
      try {
        await table.db.send(new TransactWriteItemsCommand({ TransactItems: [meetingPut(table, meeting)] }));
        return true;
      } catch (err) {
        if (transactionCancelled(err)) return false;
        throw err;
      }
    },

    async getMeeting(id: string): Promise<Meeting | undefined> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(meetingKey(id)), ConsistentRead: true }),
      );
      return out.Item ? fromItem<Meeting>(out.Item) : undefined;
    },

    async listMeetings(page: PageRequest): Promise<Page<Meeting>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": MEETING_PARTITION }),
          ScanIndexForward: false,
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.meetings()),
          Limit: page.limit,
          ConsistentRead: true,
        }),
      );
      return { items: (out.Items ?? []).map((i) => fromItem<Meeting>(i)), ...cursorOf(out.LastEvaluatedKey) };
    },
  };
}
