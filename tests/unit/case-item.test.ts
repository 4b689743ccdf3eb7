// The case item's packing (shared/adapters/dynamo/case-item.ts): every case reads back as it
// was, the clear attributes are only what DynamoDB reads, and format 1 stays readable.
import { createHash } from "node:crypto";
import { marshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CASE_BODY_ATTRIBUTE,
  CASE_DICTIONARY_V1,
  caseFromItem,
  caseToItem,
} from "../../shared/adapters/dynamo/case-item.js";
import { caseKey, dueIndexKeys, petitionerSort } from "../../shared/adapters/dynamo/keys.js";
import { toItem } from "../../shared/adapters/dynamo/table.js";
import type { Case } from "../../shared/domain/model.js";
import { at, registered, walk } from "../support/domain.js";
import { hrssHandler, hrssHead, intake } from "../support/factories.js";

/** The standard lifecycle up to the reply: the case at its largest before it closes. */
function replied(): Case {
  const { c } = walk(registered().case, [
    ["route", { kind: "transfer" }, intake, at(0)],
    ["acknowledge", {}, hrssHandler, at(1)],
    [
      "reply",
      { summary: "Arrears paid", text: "The factory pays the arrears by December." },
      hrssHead,
      at(3),
    ],
  ]);
  // The service sets the keyed hash of the petitioner's ID number (64 hex digits).
  return { ...c, petitionerKey: createHash("sha256").update("41010219000000000X").digest("hex") };
}

const keysOf = (c: Case) => ({
  ...caseKey(c.id),
  ...dueIndexKeys(c.id, "2026-12-01T00:00:00.000Z"),
  petitionerSort: petitionerSort(c.category, c.id),
});

describe("case item", () => {
  it("reads back every case as it was, whatever its text", () => {
    const base = replied();
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string({ unit: "grapheme", maxLength: 80 }),
          description: fc.string({ unit: "grapheme", maxLength: 2000 }),
          name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
          headcount: fc.integer({ min: 1, max: 10_000 }),
          version: fc.integer({ min: 1, max: 1_000_000 }),
          keyed: fc.boolean(),
        }),
        ({ title, description, name, headcount, version, keyed }) => {
          const { petitionerKey, ...rest } = base;
          const c: Case = {
            ...rest,
            title,
            description,
            headcount,
            version,
            petitioner: { ...base.petitioner, name },
            ...(keyed ? { petitionerKey } : {}),
          };
          expect(caseFromItem(caseToItem(c, keysOf(c)))).toEqual(c);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps the standard lifecycle's case under 1 KB, which in the clear is well over", () => {
    const c = replied();
    const clear = toItem({ ...c, ...keysOf(c) });
    const packed = caseToItem(c, keysOf(c));
    // DynamoDB's item size: attribute names plus values; binary counts its bytes.
    const size = (item: typeof packed) =>
      Object.entries(item).reduce(
        (n, [name, v]) =>
          n + name.length + (v.B ? v.B.length : v.N ? v.N.length : Buffer.byteLength(JSON.stringify(v))),
        0,
      );
    expect(size(clear)).toBeGreaterThan(1024);
    expect(size(packed)).toBeLessThan(1024);
  });

  it("keeps in the clear only the keys, the index attributes, version and petitionerKey", () => {
    const c = replied();
    const item = caseToItem(c, keysOf(c));
    expect(Object.keys(item).sort()).toEqual(
      [
        "pk",
        "sk",
        "dueShard",
        "dueKey",
        "petitionerSort",
        "version",
        "petitionerKey",
        CASE_BODY_ATTRIBUTE,
      ].sort(),
    );
    // Nothing of the petitioner is readable in the item.
    const text = Buffer.from(JSON.stringify(item)).toString("utf8");
    for (const value of Object.values(c.petitioner)) expect(text).not.toContain(value);
  });

  it("reads an item written before packing, with the case in the clear", () => {
    const c = replied();
    expect(caseFromItem(toItem({ ...c, ...keysOf(c) }))).toEqual(c);
  });

  it("reads the body as a Lambda stream event carries it, base64-encoded", () => {
    const c = replied();
    const item = caseToItem(c, keysOf(c));
    const body = item[CASE_BODY_ATTRIBUTE]!.B!;
    const asEvent = { ...item, [CASE_BODY_ATTRIBUTE]: { B: Buffer.from(body).toString("base64") } };
    expect(caseFromItem(asEvent as unknown as typeof item)).toEqual(c);
  });

  it("refuses a body of a format it does not know", () => {
    const c = replied();
    const item = caseToItem(c, keysOf(c));
    const body = Uint8Array.from(item[CASE_BODY_ATTRIBUTE]!.B!);
    body[0] = 9;
    expect(() => caseFromItem({ ...item, ...marshall({ [CASE_BODY_ATTRIBUTE]: body }) })).toThrow(/format 9/);
  });

  it("never changes format 1's dictionary, which every item written with it needs", () => {
    expect(createHash("sha256").update(CASE_DICTIONARY_V1).digest("hex")).toBe(
      "1f6961b7672edca4476486863d7f885d5be7ea6c126a81fbd888c8cd98fb3a36",
    );
  });
});
