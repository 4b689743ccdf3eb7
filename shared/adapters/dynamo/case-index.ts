// The lookups that answer with case ids, each from its index (keys only: no case data
// is ever projected): an agency's cases, a petitioner's earlier cases, the cases whose
// clock is due, the cases waiting for a joint meeting, and the cases on each of the bureau's
// oversight lists (escalated, disputed, under listed supervision).
import { QueryCommand, type AttributeValue, type QueryCommandOutput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { EscalationList } from "../../domain/escalation-lists.js";
import type { CaseIndex, Page, PageRequest } from "../../ports.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import {
  AGENDA_INDEX_KEY,
  agencyIndexKey,
  caseIdOf,
  categoryPrefix,
  cursorShapes,
  dueShardKey,
  escalationIndexKey,
  upTo,
} from "./keys.js";
import { queryAgencyRange, type DynamoTable } from "./table.js";

/** A petitioner's earlier cases are read whole up to this many: enough for any real repeat history. */
const PETITIONER_CASES_READ = 1000;

const caseIdsIn = (items: Record<string, AttributeValue>[] | undefined) =>
  (items ?? []).map((i) => caseIdOf(String(i.pk!.S)));

export function dynamoCaseIndex(table: DynamoTable): CaseIndex {
  return {
    async listCaseIdsForAgency(agency: string, page: PageRequest): Promise<Page<string>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: "agencyKey = :a",
          ExpressionAttributeValues: marshall({ ":a": agencyIndexKey(agency) }),
          ScanIndexForward: false,
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.agencyCases(agency)),
          Limit: page.limit,
        }),
      );
      return { items: caseIdsIn(out.Items), ...cursorOf(out.LastEvaluatedKey) };
    },

    async caseIdsOfPetitioner(petitionerKey: string, category: string): Promise<string[]> {
      const ids: string[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out: QueryCommandOutput = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: "byPetitioner",
            KeyConditionExpression: "petitionerKey = :k AND begins_with(petitionerSort, :c)",
            ExpressionAttributeValues: marshall({ ":k": petitionerKey, ":c": categoryPrefix(category) }),
            ExclusiveStartKey: start,
          }),
        );
        ids.push(...caseIdsIn(out.Items));
        start = out.LastEvaluatedKey;
      } while (start && ids.length < PETITIONER_CASES_READ);
      return ids;
    },

    async dueCaseIds(shard: number, now: Date, page: PageRequest): Promise<Page<string>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byDeadline",
          KeyConditionExpression: "dueShard = :s AND dueKey <= :now",
          ExpressionAttributeValues: marshall({ ":s": dueShardKey(shard), ":now": upTo(now) }),
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.dueCases(shard)),
          Limit: page.limit,
        }),
      );
      return { items: caseIdsIn(out.Items), ...cursorOf(out.LastEvaluatedKey) };
    },

    async escalatedCaseIds(list: EscalationList, page: PageRequest): Promise<Page<string>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: "agencyKey = :k",
          ExpressionAttributeValues: marshall({ ":k": escalationIndexKey(list) }),
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.escalated(list)),
          Limit: page.limit,
        }),
      );
      return { items: caseIdsIn(out.Items), ...cursorOf(out.LastEvaluatedKey) };
    },

    async caseIdsForAgencyCreated(agency: string, from: string, to: string): Promise<string[]> {
      return caseIdsIn(
        await queryAgencyRange(table, agencyIndexKey(agency), { from, to: upTo(new Date(to)) }),
      );
    },

    async pendingAgendaCaseIds(limit: number): Promise<string[]> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: "byAgency",
          KeyConditionExpression: "agencyKey = :k",
          ExpressionAttributeValues: marshall({ ":k": AGENDA_INDEX_KEY }),
          Limit: limit,
        }),
      );
      return caseIdsIn(out.Items);
    },
  };
}
