// Hostile input: every kind of malformed or malicious request gets a 4xx problem+json,
// never a 5xx, and a refused request writes nothing. First a table of named attacks
// (unknown fields, sizes, numbers, Unicode, cursors, If-Match, content types), then a
// fast-check fuzz over every route of the app's route table, every role and no role,
// with random methods, ids, headers, JSON bodies and raw bytes.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { ROLES } from "../../shared/domain/model.js";
import { permits } from "../../shared/domain/rights.js";
import { actionOf } from "../../shared/http/guard.js";
import { issueLocalToken } from "../../infra/local/tokens.js";
import type { MessageQueue } from "../../shared/ports.js";
import {
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  testStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
/** Writes to DynamoDB and sends to SQS, counted across the product's own clients. */
const writes = { db: 0, sends: 0 };
const WRITE_COMMANDS = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "TransactWriteItemsCommand",
  "BatchWriteItemCommand",
]);
const sentinels: Record<string, string> = {};

beforeAll(async () => {
  stack = await testStack();
  const db = (stack.deps.store as unknown as { db: DynamoDBClient }).db;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? "")) writes.db++;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  const queue = stack.deps.queue;
  const counting: MessageQueue = {
    send: (entries) => {
      writes.sends += entries.length;
      return queue.send(entries);
    },
  };
  stack.deps.queue = counting;

  const register = async (n: number) => {
    const res = await stack.call(
      "POST",
      "/v1/cases",
      intake,
      registration({
        petitioner: { name: "赵六", idNumber: `3201021980${String(n).padStart(8, "0")}` },
        respondent: { agency: "housing" },
      }),
    );
    return ((await res.json()) as { id: string }).id;
  };
  sentinels.registered = await register(1);
  sentinels.transferred = await register(2);
  sentinels.accepted = await register(3);
  for (const id of [sentinels.transferred, sentinels.accepted])
    await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
  await stack.drain();
  await stack.call("POST", `/v1/cases/${sentinels.accepted}/acknowledge`, hrssHandler, {});
});
afterAll(async () => {
  await stack.stop();
});

interface Sent {
  status: number;
  type: string | null;
  text: string;
}

