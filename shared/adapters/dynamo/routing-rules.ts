// The routing rules in force (one item, REF / RULES) and the jurisdiction's trail
// (JURISDICTION / HEAD and EVENT#…): a change puts the rules on condition of the version
// it was made from and appends its event on condition of the trail's end, in one
// transaction, so of two changes from the same version exactly one is kept. A route reads
// the rules with its case in one BatchGetItem (getCaseWithRules).
import {
  GetItemCommand,
  QueryCommand,
  type AttributeValue,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { EMPTY_TRAIL, type JurisdictionEvent, type TrailHead } from "../../domain/jurisdiction-audit.js";
import type { RoutingRule } from "../../domain/routing.js";
import type {
  JurisdictionTrail,
  Page,
  PageRequest,
  RouteReads,
  RoutingRuleSet,
  RoutingRuleStore,
  SaveRulesOutcome,
} from "../../ports.js";
import { caseFromItem } from "./case-item.js";
import { conditionFailed, transactionConflict } from "./conditions.js";
import { cursorOf, decodeCursor } from "./cursor.js";
import {
  caseKey,
  cursorShapes,
  JURISDICTION_EVENT_PREFIX,
  JURISDICTION_PARTITION,
  jurisdictionEventKey,
  REFERENCE_PARTITION,
  RULESET_KEY,
  TRAIL_HEAD_KEY,
} from "./keys.js";
import { batchGetConsistent, fromItem, toItem, type DynamoTable } from "./table.js";

/** The sort-key prefix of the one-item-per-rule layout a seed wrote before RULES existed. */
const LEGACY_RULE_PREFIX = "RULE#";

/**
 * Append `event` to the jurisdiction's trail: the event, new, and the trail's end moved to
 * it on condition that it was the event before. Any change of the jurisdiction adds these
 * two writes to its own transaction.
 */
export function trailAppend(table: DynamoTable, event: JurisdictionEvent): TransactWriteItem[] {
  return [
    {
      Put: {
        TableName: table.name,
        Item: toItem({ ...event, ...jurisdictionEventKey(event.seq) }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: toItem({ ...TRAIL_HEAD_KEY, lastSeq: event.seq, lastHash: event.hash }),
        ...(event.seq === 1
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : {
              ConditionExpression: "lastSeq = :prev",
              ExpressionAttributeValues: marshall({ ":prev": event.seq - 1 }),
            }),
      },
    },
  ];
}

/** The rules at `next.version`, on condition the stored ones are at the version before (none stored: version 0). */
export function ruleSetPut(table: DynamoTable, next: RoutingRuleSet): TransactWriteItem {
  return {
    Put: {
      TableName: table.name,
      Item: toItem({ ...RULESET_KEY, version: next.version, rules: next.rules }),
      ...(next.version === 1
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "version = :prev",
            ExpressionAttributeValues: marshall({ ":prev": next.version - 1 }),
          }),
    },
  };
}

export function dynamoRoutingRuleStore(
  table: DynamoTable,
): RoutingRuleStore & RouteReads & JurisdictionTrail {
  const ruleSetOf = (item: Record<string, AttributeValue>): RoutingRuleSet => {
    const { version, rules } = fromItem<RoutingRuleSet>(item);
    return { version, rules };
  };
  // A store seeded before RULES existed: its rules, one item each, are version 0.
  const legacyRuleSet = async (): Promise<RoutingRuleSet> => {
    const legacy = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: marshall({ ":pk": REFERENCE_PARTITION, ":prefix": LEGACY_RULE_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return {
      version: 0,
      rules: (legacy.Items ?? []).map((i) => fromItem<{ value: RoutingRule }>(i).value),
    };
  };
  return {
    async getRoutingRules(): Promise<RoutingRuleSet> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(RULESET_KEY), ConsistentRead: true }),
      );
      return out.Item ? ruleSetOf(out.Item) : legacyRuleSet();
    },

    async getCaseWithRules(id: string) {
      const wanted = { case: caseKey(id), rules: RULESET_KEY };
      const found = await batchGetConsistent(
        table,
        Object.values(wanted).map((k) => marshall(k)),
      );
      const item = (k: { pk: string; sk: string }) => found.find((i) => i.pk?.S === k.pk && i.sk?.S === k.sk);
      const caseItem = item(wanted.case);
      const rulesItem = item(wanted.rules);
      return {
        case: caseItem ? caseFromItem(caseItem) : undefined,
        ruleSet: rulesItem ? ruleSetOf(rulesItem) : await legacyRuleSet(),
      };
    },

    async saveRoutingRules(next: RoutingRuleSet, event: JurisdictionEvent): Promise<SaveRulesOutcome> {
      try {
        await table.db.send(
          new TransactWriteItemsCommand({
            TransactItems: [ruleSetPut(table, next), ...trailAppend(table, event)],
          }),
        );
        return { ok: true };
      } catch (err) {
        if (conditionFailed(err, 0)) return { ok: false, reason: "stale" };
        if (conditionFailed(err) || transactionConflict(err)) return { ok: false, reason: "retry" };
        throw err;
      }
    },

    async trailHead(): Promise<TrailHead> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(TRAIL_HEAD_KEY), ConsistentRead: true }),
      );
      if (!out.Item) return EMPTY_TRAIL;
      const { lastSeq, lastHash } = fromItem<TrailHead>(out.Item);
      return { lastSeq, lastHash };
    },

    async listJurisdictionEvents(page: PageRequest, typePrefix?: string): Promise<Page<JurisdictionEvent>> {
      const out = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ...(typePrefix ? { FilterExpression: "begins_with(#type, :type)" } : {}),
          ...(typePrefix ? { ExpressionAttributeNames: { "#type": "type" } } : {}),
          ExpressionAttributeValues: marshall({
            ":pk": JURISDICTION_PARTITION,
            ":prefix": JURISDICTION_EVENT_PREFIX,
            ...(typePrefix ? { ":type": typePrefix } : {}),
          }),
          ExclusiveStartKey: decodeCursor(page.cursor, cursorShapes.jurisdictionEvents()),
          ScanIndexForward: true,
          Limit: page.limit,
          ConsistentRead: true,
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => fromItem<JurisdictionEvent>(i)),
        ...cursorOf(out.LastEvaluatedKey),
      };
    },
  };
}
