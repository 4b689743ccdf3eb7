// The attachments' records, in the case's partition beside its events: name, type, sizes and
// hashes of each file (the bytes are in the files bucket, never in the table). Created pending
// when an upload is announced; stored only in the transaction that puts the file's event on
// the case's chain (case-store.ts, `attachment`).
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttachmentRecord, AttachmentStore } from "../../ports.js";
import { ATTACHMENT_PREFIX, attachmentKey } from "./keys.js";
import { conditionFailed } from "./conditions.js";
import { fromItem, queryCasePartition, toItem, type DynamoTable } from "./table.js";

/** More files than one case is ever given: a list is one query. */
const MAX_ATTACHMENTS = 1000;

export function dynamoAttachmentStore(table: DynamoTable): AttachmentStore {
  return {
    async createAttachment(record: AttachmentRecord): Promise<boolean> {
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem({ ...record, ...attachmentKey(record.caseId, record.id) }),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async getAttachment(caseId: string, attachmentId: string): Promise<AttachmentRecord | undefined> {
      const { Item } = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: toItem(attachmentKey(caseId, attachmentId)),
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem<AttachmentRecord>(Item) : undefined;
    },

    async listAttachments(caseId: string): Promise<AttachmentRecord[]> {
      const page = await queryCasePartition<AttachmentRecord>(
        table,
        caseId,
        ATTACHMENT_PREFIX,
        { limit: MAX_ATTACHMENTS },
        true,
      );
      return page.items;
    },
  };
}
