// The jurisdiction's calendar years and thresholds (one item each, versioned), the audit
// entry of each change and the recount it asks of the sweeper, written in one transaction;
// and the sweeper's side: its pending recounts and the index pages they walk.
import {
  GetItemCommand,
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
  clocksYearSort,
  cursorShapes,
  dueIndexKeys,
  dueShardKey,
  JOB_ATTRIBUTE_PREFIX,
  JURISDICTION_AUDIT_PARTITION,
  jurisdictionAuditKey,
  jurisdictionJobsKey,
  thresholdsKey,
  type ItemKey,
} from "./keys.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

const jobAttribute = (job: JurisdictionJob) => `${JOB_ATTRIBUTE_PREFIX}${job.id}`;

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
      {
        Update: {
          TableName: table.name,
          Key: marshall(jurisdictionJobsKey),
          UpdateExpression: "SET #j = :job",
          ExpressionAttributeNames: { "#j": jobAttribute(job) },
          ExpressionAttributeValues: toItem({ ":job": job }),
        },
      },
    ];
    try {
      await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (conditionFailed(err, 0) || transactionConflict(err)) return false;
      throw err;
    }
  };

  /** Change a job's attribute if it still holds the same change (token); false when replaced. */
  const updateJob = async (job: JurisdictionJob, expression: string, values: Record<string, unknown>) => {
    try {
      await table.db.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(jurisdictionJobsKey),
          UpdateExpression: expression,
          ConditionExpression: "#j.#t = :t",
          ExpressionAttributeNames: { "#j": jobAttribute(job), "#t": "token" },
          ExpressionAttributeValues: toItem({ ...values, ":t": job.token }),
        }),
      );
      return true;
    } catch (err) {
      if (conditionFailed(err)) return false;
      throw err;
    }
  };

  return {
    async getJurisdiction() {
      // By key (the router and the sweeper may not query the table): two items, read together.
      const [calendar, thresholds] = await Promise.all(
        [calendarKey, thresholdsKey].map(async (key) => {
          const out = await table.db.send(
            new GetItemCommand({ TableName: table.name, Key: marshall(key), ConsistentRead: true }),
          );
          return out.Item ? fromItem<unknown>(out.Item) : undefined;
        }),
      );
      return {
        calendar: (calendar as StoredCalendar | undefined) ?? EMPTY_CALENDAR,
        ...(thresholds ? { thresholds: thresholds as StoredThresholds } : {}),
      };
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
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(jurisdictionJobsKey),
          ConsistentRead: true,
        }),
      );
      const item = out.Item ? unmarshall(out.Item) : {};
      return Object.entries(item)
        .filter(([name]) => name.startsWith(JOB_ATTRIBUTE_PREFIX))
        .map(([, job]) => job as JurisdictionJob);
    },

    async saveJobProgress(job: JurisdictionJob): Promise<boolean> {
      return updateJob(job, "SET #j = :job", { ":job": job });
    },

    async finishJob(job: JurisdictionJob): Promise<void> {
      // False: a newer change replaced the job meanwhile, and it stays for the next run.
      await updateJob(job, "REMOVE #j", {});
    },

    async caseIdsWithClocksDueFrom(shard: number, year: number, page: PageRequest): Promise<Page<string>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: "agencyKey = :k AND agencySort >= :from",
          ExpressionAttributeValues: marshall({ ":k": clocksShardKey(shard), ":from": clocksYearSort(year) }),
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