async function send(
  method: string,
  path: string,
  init: { token?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {
    ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...init.headers,
  };
  const res = await stack.app.request(path, {
    method,
    headers,
    ...(init.body !== undefined && method !== "GET" && method !== "HEAD" ? { body: init.body } : {}),
  });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

const tokens = new Map<string, string>();
async function tokenFor(w: Identity) {
  const key = `${w.sub}|${w.agency}|${w.roles.join(",")}`;
  if (!tokens.has(key)) tokens.set(key, await issueLocalToken(stack.secret, w, stack.clock.now()));
  return tokens.get(key)!;
}

/** A refused request: 4xx, problem+json with type, title and status, and nothing written. */
function expectRefusal(r: Sent, before: typeof writes, method = "POST", status?: number) {
  expect(r.status, r.text).toBeGreaterThanOrEqual(400);
  expect(r.status, r.text).toBeLessThan(500);
  if (status) expect(r.status, r.text).toBe(status);
  expect(writes, `${r.status} ${r.text}`).toEqual(before);
  expect(r.type).toBe("application/problem+json");
  if (method === "HEAD") return;
  const problem = JSON.parse(r.text) as { type: unknown; title: unknown; status: unknown };
  expect(problem).toMatchObject({
    type: expect.stringMatching(/^urn:casebridge:problem:/),
    title: expect.any(String),
    status: r.status,
  });
}

async function refused(
  method: string,
  path: string,
  as: Identity | undefined,
  body: unknown,
  headers: Record<string, string> = {},
  status?: number,
) {
  const before = { ...writes };
  const r = await send(method, path, {
    ...(as ? { token: await tokenFor(as) } : {}),
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  expectRefusal(r, before, method, status);
  return r;
}

async function version(id: string) {
  return (await stack.deps.store.getCase(id))!.version;
}

describe("named attacks, each refused with a problem and no write", () => {
  it("unknown fields: nobody writes status, version or leadAgency through a body", async () => {
    const id = sentinels.accepted!;
    const v = await version(id);
    for (const extra of [
      { status: "final" },
      { version: 99 },
      { leadAgency: "natres" },
      { involved: ["natres"] },
      { petitionerKey: "x" },
    ]) {
      await refused("POST", "/v1/cases", intake, { ...registration(), ...extra }, {}, 400);
      await refused("POST", `/v1/cases/${id}/note`, hrssHandler, { text: "hi", ...extra }, {}, 400);
    }
    await refused(
      "POST",
      "/v1/cases",
      intake,
      JSON.parse('{"channel":"visit","__proto__":{"isAdmin":true}}'),
      {},
      400,
    );
    await refused("POST", "/v1/cases", intake, '{"channel":"visit","__proto__":{"isAdmin":true}}', {}, 400);
    await refused(
      "POST",
      "/v1/cases",
      intake,
      { ...registration(), petitioner: { name: "x", verified: true } },
      {},
      400,
    );
    expect(await version(id)).toBe(v);
  });

  it("sizes: long strings, long arrays, a body over 64 KiB", async () => {
    const id = sentinels.accepted!;
    await refused("POST", "/v1/cases", intake, registration({ title: "题".repeat(201) }), {}, 400);
    await refused(
      "POST",
      "/v1/cases",
      intake,
      registration({ petitioner: { name: "x".repeat(101) } }),
      {},
      400,
    );
    await refused(
      "POST",
      `/v1/cases/${id}/hearing`,
      hrssHandler,
      { at: "2026-10-02T02:00:00Z", participants: Array.from({ length: 101 }, () => "p") },
      {},
      400,
    );
    await refused(
      "POST",
      `/v1/cases/${sentinels.registered}/route`,
      intake,
      { kind: "transfer", cohandlers: Array.from({ length: 11 }, () => "hrss") },
      {},
      400,
    );
    await refused("POST", `/v1/cases/${id}/note`, hrssHandler, { text: "x".repeat(70_000) }, {}, 413);
    await refused(
      "POST",
      `/v1/cases/${id}/note`,
      hrssHandler,
      `{"text":"a","pad":"${" ".repeat(66_000)}"}`,
      {},
      413,
    );
  });

  it("growth: a case fed huge hearings is refused with 422 before DynamoDB's item limit, never 500", async () => {
    const id = sentinels.accepted!;
    const big = {
      at: "2026-10-02T02:00:00Z",
      participants: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(130, "听")),
      outcome: "证".repeat(5000),
    };
    const answers: number[] = [];
    for (let i = 0; i < 12 && !answers.includes(422); i++)
      answers.push((await stack.call("POST", `/v1/cases/${id}/hearing`, hrssHandler, big)).status);
    expect(answers.at(-1)).toBe(422);
    expect(answers.slice(0, -1).every((s) => s === 200)).toBe(true);
    await refused("POST", `/v1/cases/${id}/hearing`, hrssHandler, big, {}, 422);
    // The case still reads, and still takes small commands.
    expect((await stack.call("GET", `/v1/cases/${id}`, hrssHandler)).status).toBe(200);
    expect(
      (await stack.call("POST", `/v1/cases/${id}/note`, hrssHandler, { text: "still fine" })).status,
    ).toBe(200);
  });

  it("numbers: huge, negative, fractional, infinite and NaN-like", async () => {
    const id = sentinels.accepted!;
    for (const headcount of [0, -1, 1.5, 1e21, "5", null, true, [5]])
      await refused("POST", "/v1/cases", intake, registration({ headcount }), {}, 400);
    for (const raw of ["1e400", "-1e400", "NaN", "Infinity", "0x10", "1_000"]) {
      await refused(
        "POST",
        "/v1/cases",
        intake,
        JSON.stringify(registration({ headcount: 7 })).replace('"headcount":7', `"headcount":${raw}`),
        {},
        400,
      );
    }
    for (const days of [-5, 0, 2.5, 1e300, 10_001]) {
      const r = await refused("POST", `/v1/cases/${id}/request-extension`, hrssHandler, {
        days,
        reason: "x",
      });
      expect([400, 422]).toContain(r.status);
    }
    for (const limit of ["0", "-1", "101", "1.5", "NaN", "Infinity", "1e3", "", "ten", "9".repeat(400)]) {
      await refused("GET", `/v1/cases?limit=${encodeURIComponent(limit)}`, intake, undefined, {}, 400);
    }
  });

  it("Unicode: lone surrogates, NUL and control characters, bidi overrides, noncharacters, blank text", async () => {
    for (const title of [
      "\ud800",
      "a\udc00b",
      "\u0000",
      "a\u0007b",
      "\u0085",
      "\u202egnp.exe",
      "abc\u2066x\u2069",
      "\ufeffhello",
      "\uffff",
      "   ",
      "\u0000".repeat(50),
    ]) {
      await refused("POST", "/v1/cases", intake, registration({ title }), {}, 400);
      // The same characters in raw JSON escapes, as a client would send them.
      await refused(
        "POST",
        "/v1/cases",
        intake,
        JSON.stringify(registration({ title: "PLACEHOLDER" })).replace(
          "PLACEHOLDER",
          JSON.stringify(title)
            .slice(1, -1)
            .replace(/[\ud800-\udfff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`),
        ),
        {},
        400,
      );
    }
  });

  it("Unicode that is text is kept: zero-width joiners, long grapheme clusters, RTL script; stored in NFC", async () => {
    const decomposed = "Cafe\u0301 \u1100\u1161\u11a8"; // é and 각 as combining sequences
    const family = "👨‍👩‍👧‍👦";
    const zalgo = `a${"\u0301\u0316\u0317".repeat(60)}`;
    const res = await stack.call(
      "POST",
      "/v1/cases",
      intake,
      registration({
        title: `${decomposed} ${family} مرحبا`,
        description: zalgo,
        petitioner: { name: "Ayşe\u200dÖz" },
      }),
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; title: string; description: string };
    expect(created.title).toBe(`${decomposed.normalize("NFC")} ${family} مرحبا`);
    expect(created.title).toContain("Café");
    const stored = (await stack.deps.store.getCase(created.id))!;
    expect(stored.title.normalize("NFC")).toBe(stored.title);
  });

  it("cursors: forged, of another partition, of another list, not base64, not JSON", async () => {
    const id = sentinels.accepted!;
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const forged = [
      "!!!",
      "e30",
      b64([]),
      b64(null),
      b64({ pk: `CASE#${sentinels.registered}`, sk: "EVENT#00000001" }),
      b64({ pk: `CASE#${id}`, sk: "CASE" }),
      b64({ pk: `CASE#${id}`, sk: "EVENT#1", extra: "x" }),
      b64({ pk: `CASE#${id}`, sk: 5 }),
      b64({ pk: `CASE#${id}`, sk: "EVENT#\u0000" }),
      "x".repeat(1001),
    ];
    for (const cursor of forged)
      await refused(
        "GET",
        `/v1/cases/${id}/events?cursor=${encodeURIComponent(cursor)}`,
        intake,
        undefined,
        {},
        400,
      );
    for (const cursor of [
      b64({ pk: "CASE#x", sk: "ACCESS#natres", agencyKey: "AGENCY#natres", agencySort: "2026#x" }),
      b64({ pk: "CASE#x", sk: "ACCESS#hrss" }),
    ]) {
      await refused("GET", `/v1/cases?cursor=${encodeURIComponent(cursor)}`, hrssHandler, undefined, {}, 400);
    }
    await refused(
      "GET",
      `/v1/notifications?cursor=${encodeURIComponent(b64({ pk: "NOTIFY#natres", sk: "2026" }))}`,
      hrssHead,
      undefined,
      {},
      400,
    );
  });

  it("If-Match: garbage, unquoted, huge, negative, lists — refused; a stale one is 412", async () => {
    const id = sentinels.accepted!;
    const v = await version(id);
    for (const ifMatch of [
      "three",
      "3",
      '"-1"',
      '"1.5"',
      '"99999999999"',
      '"3", "4"',
      '"\u00e9"',
      "W/",
      `"${"9".repeat(60)}"`,
      '"NaN"',
    ]) {
      await refused("POST", `/v1/cases/${id}/note`, hrssHandler, { text: "x" }, { "if-match": ifMatch }, 400);
    }
    await refused(
      "POST",
      `/v1/cases/${id}/note`,
      hrssHandler,
      { text: "x" },
      { "if-match": `"${v + 5}"` },
      412,
    );
    expect(await version(id)).toBe(v);
  });

  it("content types and malformed JSON", async () => {
    const id = sentinels.accepted!;
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "json",
      "",
    ]) {
      await refused("POST", `/v1/cases/${id}/note`, hrssHandler, undefined, { "content-type": type }, 415);
    }
    for (const raw of [
      "",
      "{",
      '{"text":}',
      "[]",
      "null",
      '"text"',
      "42",
      '{"text":"x"} trailing',
      '{"text":"x"}{}',
      "[".repeat(5000),
      '{"text":"\\ud800"}',
    ]) {
      await refused("POST", `/v1/cases/${id}/note`, hrssHandler, raw, {}, 400);
    }
  });

  it("tokens: forged, expired, wrong audience, no roles, an unknown role or agency", async () => {
    const t = await tokenFor(intake);
    const [h, p] = t.split(".");
    for (const authorization of [
      `Bearer ${h}.${p}.`,
      `Bearer ${t}x`,
      "Bearer",
      "Basic dXNlcjpwYXNz",
      `bearer ${t} extra`,
      `Bearer ${"a".repeat(5000)}`,
    ]) {
      await refused("GET", "/v1/cases", undefined, undefined, { authorization }, 401);
    }
    const { SignJWT } = await import("jose");
    const key = new TextEncoder().encode(stack.secret);
    const now = Math.floor(stack.clock.now().getTime() / 1000);
    const sign = (claims: Record<string, unknown>, aud = "casebridge", exp = now + 60) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("s")
        .setIssuer("casebridge-local")
        .setAudience(aud)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
    for (const token of [
      await sign({ agency: "bureau", roles: ["intake"] }, "other"),
      await sign({ agency: "bureau", roles: ["intake"] }, "casebridge", now - 1),
      await sign({ agency: "bureau", roles: [] }),
      await sign({ agency: "bureau", roles: ["root"] }),
      await sign({ agency: "atlantis", roles: ["intake"] }),
      await sign({ agency: "Bureau", roles: ["intake"] }),
      await sign({ agency: ["bureau"], roles: ["intake"] }),
    ])
      await refused("GET", "/v1/cases", undefined, undefined, { authorization: `Bearer ${token}` }, 401);
  });
});

// ---- the fuzz ----------------------------------------------------------------------

const AGENCIES = ["bureau", "hrss", "natres", "housing", "gov", "city-gov"];
const callers: (Identity | undefined)[] = [
  undefined,
  ...ROLES.flatMap((role) => AGENCIES.map((agency) => who(agency, role))),
  who("bureau", "intake", "coordinator", "auditor"),
];

function v1Routes() {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of stack.app.routes)
    if (r.method !== "ALL" && r.path.startsWith("/v1/"))
      seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  return [...seen.values()];
}

/** As a client would put it in a URL; a lone surrogate, which cannot be percent-encoded, goes in as is. */
function pathSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[^\w.~-]/g, (ch) =>
      ch.charCodeAt(0) < 128 ? `%${ch.charCodeAt(0).toString(16).padStart(2, "0")}` : ch,
    );
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "\ud800",
    "\udfff",
    "\u0000",
    "\u202e",
    "\u200b\u200d",
    "\ufeff",
    "\uffff",
    "a\u0301".repeat(300),
    "../../etc/passwd",
    "%00",
    "%E0%A4%A",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style payload, sent as it is
    "${jndi:ldap://x}",
    "<script>",
    "' OR 1=1 --",
    "CASE#x",
    "EVENT#00000001",
    "x".repeat(3000),
  ),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, 1e-320),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 120 }),
);

