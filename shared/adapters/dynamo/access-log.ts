// The access log: one item per reveal of a petitioner's identity, in the case's
// partition beside its events but not one of them.
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { AccessRecord } from "../../domain/model.js";
import type { AccessLog, Page, PageRequest } from "../../ports.js";
import { READ_PREFIX, readKey } from "./keys.js";
import { queryCasePartition, toItem, type DynamoTable } from "./table.js";

export function dynamoAccessLog(table: DynamoTable): AccessLog {
  return {
    async recordAccess(record: AccessRecord): Promise<void> {
      await table.db.send(
        new PutItemCommand({
          TableName: table.name,
          Item: toItem({ ...record, ...readKey(record) }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    async listAccess(caseId: string, page: PageRequest): Promise<Page<AccessRecord>> {
      return queryCasePartition<AccessRecord>(table, caseId, READ_PREFIX, page, false);
    },
  };
}
