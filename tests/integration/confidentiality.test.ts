// Petitioner confidentiality end to end (docs/access.md: a respondent sees nothing; identity
// is need to know, and never in keys, indexes, queue messages, notifications or logs). A
// petition with distinctive identity data walks its whole lifecycle on the embedded stack —
// handoff over SQS and a relay re-send, acknowledgement, an extension, a pause, a reply,
// review and re-review to final, a note, a rating, sweeps with the clock moved — one ordered
// `it` per step, while every log line and every queue message sent or received are captured
// from the first step to the last check, and finally every table item and index entry are
// read. None may hold the identity; every list and every non-handling party sees it masked;
// the respondent agency sees nothing at all. The access log of reveals: access-log.test.ts.
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { caseFromItem } from "../../shared/adapters/dynamo/case-item.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS as DAY } from "../../shared/durations.js";
import { logger } from "../../shared/logger.js";
import type { MessageQueue } from "../../shared/ports.js";
import { table } from "../../shared/resources.js";
import {
  auditor,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";
import { captureOutput, captureQueueBodies, scanTable } from "../support/steps.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const PII = {
  name: "禤翀龘",
  idNumber: "45032719830917641X",
  phone: "17743219865",
  address: "象山乡翠微村菩提巷33号",
};
/** People at a hearing: the petitioner and their lawyer, treated as the petitioner is. */
const PARTICIPANTS = [PII.name, "律师覃龑"];
/** The values and the fragments a mask hides: none may appear where identity must not be. */
const NEEDLES = [
  PII.name,
  "翀龘",
  "覃龑",
  PII.idNumber,
  PII.idNumber.toLowerCase(),
  "1983091764",
  PII.phone,
  "7432198",
  PII.address,
  "翠微村菩提巷",
].flatMap((n) => [
  n,
  JSON.stringify(n)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`),
]);
const leaks = (text: string) => [...new Set(NEEDLES.filter((n) => text.includes(n)))];

const sasac = who("sasac", "handler");
const gov = who("gov", "handler");
const cityGov = who("city-gov", "agency_head");
const housing = [who("housing", "agency_head"), who("housing", "handler"), who("housing", "auditor")];

type Json = Record<string, any>;

async function call(
  method: string,
  path: string,
  as: Identity,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const res = await stack.call(method, path, as, body, headers);
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as Json };
}

async function command(id: string, action: string, as: Identity, body: unknown = {}) {
  const r = await call("POST", `/v1/cases/${id}/${action}`, as, body);
  expect(r.status, `${action}: ${r.text}`).toBeLessThan(300);
  // A command's reply never carries the identity: only GET /v1/cases/{id} does, recorded.
  expect(leaks(r.text), `${action} reply`).toEqual([]);
  return r.body;
}

describe("petitioner identity through a whole lifecycle", () => {
  let output: ReturnType<typeof captureOutput>;
  let queue: ReturnType<typeof captureQueueBodies>;
  let id = "";
  let second = "";
  const body = registration({
    petitioner: PII,
    respondent: { agency: "housing", official: "Director Gao" },
    headcount: 1,
    title: "Unpaid pension",
    description: "The factory stopped paying the pension.",
  });

  beforeAll(() => {
    logger.setLogLevel("DEBUG");
    output = captureOutput();
    queue = captureQueueBodies(stack);
  });
  afterAll(() => {
    output.stop();
    logger.setLogLevel("ERROR");
    queue.stop();
  });

  it("registers the petition once per idempotency key", async () => {
    const key = { "idempotency-key": "pii-walk-0001" };

    const created = await call("POST", "/v1/cases", intake, body, key);
    id = created.body.id;
    const replayed = await call("POST", "/v1/cases", intake, body, key);

    expect(created.status).toBe(201);
    expect(replayed.body.id).toBe(id);
  });

  it("refuses bad registrations carrying the identity without echoing it back", async () => {
    for (const [as, bad] of [
      [intake, { ...body, status: "closed" }],
      [auditor, body],
      [intake, { ...body, category: "astrology" }],
      [intake, { ...body, petitioner: { ...PII, phone: "call me" } }],
    ] as const) {
      const refused = await call("POST", "/v1/cases", as, bad);

      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(leaks(refused.text)).toEqual([]);
    }
  });

  it("reveals the petitioner in full to the bureau's intake officer, who works the case", async () => {
    expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, intake)).body.petitioner).toEqual(PII);
  });

  it("is handed over by the relay when the direct send fails, and the lead and the co-handler may reveal it", async () => {
    const real = stack.deps.queue;
    const failing: MessageQueue = { send: async (entries) => ({ failed: entries.map((e) => e.id) }) };
    stack.deps.queue = failing;
    try {
      await command(id, "route", intake, { kind: "transfer", cohandlers: ["sasac"] });
    } finally {
      stack.deps.queue = real;
    }

    stack.clock.advance(60_000);
    expect(await stack.tick()).toMatchObject({ relay: { resent: 1 } });

    const lead = await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
    expect(lead.body).toMatchObject({
      status: "transferred",
      leadAgency: "hrss",
      cohandlers: ["sasac"],
      petitioner: PII,
    });
    expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, sasac)).body.petitioner).toEqual(PII);
  });

  it("answers the lead's acknowledgement, extension, pause and hearing without the identity", async () => {
    await command(id, "acknowledge", hrssHandler);
    await command(id, "request-extension", hrssHandler, {
      days: 15,
      reason: "Awaiting the pension fund's records",
    });
    await command(id, "approve-extension", hrssHead, { approve: true });
    await command(id, "pause", hrssHandler, {
      reason: "awaiting_petitioner",
      note: "Asked for the contract",
    });
    stack.clock.advance(2 * DAY);
    await command(id, "resume", hrssHandler);
    await command(id, "hearing", hrssHandler, {
      at: stack.clock.now().toISOString(),
      participants: PARTICIPANTS,
      outcome: "Both sides heard",
    });
  });

  it("masks the hearing's participants unless revealed", async () => {
    const masked = await call("GET", `/v1/cases/${id}`, hrssHandler);
    const revealed = await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);

    expect(masked.body.hearings[0].participants).toEqual(["禤**", "律***"]);
    expect(revealed.body.hearings[0].participants).toEqual(PARTICIPANTS);
  });

  it("answers a note, the reply, a rating and a review request without the identity", async () => {
    await command(id, "note", hrssHead, { text: "Spoke to the factory's accountant" });
    await command(id, "reply", hrssHandler, {
      summary: "Arrears to be paid",
      text: "The factory pays the arrears by December.",
    });
    await command(id, "rate", intake, { rating: "unsatisfied" });
    await command(id, "request-review", intake, { reason: "The amount is wrong" });
  });

  it("lets the reviewing agency reveal while it reviews; once done it sees the petitioner masked and may not reveal", async () => {
    expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, gov)).body.petitioner).toEqual(PII);

    await command(id, "review-opinion", gov, { decision: "upheld", text: "The reply stands." });

    const afterReview = await call("GET", `/v1/cases/${id}`, gov);
    expect(afterReview.status).toBe(200);
    expect(leaks(afterReview.text)).toEqual([]);
    expect(afterReview.body.petitioner).toEqual({
      name: "禤**",
      idNumber: "4503**********641X",
      phone: "177****9865",
      address: "象山乡***",
    });
    const refusedReveal = await call("GET", `/v1/cases/${id}?reveal=petitioner`, gov);
    expect(refusedReveal.status).toBe(403);
    expect(leaks(refusedReveal.text)).toEqual([]);
  });

  it("answers the re-review to final without the identity", async () => {
    await command(id, "request-re-review", intake, { reason: "Still wrong" });
    const final = await command(id, "re-review-opinion", cityGov, { decision: "upheld", text: "Final." });

    expect(final.status).toBe("final");
  });

  it("sweeps another petition of the same person past its report-back deadline", async () => {
    const other = await call(
      "POST",
      "/v1/cases",
      intake,
      registration({
        petitioner: PII,
        respondent: { agency: "housing" },
        category: "environment",
        title: "Dust from the quarry",
        description: "The quarry works at night.",
      }),
    );
    second = other.body.id;
    await command(second, "route", intake, { kind: "assign", reportBackDays: 10 });
    await stack.drain();

    stack.clock.advance(20 * DAY);
    await stack.tick();
    stack.clock.advance(40 * DAY);
    await stack.tick();

    expect((await call("GET", `/v1/cases/${second}`, intake)).body.escalation.level).toBeGreaterThanOrEqual(
      1,
    );
  });

  it("shows every party its lists, notifications, event trails and access logs with the identity masked or absent", async () => {
    for (const as of [
      intake,
      hrssHandler,
      hrssHead,
      sasac,
      gov,
      coordinator,
      auditor,
      who("housing", "handler"),
    ]) {
      for (const path of [
        "/v1/cases",
        "/v1/notifications",
        `/v1/cases/${id}/events`,
        `/v1/cases/${id}/access-log`,
      ]) {
        const r = await call("GET", path, as);
        expect(leaks(r.text), `${path} as ${as.sub}`).toEqual([]);
      }
    }
    const inbox = await call("GET", "/v1/cases", hrssHandler);
    expect(inbox.body.items.find((c: Json) => c.id === id).petitioner.name).toBe("禤**");
  });

  it("leaves a final case whose event chain verifies", async () => {
    expect((await call("GET", `/v1/cases/${id}/events/verify`, auditor)).body).toMatchObject({ valid: true });
  });

  it("never shows the respondent agency either case, whatever its role", async () => {
    for (const as of housing) {
      for (const c of [id, second]) {
        for (const path of [
          `/v1/cases/${c}`,
          `/v1/cases/${c}/events`,
          `/v1/cases/${c}/events/verify`,
          `/v1/cases/${c}/access-log`,
        ]) {
          const r = await call("GET", path, as);
          // Only an auditor may ask for an access log at all; everyone else is refused before the case is looked up.
          const refusedByRole = path.endsWith("access-log") && !as.roles.includes("auditor");
          expect(r.status, `${path} as ${as.sub}`).toBe(refusedByRole ? 403 : 404);
        }
      }
    }
  });

  it("keeps the identity out of every key, and out of every item but the case item's petitioner and hearings", async () => {
    // A case item packs the case (shared/adapters/dynamo/case-item.ts): read it as the store does.
    const items = (await scanTable(stack)).map((i) =>
      i.sk?.S === "CASE" ? { ...unmarshall(i), body: undefined, ...caseFromItem(i) } : unmarshall(i),
    );
    const keyNames = [
      table.partitionKey,
      table.sortKey,
      ...table.indexes.flatMap((ix) => [ix.partitionKey, ix.sortKey]),
    ];

    for (const item of items) {
      const keys = keyNames
        .filter((k) => item[k] !== undefined)
        .map((k) => String(item[k]))
        .join(" ");
      expect(leaks(keys), `keys of ${item.pk} ${item.sk}`).toEqual([]);
      const { petitioner, hearings, ...rest } = item;
      if (item.sk === "CASE") {
        expect(petitioner).toEqual(PII);
        if (item.id === id) expect(hearings.map((h: Json) => h.participants)).toEqual([PARTICIPANTS]);
      } else {
        expect(petitioner, `${item.pk} ${item.sk}`).toBeUndefined();
        expect(hearings, `${item.pk} ${item.sk}`).toBeUndefined();
      }
      expect(leaks(JSON.stringify(rest)), `${item.pk} ${item.sk}`).toEqual([]);
    }
  });

  it("has written every kind of item the walk implies, idempotency and outbox among them", async () => {
    const items = (await scanTable(stack)).map((i) => unmarshall(i));

    const kinds = new Set(
      items.map((item) => (String(item.pk).startsWith("IDEM#") ? "IDEM" : String(item.sk).split("#")[0]!)),
    );
    for (const kind of ["CASE", "EVENT", "OUTBOX", "ACCESS", "READ", "IDEM", "AGENCY", "REGION"])
      expect(kinds, kind).toContain(kind);
    expect(items.some((i) => String(i.pk).startsWith("NOTIFY#"))).toBe(true);
    expect(
      items
        .filter((i) => String(i.sk).startsWith("OUTBOX#"))
        .every((i) => typeof i.body === "string" && i.body.includes(i.caseId)),
    ).toBe(true);
  });

  it("keeps the identity out of every index entry, the petitioner index included", async () => {
    for (const index of table.indexes) {
      const entries = (await scanTable(stack, index.name)).map((i) => JSON.stringify(unmarshall(i)));
      expect(leaks(entries.join("\n")), index.name).toEqual([]);
    }
    expect((await scanTable(stack, "byPetitioner")).length).toBeGreaterThanOrEqual(2);
  });

  it("never logs the identity, though the walk's logs are about these cases", () => {
    const logText = output.lines.join("");

    expect(logText).toContain("case command applied");
    expect(logText).toContain("handoff applied");
    expect(logText).toContain(id);
    expect(leaks(logText), "log lines").toEqual([]);
  });

  it("never puts the identity in a queue message, sent or received, though the messages are about these cases", () => {
    const messages = queue.bodies;

    expect(messages.filter((m) => m.command === "SendMessageBatchCommand").length).toBeGreaterThanOrEqual(4);
    expect(messages.filter((m) => m.command === "ReceiveMessageCommand").length).toBeGreaterThanOrEqual(4);
    expect(messages.map((m) => m.body).join("\n")).toContain(id);
    expect(leaks(messages.map((m) => m.body).join("\n")), "queue messages").toEqual([]);
  });
});

describe("the respondent agency's notifications", () => {
  it("never tell it about the case, even a notification addressed to it by mistake", async () => {
    const created = await call(
      "POST",
      "/v1/cases",
      intake,
      registration({ petitioner: { name: "周七" }, respondent: { agency: "housing" } }),
    );
    const id = created.body.id;
    await command(id, "route", intake, { kind: "transfer" });
    await stack.drain();
    // Nothing the platform does addresses the respondent; put one there as a faulty sender would.
    const at = stack.clock.now().toISOString();
    const plant = (n: { id: string; type: string; agency: string; roles: string[] }) =>
      stack.db.send(
        new PutItemCommand({
          TableName: stack.deps.settings.TABLE_NAME,
          Item: marshall({
            ...n,
            caseId: id,
            level: 0,
            at,
            read: false,
            pk: `NOTIFY#${n.agency}`,
            sk: `${at}#${n.id}`,
          }),
        }),
      );
    await plant({
      id: "01STRAYSTRAYSTRAYSTRAYSTRA",
      type: "handoff",
      agency: "housing",
      roles: ["handler", "agency_head"],
    });
    await plant({ id: "01HRSSHRSSHRSSHRSSHRSSHRSS", type: "due_soon", agency: "hrss", roles: ["handler"] });
    const housingView = await call("GET", "/v1/notifications", who("housing", "handler"));
    expect(housingView.status).toBe(200);
    const stored = await stack.deps.store.listNotifications({ agency: "housing" }, { limit: 100 });
    expect(stored.items.map((n) => n.caseId)).toContain(id); // it is there, and not shown
    expect(housingView.body.items.map((n: Json) => n.caseId)).not.toContain(id);
    // The same filter lets the handling agency's own through.
    const hrssView = await call("GET", "/v1/notifications", hrssHandler);
    expect(
      hrssView.body.items
        .filter((n: Json) => n.caseId === id)
        .map((n: Json) => n.type)
        .sort(),
    ).toEqual(["due_soon", "handoff"]);
  });
});

