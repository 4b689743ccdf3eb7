// Petitioner confidentiality end to end (DESIGN §3). A petition with distinctive identity
// data walks its whole lifecycle on the embedded stack — handoff over SQS and a relay
// re-send, acknowledgement, an extension, a pause, a reply, review and re-review to final,
// a note, a rating, sweeps with the clock moved — while every log line, every queue
// message sent or received, and finally every table item and index entry are captured.
// None may hold the identity; every list and every non-handling party sees it masked;
// the respondent agency sees nothing at all; each full read is in the access log.
import { PutItemCommand, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqsMessageQueue } from "../../shared/adapters/sqs-queue.js";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS as DAY } from "../../shared/durations.js";
import { logger } from "../../shared/logger.js";
import type { MessageQueue } from "../../shared/ports.js";
import { table } from "../../shared/resources.js";
import { auditor, coordinator, hrssHandler, hrssHead, intake, natresHandler, registration, testStack, who, type TestStack } from "../support/factories.js";

let stack: TestStack;
beforeAll(async () => { stack = await testStack(); });
afterAll(async () => { await stack.stop(); });

const PII = { name: "禤翀龘", idNumber: "45032719830917641X", phone: "17743219865", address: "象山乡翠微村菩提巷33号" };
/** People at a hearing: the petitioner and their lawyer, treated as the petitioner is. */
const PARTICIPANTS = [PII.name, "律师覃龑"];
/** The values and the fragments a mask hides: none may appear where identity must not be. */
const NEEDLES = [
  PII.name, "翀龘", "覃龑", PII.idNumber, PII.idNumber.toLowerCase(), "1983091764", PII.phone, "7432198", PII.address, "翠微村菩提巷",
].flatMap((n) => [n, JSON.stringify(n).slice(1, -1).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)]);
const leaks = (text: string) => [...new Set(NEEDLES.filter((n) => text.includes(n)))];

const sasac = who("sasac", "handler");
const gov = who("gov", "handler");
const cityGov = who("city-gov", "agency_head");
const housing = [who("housing", "agency_head"), who("housing", "handler"), who("housing", "auditor")];

type Json = Record<string, any>;

