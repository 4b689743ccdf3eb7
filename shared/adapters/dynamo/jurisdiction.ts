// The jurisdiction's calendar years and thresholds (one item each, versioned), the event of
// each change on the jurisdiction's trail and the recount it asks of the sweeper, written
// in one transaction;
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
import type { JurisdictionEvent } from "../../domain/jurisdiction-audit.js";
import type { StoredThresholds } from "../../domain/thresholds.js";
import type {
  JurisdictionJob,
  JurisdictionJobs,
  JurisdictionStore,
  Page,
  PageRequest,
  SaveRulesOutcome,
} from "../../ports.js";
import { conditionFailed, transactionConflict } from "./conditions.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import {
  CALENDAR_KEY,
  caseIdOf,
  caseKey,
  clocksShardKey,
  clocksYearSort,
  cursorShapes,
  dueIndexKeys,
  dueShardKey,
  JOB_ATTRIBUTE_PREFIX,
  RECOUNT_JOBS_KEY,
  THRESHOLDS_KEY,
  type ItemKey,
} from "./keys.js";
import { trailAppend } from "./routing-rules.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

const jobAttribute = (job: JurisdictionJob) => `${JOB_ATTRIBUTE_PREFIX}${job.id}`;

export function dynamoJurisdictionStore(table: DynamoTable): JurisdictionStore & JurisdictionJobs {
  /** The versioned item, its event on the trail and the job, in one transaction. */
  const save = async (
    key: ItemKey,
    value: object,
    expected: number,
    event: JurisdictionEvent,
    job: JurisdictionJob,
  ): Promise<SaveRulesOutcome> => {
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
      ...trailAppend(table, event),
      // A newer change replaces a pending job of the same kind: its recount starts over.
      {
        Update: {
          TableName: table.name,
          Key: marshall(RECOUNT_JOBS_KEY),
          UpdateExpression: "SET #j = :job",
          ExpressionAttributeNames: { "#j": jobAttribute(job) },
          ExpressionAttributeValues: toItem({ ":job": job }),
        },
      },
    ];
    try {
      await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      if (conditionFailed(err, 0)) return { ok: false, reason: "stale" };
      if (conditionFailed(err) || transactionConflict(err)) return { ok: false, reason: "retry" };
      throw err;
    }
  };

  /** Change a job's attribute if it still holds the same change (token); false when replaced. */
  const updateJob = async (job: JurisdictionJob, expression: string, values: Record<string, unknown>) => {
    try {
      await table.db.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(RECOUNT_JOBS_KEY),
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
        [CALENDAR_KEY, THRESHOLDS_KEY].map(async (key) => {
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

    saveCalendar: (calendar, expected, event, job) => save(CALENDAR_KEY, calendar, expected, event, job),
    saveThresholds: (thresholds, expected, event, job) =>
      save(THRESHOLDS_KEY, thresholds, expected, event, job),

    async pendingJobs(): Promise<JurisdictionJob[]> {
      const out = await table.db.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(RECOUNT_JOBS_KEY),
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
