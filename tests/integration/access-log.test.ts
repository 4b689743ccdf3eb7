// The access log of identity reads (docs/access.md, "Identities: masked by default,
// revealed on purpose"): a reveal is for those who work the case, writes one entry — who,
// agency, roles, when — outside the case's events and version, and shows nothing if the
// entry cannot be written; an ordinary read writes nothing. The log pages, refuses forged
// cursors, and is for auditors and the bureau only.
import { beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import type { Case } from "../../shared/domain/model.js";
import {
  auditor,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  natresHandler,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const NAME = "李四";

type Json = Record<string, any>;

async function call(method: string, path: string, as: Identity, body?: unknown) {
  const res = await stack.call(method, path, as, body);
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as Json };
}

/** A command that must succeed; its reply never carries the identity. */
async function command(id: string, action: string, as: Identity, body: unknown = {}) {
  const r = await call("POST", `/v1/cases/${id}/${action}`, as, body);
  expect(r.status, `${action}: ${r.text}`).toBeLessThan(300);
  expect(r.text, `${action} reply`).not.toContain(NAME);
  return r.body;
}

/** A case of 李四's, transferred to hrss. */
async function handedToHrss(): Promise<string> {
  const created = await call(
    "POST",
    "/v1/cases",
    intake,
    registration({
      petitioner: { name: NAME, idNumber: `11010519491231${String(Date.now() % 10_000).padStart(4, "0")}` },
    }),
  );
  await command(created.body.id, "route", intake, { kind: "transfer" });
  await stack.drain();
  return created.body.id;
}

const accessLog = async (id: string) =>
  (await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items as Json[];

describe("the access log of identity reads", () => {
  describe("one case read, refused, revealed and noted", () => {
    let id = "";
    let before: Case;
    /** Those who work the case, in the order they reveal it. */
    const readers = [intake, hrssHandler, hrssHead];

    beforeAll(async () => {
      id = await handedToHrss();
      before = (await stack.deps.store.getCase(id))!;
    });

    it("shows everyone who sees the case the petitioner masked, and writes nothing for it", async () => {
      for (const r of [
        intake,
        coordinator,
        hrssHandler,
        hrssHead,
        auditor,
        who("hrss", "auditor"),
        who("hrss", "leader"),
        who("bureau", "meeting_member"),
      ]) {
        const read = await call("GET", `/v1/cases/${id}`, r);

        expect(read.status, r.sub).toBe(200);
        expect(read.body.petitioner.name, r.sub).toBe("李*");
      }
      expect(await accessLog(id)).toEqual([]);
    });

    it("refuses a reveal by rank — auditor, leader, meeting member, another agency's head — and writes nothing for it", async () => {
      for (const r of [
        auditor,
        who("hrss", "auditor"),
        who("bureau", "leader"),
        who("hrss", "meeting_member"),
        who("natres", "agency_head"),
      ]) {
        const refused = await call("GET", `/v1/cases/${id}?reveal=petitioner`, r);

        expect(refused.status, r.sub).toBe(r.agency === "natres" ? 404 : 403);
        expect(refused.text).not.toContain(NAME);
      }
      expect(await accessLog(id)).toEqual([]);
    });

    it("reveals the identity in full to each who works the case, writing exactly one entry each", async () => {
      for (const [n, r] of readers.entries()) {
        stack.clock.advance(1_000);

        const revealed = await call("GET", `/v1/cases/${id}?reveal=petitioner`, r);

        expect(revealed.body.petitioner.name).toBe(NAME);
        expect(await accessLog(id)).toHaveLength(n + 1);
      }
    });

    it("keeps reveals out of the case's version and events, which only the note moved; a list is no reveal", async () => {
      await call("GET", "/v1/cases", hrssHandler);
      await command(id, "note", hrssHandler, { text: "ok" });

      const after = (await stack.deps.store.getCase(id))!;
      expect(after.version).toBe(before.version + 1); // the note only
      expect(after.lastSeq).toBe(before.lastSeq + 1);
      expect(await accessLog(id)).toHaveLength(readers.length);
    });

    it("lists the reveals newest first, with who, agency, roles and when, and the case's trail still verifies", async () => {
      const log = await call("GET", `/v1/cases/${id}/access-log`, auditor);
      const verdict = await call("GET", `/v1/cases/${id}/events/verify`, auditor);

      expect(log.status).toBe(200);
      expect(log.body.items.map((e: Json) => e.actor)).toEqual(readers.map((r) => r.sub).reverse());
      expect(log.body.items[0]).toMatchObject({
        caseId: id,
        agency: "hrss",
        roles: ["agency_head"],
        view: "petitioner_full",
        at: expect.any(String),
      });
      expect(log.body.items[1]).toMatchObject({ actor: hrssHandler.sub, agency: "hrss", roles: ["handler"] });
      expect(Date.parse(log.body.items[0].at)).toBeGreaterThan(Date.parse(log.body.items[1].at));
      expect(verdict.body).toMatchObject({ valid: true });
    });
  });

  it("refuses a reveal it is not asked for in a known way", async () => {
    const id = await handedToHrss();
    for (const query of [
      "reveal=everything",
      "reveal=",
      "reveal=petitioner&reveal=petitioner",
      "show=petitioner",
    ]) {
      const r = await call("GET", `/v1/cases/${id}?${query}`, intake);
      expect(r.status, query).toBe(400);
      expect(r.text).not.toContain(NAME);
    }
    expect(await accessLog(id)).toEqual([]);
  });

  it("pages with a cursor, refuses a forged one, and is for auditors and the bureau only", async () => {
    const id = await handedToHrss();
    for (let i = 0; i < 5; i++) await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
    const first = await call("GET", `/v1/cases/${id}/access-log?limit=2`, coordinator);
    expect(first.body.items).toHaveLength(2);
    const second = await call(
      "GET",
      `/v1/cases/${id}/access-log?limit=2&cursor=${first.body.nextCursor}`,
      coordinator,
    );
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    // A cursor of another case's log, or of its events, is not a cursor of this log.
    const other = await handedToHrss();
    await call("GET", `/v1/cases/${other}?reveal=petitioner`, hrssHandler);
    await call("GET", `/v1/cases/${other}?reveal=petitioner`, hrssHandler);
    const otherCursor = (await call("GET", `/v1/cases/${other}/access-log?limit=1`, auditor)).body.nextCursor;
    for (const cursor of [
      otherCursor,
      Buffer.from(JSON.stringify({ pk: `CASE#${id}`, sk: "EVENT#00000001" })).toString("base64url"),
      "%%%",
      "e30",
    ]) {
      const bad = await call(
        "GET",
        `/v1/cases/${id}/access-log?cursor=${encodeURIComponent(cursor)}`,
        auditor,
      );
      expect(bad.status, cursor).toBe(400);
      expect(bad.body).toMatchObject({
        status: 400,
        type: expect.stringContaining("problem"),
        title: expect.any(String),
      });
    }
    expect((await call("GET", `/v1/cases/${id}/access-log`, hrssHead)).status).toBe(403);
    expect((await call("GET", `/v1/cases/${id}/access-log`, who("natres", "auditor"))).status).toBe(404);
    expect((await call("GET", `/v1/cases/${id}/access-log`, who("hrss", "auditor"))).status).toBe(200);
    expect((await call("GET", `/v1/cases/${id}/access-log`, natresHandler)).status).toBe(403);
  });

  it("reveals nothing when the reveal cannot be recorded", async () => {
    const id = await handedToHrss();
    const store = stack.deps.store;
    const original = store.recordAccess.bind(store);
    store.recordAccess = async () => {
      throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" });
    };
    try {
      const r = await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
      expect(r.status).toBe(503);
      expect(r.text).not.toContain(NAME);
      // An ordinary read does not depend on the access log at all.
      expect((await call("GET", `/v1/cases/${id}`, hrssHandler)).body.petitioner.name).toBe("李*");
    } finally {
      store.recordAccess = original;
    }
    expect(await accessLog(id)).toEqual([]);
  });
});
