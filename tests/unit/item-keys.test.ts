// The table's keys, built and read back in one module: every kind of item is recognised
// from the keys its builder makes, and case ids come back out of the case partitions.
import { describe, expect, it } from "vitest";
import {
  agendaKey,
  caseIdOf,
  caseKey,
  eventKey,
  idempotencyKey,
  involvementKeys,
  itemKind,
  meetingKey,
  notificationKey,
  outboxKey,
  readKey,
  referenceKey,
  referenceKindOf,
  savedViewsKey,
  SEED_MARKER,
  upTo,
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
    expect(itemKind(idempotencyKey("intake@bureau", "k-1"))).toBe("idempotency");
    expect(itemKind(notificationKey({ agency: "hrss" }, "01JN"))).toBe("notification");
    expect(itemKind(notificationKey({ user: "leader@gov" }, "01JN"))).toBe("notification");
    expect(itemKind(webhookKey("hrss"))).toBe("webhook");
    expect(itemKind(meetingKey("01JM"))).toBe("meeting");
    expect(itemKind(referenceKey("rule", "environment#*"))).toBe("reference");
    expect(itemKind(savedViewsKey("intake@bureau"))).toBe("views");
    expect(itemKind({ pk: "SOMETHING", sk: "ELSE" })).toBeUndefined();
  });

  it("read the case id back out of any key in a case's partition", () => {
    for (const key of [caseKey("01JA"), eventKey("01JA", 1), outboxKey("01JA", "e"), agendaKey("01JA")])
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
});