async function call(method: string, path: string, as: Identity, body?: unknown, headers?: Record<string, string>) {
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

/** Everything written to stdout and stderr, and every console call, until `stop`. */
function captureOutput() {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const hook = (chunk: unknown) => { lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8")); return true; };
  process.stdout.write = hook as typeof process.stdout.write;
  process.stderr.write = hook as typeof process.stderr.write;
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => { lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")); };
  return {
    lines,
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
      methods.forEach((m, i) => { console[m] = saved[i]!; });
    },
  };
}

/** Every message body sent to or received from the real SQS emulator, through one client. */
function captureQueues() {
  const bodies: { command: string; body: string }[] = [];
  stack.sqs.middlewareStack.add((next, context) => async (args) => {
    const command = context.commandName ?? "";
    const input = args.input as Json;
    for (const e of input.Entries ?? []) if (e.MessageBody) bodies.push({ command, body: e.MessageBody });
    if (input.MessageBody) bodies.push({ command, body: input.MessageBody });
    const result = await next(args);
    for (const m of (result.output as Json).Messages ?? []) bodies.push({ command, body: m.Body });
    return result;
  }, { step: "initialize", name: "captureBodies" });
  // The API, router and relay send through this same client from now on.
  stack.deps.queue = new SqsMessageQueue(stack.sqs, { handoffs: stack.queues.handoffs, notifications: stack.queues.notifications });
  return bodies;
}

async function scanAll(indexName?: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    // A Scan is fine in a test: it is the only way to see everything the product wrote.
    const out = await stack.db.send(new ScanCommand({ TableName: stack.deps.settings.TABLE_NAME, ...(indexName ? { IndexName: indexName } : {}), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("petitioner identity through a whole lifecycle", () => {
  it("never reaches a log line, a queue message, a key, an index or a non-case item", async () => {
    logger.setLogLevel("DEBUG");
    const output = captureOutput();
    const messages = captureQueues();
    let id = "";
    let second = "";
    try {
      const body = registration({ petitioner: PII, respondent: { agency: "housing", official: "Director Gao" }, headcount: 1, title: "Unpaid pension", description: "The factory stopped paying the pension." });
      const key = { "idempotency-key": "pii-walk-0001" };
      const created = await call("POST", "/v1/cases", intake, body, key);
      expect(created.status).toBe(201);
      id = created.body.id;
      expect((await call("POST", "/v1/cases", intake, body, key)).body.id).toBe(id);

      // Refused requests carrying the identity: the problem details do not echo it back.
      for (const [as, bad] of [[intake, { ...body, status: "closed" }], [auditor, body], [intake, { ...body, category: "astrology" }], [intake, { ...body, petitioner: { ...PII, phone: "call me" } }]] as const) {
        const refused = await call("POST", "/v1/cases", as, bad);
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(leaks(refused.text)).toEqual([]);
      }

      // The bureau's intake officer works the case: a reveal shows the petitioner in full, recorded.
      expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, intake)).body.petitioner).toEqual(PII);

      // Route with the direct send failing: the relay re-sends after the grace period.
      const real = stack.deps.queue;
      const failing: MessageQueue = { send: async (entries) => ({ failed: entries.map((e) => e.id) }) };
      stack.deps.queue = failing;
      await command(id, "route", intake, { kind: "transfer", cohandlers: ["sasac"] });
      stack.deps.queue = real;
      stack.clock.advance(60_000);
      expect(await stack.tick()).toMatchObject({ relay: { resent: 1 } });

      const lead = await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
      expect(lead.body).toMatchObject({ status: "transferred", leadAgency: "hrss", cohandlers: ["sasac"], petitioner: PII });
      expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, sasac)).body.petitioner).toEqual(PII);

      await command(id, "acknowledge", hrssHandler);
      await command(id, "request-extension", hrssHandler, { days: 15, reason: "Awaiting the pension fund's records" });
      await command(id, "approve-extension", hrssHead, { approve: true });
      await command(id, "pause", hrssHandler, { reason: "awaiting_petitioner", note: "Asked for the contract" });
      stack.clock.advance(2 * DAY);
      await command(id, "resume", hrssHandler);
      await command(id, "hearing", hrssHandler, { at: stack.clock.now().toISOString(), participants: PARTICIPANTS, outcome: "Both sides heard" });
      expect((await call("GET", `/v1/cases/${id}`, hrssHandler)).body.hearings[0].participants).toEqual(["禤**", "律***"]);
      expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler)).body.hearings[0].participants).toEqual(PARTICIPANTS);
      await command(id, "note", hrssHead, { text: "Spoke to the factory's accountant" });
      await command(id, "reply", hrssHandler, { summary: "Arrears to be paid", text: "The factory pays the arrears by December." });
      await command(id, "rate", intake, { rating: "unsatisfied" });
      await command(id, "request-review", intake, { reason: "The amount is wrong" });
      expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, gov)).body.petitioner).toEqual(PII);
      await command(id, "review-opinion", gov, { decision: "upheld", text: "The reply stands." });
      // gov reviewed and is done: it still sees the case, the petitioner masked, and may no longer reveal it.
      const afterReview = await call("GET", `/v1/cases/${id}`, gov);
      expect(afterReview.status).toBe(200);
      expect(leaks(afterReview.text)).toEqual([]);
      expect(afterReview.body.petitioner).toEqual({ name: "禤**", idNumber: "4503**********641X", phone: "177****9865", address: "象山乡***" });
      const refusedReveal = await call("GET", `/v1/cases/${id}?reveal=petitioner`, gov);
      expect(refusedReveal.status).toBe(403);
      expect(leaks(refusedReveal.text)).toEqual([]);
      await command(id, "request-re-review", intake, { reason: "Still wrong" });
      await command(id, "re-review-opinion", cityGov, { decision: "upheld", text: "Final." });

      // Another petition of the same person goes overdue while the sweeper runs.
      const other = await call("POST", "/v1/cases", intake, registration({ petitioner: PII, respondent: { agency: "housing" }, category: "environment", title: "Dust from the quarry", description: "The quarry works at night." }));
      second = other.body.id;
      await command(second, "route", intake, { kind: "assign", reportBackDays: 10 });
      await stack.drain();
      stack.clock.advance(20 * DAY);
      await stack.tick();
      stack.clock.advance(40 * DAY);
      await stack.tick();

      // Lists, notifications and the audit trail: masked or absent, to every party.
      for (const as of [intake, hrssHandler, hrssHead, sasac, gov, coordinator, auditor, who("housing", "handler")]) {
        for (const path of ["/v1/cases", "/v1/notifications", `/v1/cases/${id}/events`, `/v1/cases/${id}/access-log`]) {
          const r = await call("GET", path, as);
          expect(leaks(r.text), `${path} as ${as.sub}`).toEqual([]);
        }
      }
      const inbox = await call("GET", "/v1/cases", hrssHandler);
      expect(inbox.body.items.find((c: Json) => c.id === id).petitioner.name).toBe("禤**");
    } finally {
      output.stop();
      logger.setLogLevel("ERROR");
      stack.sqs.middlewareStack.remove("captureBodies");
    }

    // The captures worked: the logs and messages are there, about these cases.
    const logText = output.lines.join("");
    expect(logText).toContain("case command applied");
    expect(logText).toContain("handoff applied");
    expect(logText).toContain(id);
    expect(messages.filter((m) => m.command === "SendMessageBatchCommand").length).toBeGreaterThanOrEqual(4);
    expect(messages.filter((m) => m.command === "ReceiveMessageCommand").length).toBeGreaterThanOrEqual(4);
    expect(messages.map((m) => m.body).join("\n")).toContain(id);
    expect(leaks(logText), "log lines").toEqual([]);
    expect(leaks(messages.map((m) => m.body).join("\n")), "queue messages").toEqual([]);

    // Every item: keys and index attributes never hold the identity; only the case item
    // itself holds it, in its petitioner attribute.
    const items = (await scanAll()).map((i) => unmarshall(i));
    const keyNames = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((ix) => [ix.partitionKey, ix.sortKey])];
    const kinds = new Set<string>();
    for (const item of items) {
      const kind = String(item.sk).split("#")[0]!;
      kinds.add(String(item.pk).startsWith("IDEM#") ? "IDEM" : kind);
      const keys = keyNames.filter((k) => item[k] !== undefined).map((k) => String(item[k])).join(" ");
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
    // The item kinds this walk must have written, idempotency and outbox among them.
    for (const kind of ["CASE", "EVENT", "OUTBOX", "ACCESS", "READ", "IDEM", "AGENCY", "REGION"]) expect(kinds, kind).toContain(kind);
    expect(items.some((i) => String(i.pk).startsWith("NOTIFY#"))).toBe(true);
    expect(items.filter((i) => String(i.sk).startsWith("OUTBOX#")).every((i) => typeof i.body === "string" && i.body.includes(i.caseId))).toBe(true);
    for (const index of table.indexes) {
      const entries = (await scanAll(index.name)).map((i) => JSON.stringify(unmarshall(i)));
      expect(leaks(entries.join("\n")), index.name).toEqual([]);
    }
    expect((await scanAll("byPetitioner")).length).toBeGreaterThanOrEqual(2);

    // The final case verifies; the respondent agency never saw either case.
    expect((await call("GET", `/v1/cases/${id}/events/verify`, auditor)).body).toMatchObject({ valid: true });
    for (const as of housing) {
      for (const c of [id, second]) {
        for (const path of [`/v1/cases/${c}`, `/v1/cases/${c}/events`, `/v1/cases/${c}/events/verify`, `/v1/cases/${c}/access-log`]) {
          const r = await call("GET", path, as);
          // Only an auditor may ask for an access log at all; everyone else is refused before the case is looked up.
          const refusedByRole = path.endsWith("access-log") && !as.roles.includes("auditor");
          expect(r.status, `${path} as ${as.sub}`).toBe(refusedByRole ? 403 : 404);
        }
      }
    }
  });
});

