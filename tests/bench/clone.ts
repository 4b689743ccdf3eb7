// Grows a bench table fast: the items of cases made by the real handlers (the case, its
// events, access and outbox items, its notifications) are copied under fresh ids and
// written back with BatchWriteItem. Every id in a copy (the case's, its outbox entries',
// its notifications') is replaced by a new ULID of the same time, so a copy sorts where its
// original does in every index; its events are hashed again under the new case id (the
// chain covers it), so a copy's trail verifies as its original's does. The statistics' mark of a case (CASE#<id> / STATS) and the
// counters are not copied: the stats function counts each copy off the table's stream as
// it counts any case, when the stack is drained. A case item is unpacked for the copying and
// packed again to be written.
import { ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { decodeTime, ulid } from "ulid";
import { caseFromItem, caseToItem } from "../../shared/adapters/dynamo/case-item.js";
import { KEY_ATTRIBUTES } from "../../shared/adapters/dynamo/keys.js";
import { toItem } from "../../shared/adapters/dynamo/table.js";
import { GENESIS_HASH, hashEvent } from "../../shared/domain/audit.js";
import type { CaseEvent } from "../../shared/domain/model.js";
import { Budget } from "./harness.js";
import type { BenchStack } from "./fixtures.js";
import { batchWrite } from "./sweep.js";

type Item = Record<string, AttributeValue>;

/** The batches of a copy are sent whatever the time: a copy is whole or not made. */
const WHOLE = new Budget(60 * 60_000);

/** A ULID standing on its own in a string (not inside a longer word or hash). */
const ULID = /(?<![0-9A-Za-z])[0-7][0-9A-HJKMNP-TV-Z]{25}(?![0-9A-Za-z])/g;

export interface Grown {
  /** Cases found to copy, and copies written. */
  originals: number;
  copies: number;
  items: number;
  ms: number;
}

/** The cases of the table now, each with its items and notifications: what `writeCopies` copies. */
export type CaseItems = Map<string, Item[]>;

/** Writes `copies` copies of every case in the table, each with its notifications. */
export async function copyCases(bench: BenchStack, copies: number, budget: Budget): Promise<Grown> {
  const started = performance.now();
  const groups = await snapshotCases(bench);
  const grown = await writeCopies(bench, groups, copies, budget);
  return { ...grown, ms: performance.now() - started };
}

export async function snapshotCases(bench: BenchStack): Promise<CaseItems> {
  const groups: CaseItems = new Map();
  const others: Item[] = [];
  let start: Item | undefined;
  do {
    // The stack's own client: the scan is not part of any figure.
    const out = await bench.stack.db.send(
      new ScanCommand({ TableName: bench.tableName, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) {
      const pk = item.pk?.S ?? "";
      const sk = item.sk?.S ?? "";
      if (pk.startsWith("CASE#")) {
        if (sk === "STATS") continue;
        const id = pk.slice("CASE#".length);
        // The case item unpacked, so that its ids and hash can be rewritten as text; packed again when written.
        groups.set(id, [...(groups.get(id) ?? []), sk === "CASE" ? inClear(item) : item]);
      } else if (pk.startsWith("NOTIFY#")) others.push(item);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  // A notification goes with the case it names.
  for (const item of others) {
    const text = JSON.stringify(item);
    const owner = [...(text.match(ULID) ?? [])].find((id) => groups.has(id));
    if (owner) groups.get(owner)!.push(item);
  }
  return groups;
}

/** `copies` copies of each case of `groups`, each under fresh ids; stops between copies when the budget runs out. */
export async function writeCopies(
  bench: BenchStack,
  groups: CaseItems,
  copies: number,
  budget: Budget,
): Promise<Grown> {
  const started = performance.now();
  let items = 0;
  let written = 0;
  const pending: Item[] = [];
  const flush = async () => {
    const batch = pending.splice(0, pending.length);
    await batchWrite(bench.stack.db, bench.tableName, batch, WHOLE);
    items += batch.length;
  };
  // At least one copy; a copy started is written whole, so every case has as many copies.
  for (let k = 0; k < copies && (k === 0 || !budget.expired()); k++) {
    for (const group of groups.values()) {
      const fresh = new Map<string, string>();
      const rename = (id: string) => {
        let to = fresh.get(id);
        if (!to) fresh.set(id, (to = ulid(decodeTime(id))));
        return to;
      };
      const copy = group.map((item) => JSON.parse(JSON.stringify(item).replace(ULID, rename)) as Item);
      rechain(copy);
      pending.push(...copy.map((item) => (item.sk?.S === "CASE" ? packed(item) : item)));
      written++;
      if (pending.length >= 5_000) await flush();
    }
  }
  await flush();
  return { originals: groups.size, copies: written, items, ms: performance.now() - started };
}

/** The key and index attributes of an item, as stored. */
const keyAttributes = (item: Item) =>
  Object.fromEntries(KEY_ATTRIBUTES.filter((k) => item[k]?.S !== undefined).map((k) => [k, item[k]!.S!]));

/** A case item with the case's attributes in the clear (as the store wrote them before packing). */
const inClear = (item: Item): Item => toItem({ ...caseFromItem(item), ...keyAttributes(item) });

/** A case item in clear packed as the store writes it (shared/adapters/dynamo/case-item.ts). */
const packed = (item: Item): Item => caseToItem(caseFromItem(item), keyAttributes(item));

/** The events of one case's items hashed again in order, and the case's lastHash set to the end. */
function rechain(items: Item[]): void {
  const events = items
    .filter((i) => i.sk?.S?.startsWith("EVENT#"))
    .sort((a, b) => (a.sk!.S! < b.sk!.S! ? -1 : 1));
  let prev = GENESIS_HASH;
  for (const item of events) {
    const event = unmarshall(item) as CaseEvent;
    const hash = hashEvent({ ...event, prevHash: prev });
    item.prevHash = { S: prev };
    item.hash = { S: hash };
    prev = hash;
  }
  const kase = items.find((i) => i.sk?.S === "CASE");
  if (kase && events.length) kase.lastHash = { S: prev };
}
