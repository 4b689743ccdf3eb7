// Cases and their events. Every write of a command is one TransactWriteItems: the case
// (version condition), its events, its outbox entries, the access items of newly involved
// agencies, the agenda-list item, the case's entries on the bureau's oversight lists, a
// meeting it changes, the Idempotency-Key of a new case
// and, when it applies a delivered message, the settling of that message's outbox entry.
import { GetItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { DAY_S } from "../../durations.js";
import type { Decision } from "../../domain/decide.js";
import { escalationEntries, slotOf, type EscalationSlot } from "../../domain/escalation-lists.js";
import { TERMINAL_STATUSES } from "../../domain/lifecycle.js";
import type { Case, CaseEvent } from "../../domain/model.js";
import type { CaseStore, CommitOptions, CommitOutcome, Page, PageRequest } from "../../ports.js";
import { caseFromItem, caseToItem } from "./case-item.js";
import { conditionFailed, transactionCancelled, transactionConflict } from "./conditions.js";
import {
  agendaIndexKeys,
  agendaKey,
  caseKey,
  clockIndexKeys,
  dueIndexKeys,
  escalationItem,
  escalationKey,
  EVENT_PREFIX,
  eventKey,
  idempotencyKey,
  involvementKeys,
  petitionerSort,
  noticeKey,
  attachmentKey,
  submissionItem,
} from "./keys.js";
import { meetingPut } from "./meetings.js";
import { outboxPut, settleUpdate } from "./outbox.js";
import {
  BATCH_GET_LIMIT,
  batchGetConsistent,
  queryCasePartition,
  toItem,
  type DynamoTable,
} from "./table.js";

/** How long an Idempotency-Key is remembered. */
const IDEMPOTENCY_TTL_S = DAY_S;
/** BatchGetItem takes at most this many keys a call. */

/**
 * `nextActionAt` is the domain's answer to "when does the sweeper next need this case?";
 * `latestDueYear`, to "which year does its latest open clock end in?" (the clocks index a
 * calendar recount reads; a store without it files no case there).
 */
export function dynamoCaseStore(
  table: DynamoTable,
  nextActionAt: (c: Case) => string | undefined,
  latestDueYear?: (c: Case) => number | undefined,
): CaseStore {
  const put = (
    item: object,
    condition?: string,
    names?: Record<string, string>,
    values?: Record<string, unknown>,
  ): TransactWriteItem => ({
    Put: {
      TableName: table.name,
      Item: toItem(item),
      ...(condition ? { ConditionExpression: condition } : {}),
      ...(names ? { ExpressionAttributeNames: names } : {}),
      ...(values ? { ExpressionAttributeValues: marshall(values) } : {}),
    },
  });

  const findIdempotency = async (scope: string, key: string) => {
    const out = await table.db.send(
      new GetItemCommand({
        TableName: table.name,
        Key: marshall(idempotencyKey(scope, key)),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { caseId, requestHash } = unmarshall(out.Item) as { caseId: string; requestHash: string };
    return { caseId, requestHash };
  };

  /** Put the case's oversight-list entries that are new or moved, delete those it left. */
  const escalationWrites = (before: Case | undefined, next: Case): TransactWriteItem[] => {
    const bySlot = (c: Case | undefined) =>
      new Map((c ? escalationEntries(c) : []).map((e) => [slotOf(e.list), escalationItem(c!.id, e)]));
    const was = bySlot(before);
    const now = bySlot(next);
    const writes: TransactWriteItem[] = [];
    for (const slot of new Set<EscalationSlot>([...was.keys(), ...now.keys()])) {
      const item = now.get(slot);
      const old = was.get(slot);
      if (item && JSON.stringify(item) !== JSON.stringify(old)) writes.push(put(item));
      else if (!item)
        writes.push({ Delete: { TableName: table.name, Key: marshall(escalationKey(next.id, slot)) } });
    }
    return writes;
  };

  return {
    async getCase(id: string): Promise<Case | undefined> {
      const out = await table.db.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(caseKey(id)), ConsistentRead: true }),
      );
      return out.Item ? caseFromItem(out.Item) : undefined;
    },

    async getCases(ids: readonly string[]): Promise<Case[]> {
      const found = new Map<string, Case>();
      for (let i = 0; i < ids.length; i += BATCH_GET_LIMIT) {
        const keys = ids.slice(i, i + BATCH_GET_LIMIT).map((id) => marshall(caseKey(id)));
        for (const item of await batchGetConsistent(table, keys)) {
          const c = caseFromItem(item);
          found.set(c.id, c);
        }
      }
      return ids.map((id) => found.get(id)).filter((c): c is Case => c !== undefined);
    },

    async commit(decision: Decision, options: CommitOptions): Promise<CommitOutcome> {
      const { case: next, events, outbox } = decision;
      const { before } = options;
      const items: TransactWriteItem[] = [];
      const due = nextActionAt(next);
      // A case left with no clock going but not ended (in transit between agencies, or
      // disputed) stays filed where its clocks last were: one recount too many reads it,
      // which changes nothing, whereas leaving and re-entering the index costs 4 units.
      const dueYear =
        latestDueYear?.(next) ??
        (before && !TERMINAL_STATUSES.has(next.status) ? latestDueYear?.(before) : undefined);
      const caseItem = caseToItem(next, {
        ...caseKey(next.id),
        ...(due ? dueIndexKeys(next.id, due) : {}),
        ...(dueYear !== undefined ? clockIndexKeys(next.id, dueYear) : {}),
        ...(next.petitionerKey ? { petitionerSort: petitionerSort(next.category, next.id) } : {}),
      });
      items.push({
        Put: {
          TableName: table.name,
          Item: caseItem,
          ...(before
            ? {
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: marshall({ ":v": before.version }),
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        },
      });
      for (const e of events)
        items.push(put({ ...e, ...eventKey(e.caseId, e.seq) }, "attribute_not_exists(pk)"));
      for (const entry of outbox) items.push(outboxPut(table, entry, next.updatedAt));
      for (const agency of next.involved.filter((a) => !before?.involved.includes(a))) {
        items.push(put({ ...involvementKeys(next.id, agency, next.createdAt), since: next.updatedAt }));
      }
      if (next.agendaPending && !before?.agendaPending) {
        items.push(
          put({ ...agendaIndexKeys(next.id, next.agendaPending.at), reason: next.agendaPending.reason }),
        );
      } else if (!next.agendaPending && before?.agendaPending) {
        items.push({ Delete: { TableName: table.name, Key: marshall(agendaKey(next.id)) } });
      }
      items.push(...escalationWrites(before, next));
      if (options.submittedBy && !before) {
        items.push(put(submissionItem(options.submittedBy, next), "attribute_not_exists(pk)"));
      }
      // Remember where the items whose refusal means something particular sit in the transaction.
      let meetingIndex = -1;
      if (options.meeting) {
        meetingIndex = items.length;
        items.push(meetingPut(table, options.meeting));
      }
      let idempotencyIndex = -1;
      if (options.idempotency) {
        const { scope, key, requestHash } = options.idempotency;
        idempotencyIndex = items.length;
        const expiresAt = Math.floor(Date.parse(next.updatedAt) / 1000) + IDEMPOTENCY_TTL_S;
        items.push(
          put(
            { ...idempotencyKey(scope, key), caseId: next.id, requestHash, expiresAt },
            "attribute_not_exists(pk)",
          ),
        );
      }
      let fileIndex = -1;
      if (options.file) {
        fileIndex = items.length;
        items.push(
          put(
            { ...options.file, ...noticeKey(options.file.caseId, options.file.id) },
            "attribute_not_exists(pk)",
          ),
        );
      }
      if (options.attachment) {
        fileIndex = items.length;
        items.push(
          put(
            { ...options.attachment, ...attachmentKey(options.attachment.caseId, options.attachment.id) },
            "attribute_exists(pk) AND #state = :pending",
            { "#state": "state" },
            { ":pending": "pending" },
          ),
        );
      }
      let settleIndex = -1;
      if (options.settles) {
        settleIndex = items.length;
        items.push(settleUpdate(table, options.settles.caseId, options.settles.entryId, next.updatedAt));
      }

      try {
        await table.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return { ok: true };
      } catch (err) {
        if (!transactionCancelled(err)) throw err;
        if (conditionFailed(err, settleIndex) || conditionFailed(err, fileIndex))
          return { ok: false, reason: "already-applied" };
        if (conditionFailed(err, meetingIndex)) return { ok: false, reason: "stale" };
        if (conditionFailed(err, idempotencyIndex) && options.idempotency) {
          const prior = await findIdempotency(options.idempotency.scope, options.idempotency.key);
          if (prior) return { ok: false, reason: "idempotency-replay", ...prior };
        }
        if (conditionFailed(err)) return { ok: false, reason: "stale" };
        // Another transaction touched the same items; the caller retries.
        if (transactionConflict(err)) return { ok: false, reason: "stale" };
        throw err;
      }
    },

    async listEvents(caseId: string, page: PageRequest): Promise<Page<CaseEvent>> {
      return queryCasePartition<CaseEvent>(table, caseId, EVENT_PREFIX, page, true);
    },

    findIdempotency,
  };
}