const sampleBody: Record<string, () => Record<string, unknown>> = {
  cases: () => registration(),
  route: () => ({ kind: "transfer" }),
  decline: () => ({ reason: "r", basis: "b" }),
  object: () => ({ reason: "r" }),
  "resolve-dispute": () => ({ to: "natres" }),
  "add-cohandler": () => ({ agency: "sasac" }),
  note: () => ({ text: "t" }),
  "request-extension": () => ({ days: 5, reason: "r" }),
  "approve-extension": () => ({ approve: true }),
  pause: () => ({ reason: "hearing" }),
  reply: () => ({ summary: "s", text: "t" }),
  "request-review": () => ({ reason: "r" }),
  "review-opinion": () => ({ decision: "upheld", text: "t" }),
  "request-re-review": () => ({ reason: "r" }),
  "re-review-opinion": () => ({ decision: "changed", text: "t" }),
  "assign-leader": () => ({ leader: "leader@gov" }),
  instruct: () => ({ text: "t" }),
  supervise: () => ({ note: "n" }),
  "flag-joint-handling": () => ({ note: "n" }),
  hearing: () => ({ at: "2026-10-02T02:00:00Z", participants: ["p"] }),
  rate: () => ({ rating: "satisfied" }),
  "link-repeat": () => ({ caseId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }),
};

