// The table's keys, built and read back in one module: every kind of item is recognised
// from the keys its builder makes, and case ids come back out of the case partitions.
import { describe, expect, it } from "vitest";
import {
  agendaKey,
  caseIdOf,
  caseKey,
  escalationIndexKey,
  escalationItem,
  escalationKey,
  eventKey,
  idempotencyKey,
  involvementKeys,
  itemKind,
  jurisdictionEventKey,
  meetingKey,
  notificationKey,
  outboxKey,
  readKey,
  referenceKey,
  referenceKindOf,
  RULESET_KEY,
  savedViewsKey,
  SEED_MARKER,
  TRAIL_HEAD_KEY,
  upTo,
  watchKey,
  webhookKey,
} from "../../shared/adapters/dynamo/keys.js";

describe("item keys", () => {
  it("tell each kind of item from the keys its builder makes", () => {
    const caseId = "01JCASECASECASECASECASECAS";
    expect(itemKind(caseKey(caseId))).toBe("case");
    expect(itemKind(eventKey(caseId, 7))).toBe("event");
    expect(itemKind(outboxKey(caseId, "01JENTRY"))).toBe("outbox");
    expect(itemKind(involvementKeys(caseId, "hrss", "2026-09-30T02:00:00.000Z"))).toBe("involvement");
    expect(
      itemKind(
        readKey({
          id: "01JREAD",
          caseId,
          at: "2026-09-30T02:00:00.000Z",
          actor: "u",
          agency: "hrss",
          roles: ["handler"],
          view: "petitioner_full",
        }),
      ),
    ).toBe("read");
    expect(itemKind(agendaKey(caseId))).toBe("agenda");
    expect(itemKind(escalationKey(caseId, "level"))).toBe("escalation");
    expect(itemKind(escalationKey(caseId, "dispute"))).toBe("escalation");
    expect(itemKind(idempotencyKey("intake@bureau", "k-1"))).toBe("idempotency");
    expect(itemKind(notificationKey({ agency: "hrss" }, "01JN"))).toBe("notification");
    expect(itemKind(notificationKey({ user: "leader@gov" }, "01JN"))).toBe("notification");
    expect(itemKind(webhookKey("hrss"))).toBe("webhook");
    expect(itemKind(meetingKey("01JM"))).toBe("meeting");
    expect(itemKind(referenceKey("rule", "environment#*"))).toBe("reference");
    expect(itemKind(RULESET_KEY)).toBe("reference");
    expect(referenceKindOf(RULESET_KEY.sk)).toBeUndefined();
    expect(itemKind(TRAIL_HEAD_KEY)).toBe("jurisdiction");
    expect(itemKind(jurisdictionEventKey(3))).toBe("jurisdiction");
    expect(itemKind(savedViewsKey("intake@bureau"))).toBe("views");
    expect(itemKind(watchKey("environment", "chengguan"))).toBe("watch");
    expect(itemKind({ pk: "SOMETHING", sk: "ELSE" })).toBeUndefined();
  });

  it("read the case id back out of any key in a case's partition", () => {
    for (const key of [
      caseKey("01JA"),
      eventKey("01JA", 1),
      outboxKey("01JA", "e"),
      agendaKey("01JA"),
      escalationKey("01JA", "supervised"),
    ])
      expect(caseIdOf(key.pk)).toBe("01JA");
  });

  it("keep events in order and reference items apart from the seed marker", () => {
    expect(eventKey("c", 9).sk < eventKey("c", 10).sk).toBe(true);
    expect(referenceKindOf(referenceKey("agency", "hrss").sk)).toBe("agency");
    expect(referenceKindOf(SEED_MARKER.sk)).toBeUndefined();
  });

  it("bound an index range at a time, ids included", () => {
    const at = new Date("2026-09-30T02:00:00.000Z");
    expect(`${at.toISOString()}#01JZZZZ` <= upTo(at)).toBe(true);
    expect(`${new Date(at.getTime() + 1).toISOString()}#01J` <= upTo(at)).toBe(false);
  });

  it("put a case on an oversight list under the list's key, by agency then oldest first, with ids and no one's data", () => {
    const since = "2026-10-15T15:59:59.999Z";
    const l1 = escalationItem("01JA", { list: "L1", agency: "hrss", clock: "acknowledge", since });
    expect(l1).toEqual({
      pk: "CASE#01JA",
      sk: "ESCALATION#LEVEL",
      agencyKey: "ESCALATION#L1",
      agencySort: `hrss#${since}#01JA`,
      list: "L1",
      agency: "hrss",
      clock: "acknowledge",
    });
    // One rung at a time: moving up the ladder overwrites the same item under the next key.
    const l2 = escalationItem("01JA", { list: "L2", agency: "hrss", clock: "acknowledge", since });
    expect([l2.pk, l2.sk, l2.agencyKey]).toEqual(["CASE#01JA", "ESCALATION#LEVEL", "ESCALATION#L2"]);
    const dispute = escalationItem("01JA", { list: "dispute", agency: "hrss", since });
    expect([dispute.sk, dispute.agencyKey, "clock" in dispute]).toEqual([
      "ESCALATION#DISPUTE",
      "ESCALATION#DISPUTE",
      false,
    ]);
    expect(escalationKey("01JA", "supervised")).toEqual({ pk: "CASE#01JA", sk: "ESCALATION#SUPERVISED" });
    expect(["L1", "L2", "L3", "dispute", "supervised"].map((l) => escalationIndexKey(l as never))).toEqual([
      "ESCALATION#L1",
      "ESCALATION#L2",
      "ESCALATION#L3",
      "ESCALATION#DISPUTE",
      "ESCALATION#SUPERVISED",
    ]);
    const sorts = [
      escalationItem("01JB", { list: "L1", agency: "sasac", since: "2026-10-01T00:00:00.000Z" }).agencySort,
      escalationItem("01JC", { list: "L1", agency: "hrss", since: "2026-10-20T00:00:00.000Z" }).agencySort,
      escalationItem("01JD", { list: "L1", agency: "hrss", since: "2026-10-02T00:00:00.000Z" }).agencySort,
    ].sort();
    expect(sorts.map((s) => s.split("#").at(-1))).toEqual(["01JD", "01JC", "01JB"]);
  });
});