describe("callers the jurisdiction does not know", () => {
  it("answers 401 to a signed token whose agency does not exist, from either source", async () => {
    for (const agency of ["mars", "system"]) {
      const r = await call("GET", "/v1/cases", { sub: `x@${agency}`, agency, roles: ["coordinator"] });
      expect(r.status).toBe(401);
      expect(r.body.detail).toMatch(/agency/);
    }
    const { createApp } = await import("../../shared/http/app.js");
    const lambdaApp = createApp(stack.deps, { claims: { kind: "apigw" } });
    const asClaims = (claims: Record<string, unknown>) =>
      lambdaApp.request(
        "/v1/agencies",
        {},
        { event: { requestContext: { authorizer: { jwt: { claims } } } } },
      );
    expect(
      (
        await asClaims({
          token_use: "id",
          sub: "u-1",
          "custom:agency": "atlantis",
          "cognito:groups": "[coordinator]",
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await asClaims({
          token_use: "id",
          sub: "u-1",
          "custom:agency": "hrss",
          "cognito:groups": "[handler]",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await asClaims({
          token_use: "access",
          sub: "u-1",
          "custom:agency": "hrss",
          "cognito:groups": "[handler]",
        })
      ).status,
    ).toBe(401);
  });

  it("answers 401 to a token claiming the platform's own system: identity", async () => {
    expect(
      (
        await call(
          "POST",
          `/v1/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV/route`,
          { sub: "system:router", agency: "bureau", roles: ["auditor"] },
          { kind: "transfer" },
        )
      ).status,
    ).toBe(401);
  });
});