type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string }
  | { kind: "bytes"; bytes: Uint8Array };

const bodyFor = (last: string): fc.Arbitrary<Body> => {
  const sample = sampleBody[last] ?? (() => ({}));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: "json", value: sample() } as Body) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...Object.keys(sample()), "status", "version", "leadAgency", "extra"),
          hostileValue,
        )
        .map(([k, v]) => ({ kind: "json", value: { ...sample(), [k]: v } }) as Body),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: "json", value }) as Body) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "",
          "{",
          "[]",
          "null",
          '{"a":1,"a":2}',
          "\ufeff{}",
          '{"__proto__":{"x":1}}',
          "1e999",
          "[".repeat(3000),
          '{"text":"\\ud800"}',
        )
        .map((text) => ({ kind: "raw", text }) as Body),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "bytes", bytes }) as Body),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" } as Body) },
  );
};

const request = () => {
  const routes = v1Routes();
  const ids = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...Object.values(sentinels)) },
    { weight: 2, arbitrary: fc.ulid() },
    { weight: 2, arbitrary: hostileString.map(pathSegment) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("%E0%A4%A", "%00", "..", "%2e%2e", "a/b", "%F0%9F%98%80", "x".repeat(2000)),
    },
  );
  const query = fc.oneof(
    fc.constant(""),
    fc
      .dictionary(
        fc.constantFrom("limit", "cursor", "status", "agency", "overdue", "channel", "x", "__proto__"),
        hostileString,
        { maxKeys: 3 },
      )
      .map(
        (q) =>
          `?${Object.entries(q)
            .map(([k, v]) => `${k}=${pathSegment(v)}`)
            .join("&")}`,
      ),
  );
  const headers = fc.record(
    {
      "content-type": fc.oneof(
        {
          weight: 7,
          arbitrary: fc.constantFrom(
            "application/json",
            "application/json; charset=utf-8",
            "application/problem+json",
          ),
        },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
            "application/json; charset=latin1",
            "application/json, text/plain",
          ),
        },
      ),
      "if-match": fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 2,
          arbitrary: fc.constantFrom('"1"', '"3"', 'W/"2"', "*", "garbage", '"99999999999"', '"-1"'),
        },
        { weight: 1, arbitrary: hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, "")) },
      ),
      "idempotency-key": fc.oneof(
        fc.constant(undefined),
        fc.constantFrom("key-123456", "k", "x".repeat(100), "../..", "a b c d e f"),
      ),
      "x-forwarded-for": fc.oneof(fc.constant(undefined), fc.constant("127.0.0.1")),
    },
    { requiredKeys: [] },
  );
  return fc
    .record({
      route: fc.constantFrom(...routes),
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS") },
      ),
      id: ids,
      suffix: fc.oneof(
        { weight: 9, arbitrary: fc.constant("") },
        { weight: 1, arbitrary: fc.constantFrom("/", "/x", "//", "/%2F", "/..") },
      ),
      query,
      // Half the time a caller the rights table lets in, so that the fuzz reaches validation and the domain.
      caller: fc.oneof(fc.constantFrom(...callers.keys()), fc.nat()),
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant("token") },
        { weight: 1, arbitrary: fc.constant("none") },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "Bearer x.y.z",
            "Bearer",
            `Bearer ${"A".repeat(3000)}`,
            "Basic Zm9vOmJhcg==",
          ),
        },
      ),
      headers,
    })
    .chain((r) => bodyFor(r.route.path.split("/").at(-1)!).map((body) => ({ ...r, body })));
};