describe("the access log of identity reads", () => {
  async function handedToHrss(): Promise<string> {
    const created = await call("POST", "/v1/cases", intake, registration({ petitioner: { name: "李四", idNumber: `11010519491231${String(Date.now() % 10_000).padStart(4, "0")}` } }));
    await command(created.body.id, "route", intake, { kind: "transfer" });
    await stack.drain();
    return created.body.id;
  }

  it("records each reveal — who, when, as what — outside the case's events and version; an ordinary read writes nothing", async () => {
    const id = await handedToHrss();
    const before = (await stack.deps.store.getCase(id))!;
    // Ordinary reads by everyone who sees the case: masked, and not one access-log entry.
    for (const r of [intake, coordinator, hrssHandler, hrssHead, auditor, who("hrss", "auditor"), who("hrss", "leader"), who("bureau", "meeting_member")]) {
      const read = await call("GET", `/v1/cases/${id}`, r);
      expect(read.status, r.sub).toBe(200);
      expect(read.body.petitioner.name, r.sub).toBe("李*");
    }
    expect((await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items).toEqual([]);

    // Need to know, not rank: an auditor, a leader or a meeting member may not reveal, and writes nothing trying.
    for (const r of [auditor, who("hrss", "auditor"), who("bureau", "leader"), who("hrss", "meeting_member"), who("natres", "agency_head")]) {
      const refused = await call("GET", `/v1/cases/${id}?reveal=petitioner`, r);
      expect(refused.status, r.sub).toBe(r.agency === "natres" ? 404 : 403);
      expect(refused.text).not.toContain("李四");
    }
    expect((await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items).toEqual([]);

    // Each reveal by someone who works the case: the identity in full, and exactly one entry.
    const readers = [intake, hrssHandler, hrssHead];
    for (const [n, r] of readers.entries()) {
      stack.clock.advance(1_000);
      expect((await call("GET", `/v1/cases/${id}?reveal=petitioner`, r)).body.petitioner.name).toBe("李四");
      expect((await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items).toHaveLength(n + 1);
    }
    // Masked views are not reveals: a list, a command reply.
    await call("GET", "/v1/cases", hrssHandler);
    await command(id, "note", hrssHandler, { text: "ok" });
    const after = (await stack.deps.store.getCase(id))!;
    expect(after.version).toBe(before.version + 1); // the note only
    expect(after.lastSeq).toBe(before.lastSeq + 1);

    const log = await call("GET", `/v1/cases/${id}/access-log`, auditor);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: Json) => e.actor)).toEqual(readers.map((r) => r.sub).reverse());
    expect(log.body.items[0]).toMatchObject({ caseId: id, agency: "hrss", roles: ["agency_head"], view: "petitioner_full", at: expect.any(String) });
    expect(log.body.items[1]).toMatchObject({ actor: hrssHandler.sub, agency: "hrss", roles: ["handler"] });
    expect(Date.parse(log.body.items[0].at)).toBeGreaterThan(Date.parse(log.body.items[1].at));
    expect((await call("GET", `/v1/cases/${id}/events/verify`, auditor)).body).toMatchObject({ valid: true });
  });

  it("refuses a reveal it is not asked for in a known way", async () => {
    const id = await handedToHrss();
    for (const query of ["reveal=everything", "reveal=", "reveal=petitioner&reveal=petitioner", "show=petitioner"]) {
      const r = await call("GET", `/v1/cases/${id}?${query}`, intake);
      expect(r.status, query).toBe(400);
      expect(r.text).not.toContain("李四");
    }
    expect((await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items).toEqual([]);
  });

  it("pages with a cursor, refuses a forged one, and is for auditors and the bureau only", async () => {
    const id = await handedToHrss();
    for (let i = 0; i < 5; i++) await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
    const first = await call("GET", `/v1/cases/${id}/access-log?limit=2`, coordinator);
    expect(first.body.items).toHaveLength(2);
    const second = await call("GET", `/v1/cases/${id}/access-log?limit=2&cursor=${first.body.nextCursor}`, coordinator);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    // A cursor of another case's log, or of its events, is not a cursor of this log.
    const other = await handedToHrss();
    await call("GET", `/v1/cases/${other}?reveal=petitioner`, hrssHandler);
    await call("GET", `/v1/cases/${other}?reveal=petitioner`, hrssHandler);
    const otherCursor = (await call("GET", `/v1/cases/${other}/access-log?limit=1`, auditor)).body.nextCursor;
    for (const cursor of [otherCursor, Buffer.from(JSON.stringify({ pk: `CASE#${id}`, sk: "EVENT#00000001" })).toString("base64url"), "%%%", "e30"]) {
      const bad = await call("GET", `/v1/cases/${id}/access-log?cursor=${encodeURIComponent(cursor)}`, auditor);
      expect(bad.status, cursor).toBe(400);
      expect(bad.body).toMatchObject({ status: 400, type: expect.stringContaining("problem"), title: expect.any(String) });
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
    store.recordAccess = async () => { throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" }); };
    try {
      const r = await call("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
      expect(r.status).toBe(503);
      expect(r.text).not.toContain("李四");
      // An ordinary read does not depend on the access log at all.
      expect((await call("GET", `/v1/cases/${id}`, hrssHandler)).body.petitioner.name).toBe("李*");
    } finally {
      store.recordAccess = original;
    }
    expect((await call("GET", `/v1/cases/${id}/access-log`, auditor)).body.items).toEqual([]);
  });
});

describe("the respondent agency's notifications", () => {
  it("never tell it about the case, even a notification addressed to it by mistake", async () => {
    const created = await call("POST", "/v1/cases", intake, registration({ petitioner: { name: "周七" }, respondent: { agency: "housing" } }));
    const id = created.body.id;
    await command(id, "route", intake, { kind: "transfer" });
    await stack.drain();
    // Nothing the platform does addresses the respondent; put one there as a faulty sender would.
    const at = stack.clock.now().toISOString();
    const plant = (n: { id: string; type: string; agency: string; roles: string[] }) => stack.db.send(new PutItemCommand({
      TableName: stack.deps.settings.TABLE_NAME,
      Item: marshall({ ...n, caseId: id, level: 0, at, read: false, pk: `NOTIFY#${n.agency}`, sk: `${at}#${n.id}` }),
    }));
    await plant({ id: "01STRAYSTRAYSTRAYSTRAYSTRA", type: "handoff", agency: "housing", roles: ["handler", "agency_head"] });
    await plant({ id: "01HRSSHRSSHRSSHRSSHRSSHRSS", type: "due_soon", agency: "hrss", roles: ["handler"] });
    const housingView = await call("GET", "/v1/notifications", who("housing", "handler"));
    expect(housingView.status).toBe(200);
    const stored = await stack.deps.store.listNotifications({ agency: "housing" }, { limit: 100 });
    expect(stored.items.map((n) => n.caseId)).toContain(id); // it is there, and not shown
    expect(housingView.body.items.map((n: Json) => n.caseId)).not.toContain(id);
    // The same filter lets the handling agency's own through.
    const hrssView = await call("GET", "/v1/notifications", hrssHandler);
    expect(hrssView.body.items.filter((n: Json) => n.caseId === id).map((n: Json) => n.type).sort()).toEqual(["due_soon", "handoff"]);
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
    const asClaims = (claims: Record<string, unknown>) => lambdaApp.request("/v1/agencies", {}, { event: { requestContext: { authorizer: { jwt: { claims } } } } });
    expect((await asClaims({ token_use: "id", sub: "u-1", "custom:agency": "atlantis", "cognito:groups": "[coordinator]" })).status).toBe(401);
    expect((await asClaims({ token_use: "id", sub: "u-1", "custom:agency": "hrss", "cognito:groups": "[handler]" })).status).toBe(200);
    expect((await asClaims({ token_use: "access", sub: "u-1", "custom:agency": "hrss", "cognito:groups": "[handler]" })).status).toBe(401);
  });

  it("answers 401 to a token claiming the platform's own system: identity", async () => {
    expect((await call("POST", `/v1/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV/route`, { sub: "system:router", agency: "bureau", roles: ["auditor"] }, { kind: "transfer" })).status).toBe(401);
  });
});
