// Counts what a DynamoDB client reads and writes: a middleware on the client asks every
// data-plane call for ReturnConsumedCapacity=INDEXES and tallies, per operation (and per
// index), the calls, the items read or written and the capacity units DynamoDB reports.
// The product's own store (shared/adapters/dynamo/) runs on this client; nothing in it is replaced.
import {
  DynamoDBClient,
  type AttributeValue,
  type ConsumedCapacity,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";

const READS = new Set(["GetItemCommand", "BatchGetItemCommand", "QueryCommand", "ScanCommand"]);
const WRITES = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);

export interface Tally {
  kind: "read" | "write";
  calls: number;
  items: number;
  units: number;
  /** Of `units`, those of the base table and those of its global secondary indexes. */
  tableUnits: number;
  indexUnits: number;
  /** Of `indexUnits`, each index's. */
  byIndex: Map<string, number>;
  /** Partition key values queried (e.g. deadline-index shards). */
  partitions: Set<string>;
}

export interface Totals {
  calls: number;
  items: number;
  units: number;
  tableUnits: number;
  indexUnits: number;
}

type Output = Record<string, unknown> & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };

export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The stats function's transactions (a case's mark and its counters), labelled apart from the command path's. */
export const STATS_TRANSACTION = "TransactWriteItems (stats)";
const countsStats = (input: Record<string, unknown>) =>
  ((input.TransactItems ?? []) as TransactWriteItem[])[0]?.Put?.Item?.sk?.S === "STATS";
/** The notices function's transactions (a notice's record, its chain event and the case), labelled apart too. */
export const NOTICE_TRANSACTION = "TransactWriteItems (notices)";
const recordsNotice = (input: Record<string, unknown>) =>
  ((input.TransactItems ?? []) as TransactWriteItem[]).some((t) => t.Put?.Item?.sk?.S?.startsWith("NOTICE#"));

export class DynamoMeter {
  readonly client: DynamoDBClient;
  private tallies = new Map<string, Tally>();
  private readonly transactionListeners: ((items: TransactWriteItem[]) => void)[] = [];

  constructor(endpoint: string) {
    this.client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: localCredentials });
    this.client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "";
        const input = args.input as Record<string, unknown>;
        const metered = READS.has(command) || WRITES.has(command);
        if (metered && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = "INDEXES";
        const result = await next(args);
        if (metered) this.record(command, input, result.output as unknown as Output);
        return result;
      },
      { step: "initialize", name: "benchDynamoMeter" },
    );
  }

  /** Called with the items of every TransactWriteItems that succeeded, right after it returned. */
  onTransaction(listener: (items: TransactWriteItem[]) => void): () => void {
    this.transactionListeners.push(listener);
    return () => {
      const i = this.transactionListeners.indexOf(listener);
      if (i >= 0) this.transactionListeners.splice(i, 1);
    };
  }

  reset(): void {
    this.tallies = new Map();
  }

  /** The tallies since the last reset, by label (`Query byDeadline`, `BatchGetItem`, …). */
  snapshot(): ReadonlyMap<string, Tally> {
    return this.tallies;
  }

  totals(kind: Tally["kind"]): Totals {
    const sum: Totals = { calls: 0, items: 0, units: 0, tableUnits: 0, indexUnits: 0 };
    for (const t of this.tallies.values()) {
      if (t.kind !== kind) continue;
      sum.calls += t.calls;
      sum.items += t.items;
      sum.units += t.units;
      sum.tableUnits += t.tableUnits;
      sum.indexUnits += t.indexUnits;
    }
    return sum;
  }

  /** Write (or read) units by index since the last reset, labels matching `keep` only. */
  indexUnits(kind: Tally["kind"], keep: (label: string) => boolean = () => true): Map<string, number> {
    const sum = new Map<string, number>();
    for (const [label, t] of this.tallies) {
      if (t.kind !== kind || !keep(label)) continue;
      for (const [name, n] of t.byIndex) sum.set(name, (sum.get(name) ?? 0) + n);
    }
    return sum;
  }

  tally(label: string): Tally | undefined {
    return this.tallies.get(label);
  }

  destroy(): void {
    this.client.destroy();
  }

  private record(command: string, input: Record<string, unknown>, output: Output): void {
    const operation = command.replace(/Command$/, "");
    const index = typeof input.IndexName === "string" ? input.IndexName : undefined;
    const partition = firstStringValue(input.ExpressionAttributeValues);
    // A query of the base table is labelled by its partition's prefix: `Query table REF`.
    const label = index
      ? `${operation} ${index}`
      : operation === "Query" && partition
        ? `${operation} table ${partition.split("#")[0]}`
        : operation === "TransactWriteItems" && countsStats(input)
          ? STATS_TRANSACTION
          : operation === "TransactWriteItems" && recordsNotice(input)
            ? NOTICE_TRANSACTION
            : operation;
    const kind = READS.has(command) ? "read" : "write";
    let tally = this.tallies.get(label);
    if (!tally)
      this.tallies.set(
        label,
        (tally = {
          kind,
          calls: 0,
          items: 0,
          units: 0,
          tableUnits: 0,
          indexUnits: 0,
          byIndex: new Map(),
          partitions: new Set(),
        }),
      );
    tally.calls += 1;
    tally.items += itemsTouched(command, input, output);
    const units = capacityUnits(output.ConsumedCapacity);
    tally.units += units.total;
    tally.tableUnits += units.table;
    tally.indexUnits += units.indexes;
    for (const [name, n] of units.byIndex) tally.byIndex.set(name, (tally.byIndex.get(name) ?? 0) + n);
    if (partition && index) tally.partitions.add(partition);
    if (command === "TransactWriteItemsCommand") {
      const items = (input.TransactItems ?? []) as TransactWriteItem[];
      for (const listener of this.transactionListeners) listener(items);
    }
  }
}