const RUNS = 5000;

describe("fuzz over every route and role", () => {
  it("never answers 5xx; every error is problem+json; a refused request writes nothing", async () => {
    let runs = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        runs++;
        const method = r.method ?? r.route.method;
        const path = r.route.path.replace(/:[^/]+/g, r.id) + r.suffix + r.query;
        const permitted = callers.filter(
          (c) => c && permits(c, actionOf(r.route.method, r.route.path) ?? "", { pathAgency: c.agency }),
        );
        const caller =
          r.caller < callers.length && r.caller % 2 === 0
            ? callers[r.caller]
            : permitted[r.caller % Math.max(1, permitted.length)];
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = v;
        if (r.auth === "token" && caller) headers.authorization = `Bearer ${await tokenFor(caller)}`;
        else if (r.auth !== "token" && r.auth !== "none") headers.authorization = r.auth;
        const body =
          r.body.kind === "json"
            ? JSON.stringify(r.body.value)
            : r.body.kind === "raw"
              ? r.body.text
              : r.body.kind === "bytes"
                ? r.body.bytes
                : undefined;
        const before = { ...writes };
        const res = await send(method, path, { headers, ...(body !== undefined ? { body } : {}) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${path} → ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expectRefusal(res, before, method);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20260930), endOnFailure: true },
    );

    // Every sentinel's audit chain still verifies end to end.
    for (const id of Object.values(sentinels)) {
      const verdict = await (await stack.call("GET", `/v1/cases/${id}/events/verify`, coordinator)).json();
      expect(verdict).toMatchObject({ valid: true });
    }
    console.info(
      `fuzz: ${runs} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(runs).toBe(RUNS);
    // The fuzz reached past the guards: some requests were applied, some refused by rules.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(statuses.get(403)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 90_000);
});
