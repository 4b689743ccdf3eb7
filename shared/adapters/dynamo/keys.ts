// Every key of the one table, built and read here only: the partition and sort keys of
// each kind of item, and the attributes that place an item in an index (shapes in
// shared/resources.ts). Times in keys are ISO 8601, so keys sort by time.
//
//   pk / sk                                  item                 index attributes
//   CASE#<id> / CASE                         the case (packed:    dueShard DUE#<n>, dueKey <due>#<id>;
//                                            case-item.ts)        petitionerSort <category>#<id>;
//                                                                 agencyKey CLOCKS#<n>, agencySort <latest open due's year>#<id>
//   CASE#<id> / EVENT#<seq, 8 digits>        an event, in order
//   CASE#<id> / OUTBOX#<entry>               an outbox entry      outboxShard OUTBOX#<n>, outboxKey <not before>#<entry>
//   CASE#<id> / ACCESS#<agency>              an involved agency   agencyKey AGENCY#<agency>, agencySort <created>#<id>
//   CASE#<id> / READ#<at>#<record>           an identity reveal
//   CASE#<id> / NOTICE#<notice id>           a written notice: its kind, date and hash (the PDF is in S3)
//   CASE#<id> / ATTACHMENT#<attachment id>   an attached file: its name, type, sizes and hashes (the bytes are in S3)
//   CASE#<id> / AGENDA                       waiting for a joint meeting: agencyKey AGENDA#pending, agencySort <since>#<id>
//   CASE#<id> / ESCALATION#LEVEL|DISPUTE|SUPERVISED   on an oversight list: agencyKey ESCALATION#L1|L2|L3|DISPUTE|SUPERVISED,
//                                            agencySort <agency>#<since>#<id>
//   IDEM#<scope>#<key> / IDEM                an Idempotency-Key
//   O311#<client>#<case code> / SUBMISSION   a case an Open311 app filed, found by its code: agencyKey O311#<client>,
//                                            agencySort <created>#<id> (the app's own requests, by time)
//   O311CLIENT / <client id>                 an Open311 client app (its key's hash, never the key)
//   RATE#O311#<client>#<minute> / RATE       the app's requests in that minute, until expiresAt
//   NOTIFY#<agency> | NOTIFY#USER#<user> / <notification id>
//   WEBHOOK / <agency>                       MEETING / <meeting id>
//   VIEWS#<sub> / VIEWS                      a person's saved inbox views (filter values only)
//   REF / AGENCY#<id> | CATEGORY#<id> | REGION#<id> | RULES | SEED
//                                            RULES: the routing rules and their version, one item;
//                                            RULE#<category>#<region>: one rule each, as seeded before RULES
//   JURISDICTION / HEAD | EVENT#<seq, 8 digits>   the jurisdiction's trail: its end, and its events in order
//   JURISDICTION / CALENDAR | THRESHOLDS | JOBS   the stored calendar years; the thresholds; the recounts
//                                            the sweeper owes after a change of either, one attribute each
//   CASE#<id> / STATS                        what the statistics count of the case now (its version, its contribution)
//   STATS#<month>|STATS#NOW / ALL | <dimension>#<value> | CELL#<agency>#<category>#<region>#<channel>
//                                            counters: a month's (or the gauges') totals, by one dimension, by all four
//   WATCH#<category>#<region> / WATCH        the early warning's latest spike of that series (its days, its notification)
import {
  slotOf,
  type EscalationEntry,
  type EscalationList,
  type EscalationSlot,
} from "../../domain/escalation-lists.js";
import type { AccessRecord, Notification } from "../../domain/model.js";
import type { Recipient } from "../../ports.js";
import { DEADLINE_SHARDS, OUTBOX_SHARDS } from "../../resources.js";

export interface ItemKey {
  pk: string;
  sk: string;
}