function firstStringValue(values: unknown): string | undefined {
  if (!values || typeof values !== "object") return undefined;
  for (const v of Object.values(values as Record<string, AttributeValue>))
    if (v && "S" in v && typeof v.S === "string") return v.S;
  return undefined;
}

function capacityUnits(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): {
  total: number;
  table: number;
  indexes: number;
  byIndex: Map<string, number>;
} {
  const sum = { total: 0, table: 0, indexes: 0, byIndex: new Map<string, number>() };
  for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
    sum.total += c.CapacityUnits ?? 0;
    const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce(
      (s, i) => s + (i.CapacityUnits ?? 0),
      0,
    );
    sum.indexes += indexes;
    for (const [name, i] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
      sum.byIndex.set(name, (sum.byIndex.get(name) ?? 0) + (i.CapacityUnits ?? 0));
    sum.table += c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexes;
  }
  return sum;
}

function itemsTouched(command: string, input: Record<string, unknown>, output: Output): number {
  switch (command) {
    case "GetItemCommand":
      return output.Item ? 1 : 0;
    case "QueryCommand":
    case "ScanCommand":
      // Items the engine read, before any filter (the store uses none).
      return Number(output.ScannedCount ?? output.Count ?? 0);
    case "BatchGetItemCommand":
      return Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
        (sum, items) => sum + items.length,
        0,
      );
    case "TransactWriteItemsCommand":
      return ((input.TransactItems ?? []) as TransactWriteItem[]).filter((t) => !t.ConditionCheck).length;
    case "BatchWriteItemCommand": {
      const count = (requests: unknown) =>
        Object.values((requests ?? {}) as Record<string, unknown[]>).reduce((sum, r) => sum + r.length, 0);
      return count(input.RequestItems) - count(output.UnprocessedItems);
    }
    default:
      return 1;
  }
}

/** An item's size as DynamoDB bills it: attribute names plus values (strings in UTF-8, numbers about half their digits). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueBytes(value);
  return size;
}

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[^0-9]/g, "").length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L !== undefined) return 3 + v.L.reduce((s, e) => s + 1 + valueBytes(e), 0);
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((s, [k, e]) => s + 1 + Buffer.byteLength(k) + valueBytes(e), 0);
  if (v.SS !== undefined) return v.SS.reduce((s, e) => s + Buffer.byteLength(e), 0);
  if (v.NS !== undefined) return v.NS.reduce((s, e) => s + Math.ceil(e.length / 2) + 1, 0);
  return 0;
}
