// The jurisdiction's calendar years and thresholds (one item each, versioned), the audit
// entry of each change and the recount it asks of the sweeper, written in one transaction;
// and the sweeper's side: its pending recounts and the index pages they walk.
import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { EMPTY_CALENDAR, type StoredCalendar } from "../../domain/calendar-data.js";
import type { StoredThresholds } from "../../domain/thresholds.js";
import type {
  JurisdictionAuditEntry,
  JurisdictionJob,
  JurisdictionJobs,
  JurisdictionStore,
  Page,
  PageRequest,
} from "../../ports.js";
import { conditionFailed, transactionConflict } from "./conditions.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import {
  calendarKey,
  caseIdOf,
  caseKey,
  clocksShardKey,
  cursorShapes,
  dueIndexKeys,
  dueShardKey,
  JURISDICTION_AUDIT_PARTITION,
  JURISDICTION_JOBS_PARTITION,
  JURISDICTION_PARTITION,
  jurisdictionAuditKey,
  jurisdictionJobKey,
  thresholdsKey,
  type ItemKey,
} from "./keys.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

export function dynamoJurisdictionStore(table: DynamoTable): JurisdictionStore & JurisdictionJobs {
  /** The versioned item, the audit entry and the job, or false when the version moved. */
  const save = async (
    key: ItemKey,
    value: object,
    expected: number,
    audit: JurisdictionAuditEntry,
    job: JurisdictionJob,
  ): Promise<boolean> => {
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: table.name,
          Item: toItem({ ...value, ...key }),
          ...(expected === 0
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: marshall({ ":v": expected }),
              }),
        },
      },
      {
        Put: {
          TableName: table.name,
          Item: toItem({ ...audit, ...jurisdictionAuditKey(audit.at, audit.id) }),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      // A newer change replaces a pending job of the same kind: its recount starts over.
      { Put: { TableName: table.name, Item: toItem({ ...job, ...jurisdictionJobKey(job.id) }) } },
    ];
    try {
      await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (conditionFailed(err, 0) || transactionConflict(err)) return false;
      throw err;
    }
  };

  return {
    async getJurisdiction() {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": JURISDICTION_PARTITION }),
          ConsistentRead: true,
        }),
      );
      const items = (out.Items ?? []).map((i) => ({ sk: String(i.sk?.S), value: fromItem<unknown>(i) }));
      const calendar = items.find((i) => i.sk === calendarKey.sk)?.value as StoredCalendar | undefined;
      const thresholds = items.find((i) => i.sk === thresholdsKey.sk)?.value as StoredThresholds | undefined;
      return { calendar: calendar ?? EMPTY_CALENDAR, ...(thresholds ? { thresholds } : {}) };
    },

    saveCalendar: (calendar, expected, audit, job) => save(calendarKey, calendar, expected, audit, job),
    saveThresholds: (thresholds, expected, audit, job) =>
      save(thresholdsKey, thresholds, expected, audit, job),

    async listJurisdictionAudit(page: PageRequest): Promise<Page<JurisdictionAuditEntry>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": JURISDICTION_AUDIT_PARTITION }),
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, {
            pk: JURISDICTION_AUDIT_PARTITION,
            sk: { prefix: "" },
          }),
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => fromItem<JurisdictionAuditEntry>(i)),
        ...cursorOf(out.LastEvaluatedKey),
      };
    },

    async pendingJobs(): Promise<JurisdictionJob[]> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": JURISDICTION_JOBS_PARTITION }),
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map((i) => fromItem<JurisdictionJob>(i));
    },

    async saveJobProgress(job: JurisdictionJob): Promise<boolean> {
      try {
        await table.db.send(
          new PutItemCommand({
            TableName: table.name,
            Item: toItem({ ...job, ...jurisdictionJobKey(job.id) }),
            ConditionExpression: "#t = :t",
            ExpressionAttributeNames: { "#t": "token" },
            ExpressionAttributeValues: marshall({ ":t": job.token }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async finishJob(job: JurisdictionJob): Promise<void> {
      try {
        await table.db.send(
          new DeleteItemCommand({
            TableName: table.name,
            Key: marshall(jurisdictionJobKey(job.id)),
            ConditionExpression: "#t = :t",
            ExpressionAttributeNames: { "#t": "token" },
            ExpressionAttributeValues: marshall({ ":t": job.token }),
          }),
        );
      } catch (err) {
        // A newer change replaced the job meanwhile: it stays for the next sweep.
        if (!conditionFailed(err)) throw err;
      }
    },

    async caseIdsWithClocksDueFrom(shard: number, from: Date, page: PageRequest): Promise<Page<string>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: "agencyKey = :k AND agencySort >= :from",
          ExpressionAttributeValues: marshall({ ":k": clocksShardKey(shard), ":from": from.toISOString() }),
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.clockCases(shard)),
          Limit: page.limit,
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => caseIdOf(String(i.pk!.S))),
        ...cursorOf(out.LastEvaluatedKey),
      };
    },

    async deadlineEntries(shard: number, page: PageRequest) {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byDeadline",
          KeyConditionExpression: "dueShard = :s",
          ExpressionAttributeValues: marshall({ ":s": dueShardKey(shard) }),
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.dueCases(shard)),
          Limit: page.limit,
        }),
      );
      const items = (out.Items ?? []).map((i: Record<string, AttributeValue>) => {
        const { pk, dueKey } = unmarshall(i) as { pk: string; dueKey: string };
        return { caseId: caseIdOf(pk), nextActionAt: dueKey.slice(0, dueKey.indexOf("#")) };
      });
      return { items, ...cursorOf(out.LastEvaluatedKey) };
    },

    async refileDeadline(caseId: string, version: number, nextActionAt: string | undefined) {
      const keys = nextActionAt ? dueIndexKeys(caseId, nextActionAt) : undefined;
      try {
        await table.db.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(caseKey(caseId)),
            UpdateExpression: keys ? "SET dueShard = :s, dueKey = :k" : "REMOVE dueShard, dueKey",
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: marshall({
              ":v": version,
              ...(keys ? { ":s": keys.dueShard, ":k": keys.dueKey } : {}),
            }),
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