const CASE = "CASE#";
const CASE_SK = "CASE";
const EVENT = "EVENT#";
const OUTBOX = "OUTBOX#";
const ACCESS = "ACCESS#";
const READ = "READ#";
const NOTICE = "NOTICE#";
const ATTACHMENT = "ATTACHMENT#";
const AGENDA_SK = "AGENDA";
const ESCALATION = "ESCALATION#";
const IDEM = "IDEM#";
const NOTIFY = "NOTIFY#";
const WEBHOOK_PK = "WEBHOOK";
const VIEWS = "VIEWS#";
const STATS_SK = "STATS";
const STATS = "STATS#";
const WATCH = "WATCH#";
const WATCH_SK = "WATCH";
export const MEETING_PARTITION = "MEETING";
export const REFERENCE_PARTITION = "REF";
const CLOCKS = "CLOCKS#";
const SUBMISSION_SK = "SUBMISSION";
const OPEN311 = "O311#";

/** Attributes that exist only for the table's keys and indexes: dropped when an item is read back. */
export const KEY_ATTRIBUTES = [
  "pk",
  "sk",
  "agencyKey",
  "agencySort",
  "dueShard",
  "dueKey",
  "outboxShard",
  "outboxKey",
  "petitionerSort",
];

/** FNV-1a: the shard of a case or an outbox entry, stable across processes. */
function shardOf(id: string, shards: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

/** An index sort-key bound: every `<ISO time>#<id>` at or before `at`. */
export const upTo = (at: Date) => `${at.toISOString()}#~`;

// ---- a case's partition --------------------------------------------------------------

export const casePartition = (caseId: string) => `${CASE}${caseId}`;
/** The case id of any item of a case's partition, or of an index entry that projects its keys. */
export const caseIdOf = (pk: string) => pk.slice(CASE.length);
export const caseKey = (caseId: string): ItemKey => ({ pk: casePartition(caseId), sk: CASE_SK });
/** Where the case sits in the deadline index: by the time of its next clock action. */
export const dueIndexKeys = (caseId: string, dueAt: string) => ({
  dueShard: dueShardKey(shardOf(caseId, DEADLINE_SHARDS)),
  dueKey: `${dueAt}#${caseId}`,
});
export const dueShardKey = (shard: number) => `DUE#${shard}`;
/**
 * Where the case sits in the clocks index (on byAgency, under its own keys): by the local
 * year of the latest due time of its clocks still going, so a calendar year's recount reads
 * only the cases with a clock due in or after that year.
 */
export const clockIndexKeys = (caseId: string, latestDueYear: number) => ({
  agencyKey: clocksShardKey(shardOf(caseId, DEADLINE_SHARDS)),
  agencySort: `${clocksYearSort(latestDueYear)}${caseId}`,
});
export const clocksShardKey = (shard: number) => `${CLOCKS}${shard}`;
/** The sort-key prefix of a year in the clocks index; years are four digits, so they sort. */
export const clocksYearSort = (year: number) => `${year}#`;
export const petitionerSort = (category: string, caseId: string) => `${categoryPrefix(category)}${caseId}`;
export const categoryPrefix = (category: string) => `${category}#`;

export const EVENT_PREFIX = EVENT;
export const eventKey = (caseId: string, seq: number): ItemKey => ({
  pk: casePartition(caseId),
  sk: `${EVENT}${String(seq).padStart(8, "0")}`,
});

export const outboxKey = (caseId: string, entryId: string): ItemKey => ({
  pk: casePartition(caseId),
  sk: `${OUTBOX}${entryId}`,
});
/** Where a pending entry sits in the outbox index: by the time it may be re-sent. */
export const outboxIndexKeys = (entryId: string, notBefore: string) => ({
  outboxShard: outboxShardKey(shardOf(entryId, OUTBOX_SHARDS)),
  outboxKey: outboxSort(entryId, notBefore),
});
export const outboxSort = (entryId: string, notBefore: string) => `${notBefore}#${entryId}`;
export const outboxShardKey = (shard: number) => `${OUTBOX}${shard}`;

export const NOTICE_PREFIX = NOTICE;
export const noticeKey = (caseId: string, noticeId: string): ItemKey => ({
  pk: casePartition(caseId),
  sk: `${NOTICE}${noticeId}`,
});

export const ATTACHMENT_PREFIX = ATTACHMENT;
export const attachmentKey = (caseId: string, attachmentId: string): ItemKey => ({
  pk: casePartition(caseId),
  sk: `${ATTACHMENT}${attachmentId}`,
});

export const READ_PREFIX = READ;
export const readKey = (r: AccessRecord): ItemKey => ({
  pk: casePartition(r.caseId),
  sk: `${READ}${r.at}#${r.id}`,
});

/** An agency involved in a case, listed under the agency in the byAgency index. */
export const involvementKeys = (caseId: string, agency: string, createdAt: string) => ({
  pk: casePartition(caseId),
  sk: `${ACCESS}${agency}`,
  agencyKey: agencyIndexKey(agency),
  agencySort: `${createdAt}#${caseId}`,
});
export const agencyIndexKey = (agency: string) => `AGENCY#${agency}`;

export const agendaKey = (caseId: string): ItemKey => ({ pk: casePartition(caseId), sk: AGENDA_SK });
/** Cases waiting for a joint meeting's agenda sit under one byAgency key, oldest first. */
export const AGENDA_INDEX_KEY = "AGENDA#pending";
export const agendaIndexKeys = (caseId: string, since: string) => ({
  ...agendaKey(caseId),
  agencyKey: AGENDA_INDEX_KEY,
  agencySort: `${since}#${caseId}`,
});

/** A case's entry on one of the bureau's oversight lists, one item per slot (escalation-lists.ts). */
export const escalationKey = (caseId: string, slot: EscalationSlot): ItemKey => ({
  pk: casePartition(caseId),
  sk: `${ESCALATION}${slot.toUpperCase()}`,
});
/** Each list sits under one byAgency key: `ESCALATION#L1`, …, `ESCALATION#DISPUTE`, `ESCALATION#SUPERVISED`. */
export const escalationIndexKey = (list: EscalationList) => `${ESCALATION}${list.toUpperCase()}`;
/**
 * The entry's item: grouped by agency, then oldest first, in its sort key; ids, an agency,
 * a clock's name and a time, never anything of a person.
 */
export const escalationItem = (caseId: string, e: EscalationEntry) => ({
  ...escalationKey(caseId, slotOf(e.list)),
  agencyKey: escalationIndexKey(e.list),
  agencySort: `${e.agency}#${e.since}#${caseId}`,
  list: e.list,
  agency: e.agency,
  ...(e.clock ? { clock: e.clock } : {}),
});

/**
 * A case an Open311 app filed: found by the app and the case's code with a consistent read
 * (its own requests only, and at once after the POST), and listed under the app by time.
 */
export const submissionKey = (client: string, code: string): ItemKey => ({
  pk: `${OPEN311}${client}#${code}`,
  sk: SUBMISSION_SK,
});
export const submissionItem = (client: string, c: { id: string; code: string; createdAt: string }) => ({
  ...submissionKey(client, c.code),
  agencyKey: submissionIndexKey(client),
  agencySort: `${c.createdAt}#${c.id}`,
  caseId: c.id,
});
export const submissionIndexKey = (client: string) => `${OPEN311}${client}`;

// ---- other partitions ----------------------------------------------------------------

export const OPEN311_CLIENT_PARTITION = "O311CLIENT";
export const open311ClientKey = (id: string): ItemKey => ({ pk: OPEN311_CLIENT_PARTITION, sk: id });
export const open311RateKey = (client: string, window: string): ItemKey => ({
  pk: `RATE#${OPEN311}${client}#${window}`,
  sk: "RATE",
});

export const idempotencyKey = (scope: string, key: string): ItemKey => ({
  pk: `${IDEM}${scope}#${key}`,
  sk: "IDEM",
});

export const notificationPartition = (r: Recipient) =>
  "user" in r ? `${NOTIFY}USER#${r.user}` : `${NOTIFY}${r.agency}`;
/** A notification's recipient: its leader when it names one, else its agency. */
export const recipientOf = (n: Notification): Recipient => (n.user ? { user: n.user } : { agency: n.agency });
export const notificationKey = (r: Recipient, id: string): ItemKey => ({
  pk: notificationPartition(r),
  sk: id,
});

export const webhookKey = (agency: string): ItemKey => ({ pk: WEBHOOK_PK, sk: agency });

export const meetingKey = (id: string): ItemKey => ({ pk: MEETING_PARTITION, sk: id });

/** One item per person holding all their saved views, so the cap on them is one condition. */
export const savedViewsKey = (owner: string): ItemKey => ({ pk: `${VIEWS}${owner}`, sk: "VIEWS" });

const REFERENCE_KINDS = {
  agency: "AGENCY#",
  category: "CATEGORY#",
  region: "REGION#",
  rule: "RULE#",
} as const;
export type ReferenceKind = keyof typeof REFERENCE_KINDS;
export const referenceKey = (kind: ReferenceKind, id: string): ItemKey => ({
  pk: REFERENCE_PARTITION,
  sk: `${REFERENCE_KINDS[kind]}${id}`,
});
/** Which reference item a sort key names; undefined for the seed marker. */
export const referenceKindOf = (sk: string): ReferenceKind | undefined =>
  (Object.keys(REFERENCE_KINDS) as ReferenceKind[]).find((kind) => sk.startsWith(REFERENCE_KINDS[kind]));
/** The routing rules in force, with their version: one item, so a change is one conditional write. */
export const RULESET_KEY: ItemKey = { pk: REFERENCE_PARTITION, sk: "RULES" };

export const JURISDICTION_PARTITION = "JURISDICTION";
export const JURISDICTION_EVENT_PREFIX = EVENT;
/** The trail's end: the last event's number and hash, the condition every append checks. */
export const TRAIL_HEAD_KEY: ItemKey = { pk: JURISDICTION_PARTITION, sk: "HEAD" };
/** The stored calendar years and their version, one item (docs/jurisdiction.md, "Calendars"). */
export const CALENDAR_KEY: ItemKey = { pk: JURISDICTION_PARTITION, sk: "CALENDAR" };
/** The warning, escalation and hotspot thresholds and their version, one item. */
export const THRESHOLDS_KEY: ItemKey = { pk: JURISDICTION_PARTITION, sk: "THRESHOLDS" };
/** One item holds every pending recount (a handful at most), so the sweeper reads them by key, not by query. */
export const RECOUNT_JOBS_KEY: ItemKey = { pk: JURISDICTION_PARTITION, sk: "JOBS" };
/** The attribute of the jobs item that holds one job. */
export const JOB_ATTRIBUTE_PREFIX = "job#";
export const jurisdictionEventKey = (seq: number): ItemKey => ({
  pk: JURISDICTION_PARTITION,
  sk: `${EVENT}${String(seq).padStart(8, "0")}`,
});

/** Written last by a seed: its presence says the seed ran to its end. */
export const SEED_MARKER: ItemKey = { pk: REFERENCE_PARTITION, sk: "SEED" };

// ---- reading keys back -----------------------------------------------------------------

export type ItemKind =
  | "case"
  | "event"
  | "outbox"
  | "involvement"
  | "read"
  | "notice"
  | "attachment"
  | "agenda"
  | "escalation"
  | "idempotency"
  | "notification"
  | "webhook"
  | "meeting"
  | "reference"
  | "jurisdiction"
  | "views"
  | "statsMark"
  | "stats"
  | "watch";

/** The early warning's record of one category × region's latest spike. */
export const watchKey = (category: string, region: string): ItemKey => ({
  pk: `${WATCH}${category}#${region}`,
  sk: WATCH_SK,
});

/** The statistics' record of one case: the version and contribution counted. */
export const statsMarkKey = (caseId: string): ItemKey => ({ pk: casePartition(caseId), sk: STATS_SK });
export const statsPartition = (month: string) => `${STATS}${month}`;
export const STATS_TOTAL_SK = "ALL";
export const STATS_CELL_PREFIX = "CELL#";
export const statsDimensionSort = (dimension: string, value: string) => `${dimension}#${value}`;
export const statsCellSort = (cellParts: readonly string[]) => `${STATS_CELL_PREFIX}${cellParts.join("#")}`;

/** What kind of item a key belongs to. */
export function itemKind({ pk, sk }: ItemKey): ItemKind | undefined {
  if (pk.startsWith(CASE)) {
    if (sk === CASE_SK) return "case";
    if (sk === AGENDA_SK) return "agenda";
    if (sk === STATS_SK) return "statsMark";
    const kinds: [string, ItemKind][] = [
      [ESCALATION, "escalation"],
      [EVENT, "event"],
      [OUTBOX, "outbox"],
      [ACCESS, "involvement"],
      [READ, "read"],
      [NOTICE, "notice"],
      [ATTACHMENT, "attachment"],
    ];
    return kinds.find(([prefix]) => sk.startsWith(prefix))?.[1];
  }
  if (pk.startsWith(IDEM)) return "idempotency";
  if (pk.startsWith(NOTIFY)) return "notification";
  if (pk.startsWith(VIEWS)) return "views";
  if (pk.startsWith(STATS)) return "stats";
  if (pk.startsWith(WATCH)) return "watch";
  return (
    {
      [WEBHOOK_PK]: "webhook",
      [MEETING_PARTITION]: "meeting",
      [REFERENCE_PARTITION]: "reference",
      [JURISDICTION_PARTITION]: "jurisdiction",
    } as Record<string, ItemKind>
  )[pk];
}

/** What a cursor's key must hold: exactly this value, or a value starting with `prefix`. */
export type KeySpec = string | { prefix: string };

/** The keys a cursor of each query holds (shared/adapters/dynamo/cursor.ts checks them). */
export const cursorShapes = {
  casePartition: (caseId: string, skPrefix: string): Record<string, KeySpec> => ({
    pk: casePartition(caseId),
    sk: { prefix: skPrefix },
  }),
  agencyCases: (agency: string): Record<string, KeySpec> => ({
    pk: { prefix: CASE },
    sk: { prefix: ACCESS },
    agencyKey: agencyIndexKey(agency),
    agencySort: { prefix: "" },
  }),
  escalated: (list: EscalationList): Record<string, KeySpec> => ({
    pk: { prefix: CASE },
    sk: { prefix: ESCALATION },
    agencyKey: escalationIndexKey(list),
    agencySort: { prefix: "" },
  }),
  dueCases: (shard: number): Record<string, KeySpec> => ({
    pk: { prefix: CASE },
    sk: CASE_SK,
    dueShard: dueShardKey(shard),
    dueKey: { prefix: "" },
  }),
  clockCases: (shard: number): Record<string, KeySpec> => ({
    pk: { prefix: CASE },
    sk: CASE_SK,
    agencyKey: clocksShardKey(shard),
    agencySort: { prefix: "" },
  }),
  notifications: (r: Recipient): Record<string, KeySpec> => ({
    pk: notificationPartition(r),
    sk: { prefix: "" },
  }),
  meetings: (): Record<string, KeySpec> => ({ pk: MEETING_PARTITION, sk: { prefix: "" } }),
  jurisdictionEvents: (): Record<string, KeySpec> => ({ pk: JURISDICTION_PARTITION, sk: { prefix: EVENT } }),
};
