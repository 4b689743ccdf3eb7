// The written notices' records, in the case's partition beside its events: kind, date and
// hash of each PDF (the bytes are in the files bucket, never in the table). Written only in
// the transaction that puts the notice's event on the chain (case-store.ts, `file`).
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { NoticeRecord, NoticeStore } from "../../ports.js";
import { NOTICE_PREFIX, noticeKey } from "./keys.js";
import { fromItem, queryCasePartition, toItem, type DynamoTable } from "./table.js";

/** The most notices one case can have: one per event that calls for one, a few dozen at most. */
const MAX_NOTICES = 1000;

export function dynamoNoticeStore(table: DynamoTable): NoticeStore {
  return {
    async getNotice(caseId: string, noticeId: string): Promise<NoticeRecord | undefined> {
      const { Item } = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: toItem(noticeKey(caseId, noticeId)),
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem<NoticeRecord>(Item) : undefined;
    },

    async listNotices(caseId: string): Promise<NoticeRecord[]> {
      const page = await queryCasePartition<NoticeRecord>(
        table,
        caseId,
        NOTICE_PREFIX,
        { limit: MAX_NOTICES },
        true,
      );
      return page.items.sort((a, b) => a.forSeq - b.forSeq);
    },
  };
}
