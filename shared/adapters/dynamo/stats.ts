// The statistics' counters (keys.ts): per month, one item of totals, one per value of each
// dimension, and one per full cell (agency × category × region × channel), so a question by
// one dimension reads the items it asks for and no others. A case is counted through its
// mark (`CASE#<id>` / `STATS`): the version and contribution counted of it. Counting a newer
// version adds the difference to every item it changes and moves the mark, in one
// transaction on the condition that the mark is as read — so a state is counted once
// however often it arrives, and an older one arriving late changes nothing.
import {
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  cellKeyOf,
  contributionDelta,
  COUNTERS,
  DIMENSIONS,
  type Contribution,
  type Counters,
} from "../../domain/stats-facts.js";
import type { StatsCell, StatsSlice, StatsStore } from "../../ports.js";
import { conditionFailed, transactionConflict } from "./conditions.js";
import {
  STATS_CELL_PREFIX,
  STATS_TOTAL_SK,
  statsCellSort,
  statsDimensionSort,
  statsMarkKey,
  statsPartition,
} from "./keys.js";
import { backoff, type DynamoTable } from "./table.js";

/** A transaction holds at most 100 items: the mark and 99 counter items. */
const MAX_COUNTER_ITEMS = 99;
const ATTEMPTS = 5;

interface Mark {
  version: number;
  contribution: Contribution;
}

/** The counter items a difference touches, each with its summed changes (items whose changes cancel are left out). */
export function counterUpdates(delta: Contribution): Map<string, { pk: string; sk: string; add: Counters }> {
  const items = new Map<string, { pk: string; sk: string; add: Counters }>();
  for (const [month, cells] of Object.entries(delta)) {
    const pk = statsPartition(month);
    for (const [cell, counters] of Object.entries(cells)) {
      const key = cellKeyOf(cell);
      const sks = [
        STATS_TOTAL_SK,
        ...DIMENSIONS.map((d) => statsDimensionSort(d, key[d])),
        statsCellSort(DIMENSIONS.map((d) => key[d])),
      ];
      for (const sk of sks) {
        const item = items.get(`${pk}\n${sk}`) ?? { pk, sk, add: {} };
        for (const [name, n] of Object.entries(counters)) {
          const counter = name as keyof Counters;
          item.add[counter] = (item.add[counter] ?? 0) + (n ?? 0);
        }
        items.set(`${pk}\n${sk}`, item);
      }
    }
  }
  for (const [id, item] of items) {
    for (const counter of COUNTERS) if (item.add[counter] === 0) delete item.add[counter];
    if (Object.keys(item.add).length === 0) items.delete(id);
  }
  return items;
}

/** The dimensions an item's sort key names. */
function keyOfSort(sk: string): Partial<Record<(typeof DIMENSIONS)[number], string>> {
  if (sk === STATS_TOTAL_SK) return {};
  if (sk.startsWith(STATS_CELL_PREFIX)) {
    const parts = sk.slice(STATS_CELL_PREFIX.length).split("#");
    return Object.fromEntries(DIMENSIONS.map((d, i) => [d, parts[i] ?? ""]));
  }
  const at = sk.indexOf("#");
  return { [sk.slice(0, at)]: sk.slice(at + 1) };
}

function countersOf(item: Record<string, unknown>): Counters {
  const counters: Counters = {};
  for (const counter of COUNTERS) {
    const n = item[counter];
    if (typeof n === "number" && n !== 0) counters[counter] = n;
  }
  return counters;
}

export function dynamoStats(table: DynamoTable): StatsStore {
  const readMark = async (caseId: string): Promise<Mark | undefined> => {
    const out = await table.db.send(
      new GetItemCommand({
        TableName: table.name,
        Key: marshall(statsMarkKey(caseId)),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return {
      version: Number(item.version),
      contribution: JSON.parse(String(item.contribution)) as Contribution,
    };
  };

  return {
    async countCase(caseId, version, contribution) {
      for (let attempt = 1; ; attempt++) {
        const mark = await readMark(caseId);
        if (mark && mark.version >= version) return "stale";
        const updates = [
          ...counterUpdates(contributionDelta(mark?.contribution ?? {}, contribution)).values(),
        ];
        if (updates.length > MAX_COUNTER_ITEMS)
          throw new Error(
            `Case ${caseId} changes ${updates.length} counter items, more than one transaction holds.`,
          );
        const items: TransactWriteItem[] = [
          {
            Put: {
              TableName: table.name,
              Item: marshall({
                ...statsMarkKey(caseId),
                version,
                contribution: JSON.stringify(contribution),
              }),
              ...(mark
                ? {
                    ConditionExpression: "version = :v",
                    ExpressionAttributeValues: marshall({ ":v": mark.version }),
                  }
                : { ConditionExpression: "attribute_not_exists(pk)" }),
            },
          },
          ...updates.map(({ pk, sk, add }): TransactWriteItem => {
            const names = Object.keys(add);
            return {
              Update: {
                TableName: table.name,
                Key: marshall({ pk, sk }),
                UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
                ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
                ExpressionAttributeValues: marshall(
                  Object.fromEntries(names.map((n, i) => [`:c${i}`, add[n as keyof Counters]])),
                ),
              },
            };
          }),
        ];
        try {
          await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
          return "counted";
        } catch (err) {
          // Another writer moved the mark, or met this transaction: read the mark again.
          if (attempt >= ATTEMPTS || !(conditionFailed(err, 0) || transactionConflict(err))) throw err;
          await backoff(attempt);
        }
      }
    },

    async readStats(month, slice: StatsSlice) {
      const pk = statsPartition(month);
      const prefix =
        slice.kind === "total"
          ? STATS_TOTAL_SK
          : slice.kind === "dimension"
            ? `${slice.dimension}#`
            : `${STATS_CELL_PREFIX}${slice.agency ? `${slice.agency}#` : ""}`;
      const cells: StatsCell[] = [];
      let itemsRead = 0;
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: marshall({ ":pk": pk, ":prefix": prefix }),
            ExclusiveStartKey: start,
          }),
        );
        for (const raw of out.Items ?? []) {
          const item = unmarshall(raw);
          const sk = String(item.sk);
          if (slice.kind === "total" && sk !== STATS_TOTAL_SK) continue;
          itemsRead++;
          // An item whose counts all went back to zero (its cases moved on) is no row.
          const counters = countersOf(item);
          if (Object.keys(counters).length) cells.push({ key: keyOfSort(sk), counters });
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return { cells, itemsRead };
    },
  };
}
