// The Open311 GeoReport v2 facade end to end, over HTTP on the embedded stack (DynamoDB
// Local, the SQS emulator): a coordinator registers two apps; one files a petition with a
// plain form-encoded POST, the bureau routes it, the agency accepts and answers, and the app
// watches it go from open to closed with notes, while the other app's key sees nothing of
// it. Every JSON answer is checked against the published Open311 schemas (draft-04), every
// XML answer is parsed and compared with the JSON one, and nothing of the petitioner comes
// back through Open311.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve, type ServerType } from "@hono/node-server";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinator, hrssHandler, intake, useTestStack, who, type TestStack } from "../support/factories.js";
import { ConsoleBrowser, textOf } from "../support/console.js";
import { open311Schemas } from "../support/open311-schemas.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

let server: ServerType;
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: stack.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PETITIONER = { first_name: "建国", last_name: "王", phone: "13800138000", email: "wangjg@example.cn" };
/** Every body Open311 answered, to look for the petitioner in at the end. */
const answered: string[] = [];

/** A plain HTTP/1.1 POST, form-encoded, as a city app's backend would send it. */
function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        `${base}${path}`,
        {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            text += d;
          });
          res.on("end", () => {
            answered.push(text);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  answered.push(text);
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, res };
}

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name, jpath) =>
    ["services.service", "service_requests.request", "errors.error"].includes(String(jpath)) ||
    ["endpoint", "format", "attribute", "value"].includes(name),
});

/** Open311 times are to the second. */
const toSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

/** Lists inside an item are wrapped in XML (`<formats><format>…`): unwrapped, they read as in JSON. */
const WRAPPED: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const item = WRAPPED[k];
      return [
        k,
        item && v && typeof v === "object" && item in v
          ? unwrap((v as Record<string, unknown>)[item])
          : unwrap(v),
      ];
    }),
  );
}

/** JSON as its XML twin reads back: every value a string, null an empty element. */
function asXmlReads(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(asXmlReads);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlReads(v)]));
  }
  return String(value);
}

/** The JSON answer, checked against its schema, and the XML answer, parsed, read the same. */
async function both(
  path: string,
  query: string,
  schema: keyof typeof open311Schemas.validate | undefined,
  xmlPath: (doc: any) => unknown,
  headers: Record<string, string> = {},
): Promise<any> {
  const j = await get(`${path}.json${query}`, headers);
  expect(j.status, j.text).toBe(200);
  expect(j.type).toMatch(/^application\/json/);
  const body = JSON.parse(j.text);
  if (schema) {
    const validate = open311Schemas.validate[schema];
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  }
  const x = await get(`${path}.xml${query}`, headers);
  expect(x.status, x.text).toBe(200);
  expect(x.type).toMatch(/^text\/xml/);
  expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(unwrap(xmlPath(xml.parse(x.text)) ?? [])).toEqual(asXmlReads(body));
  return body;
}

async function createClient(name: string, ratePerMinute?: number) {
  const res = await stack.call("POST", "/v1/open311/clients", coordinator, {
    name,
    ...(ratePerMinute ? { ratePerMinute } : {}),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { client: { id: string; name: string }; apiKey: string };
}

const petition = (apiKey: string, extra: Record<string, string> = {}) => ({
  api_key: apiKey,
  jurisdiction_id: "demo-county.example.cn",
  service_code: "labor-social-security",
  description: "工地拖欠我们十二名工人三个月工资，多次讨要未果。\n请有关部门督促支付。",
  "attribute[region]": "chengguan",
  "attribute[headcount]": "12",
  "attribute[respondent_agency]": "housing",
  media_url: "https://photos.example.cn/p/123.jpg",
  address_string: "城关镇建设路 18 号工地",
  lat: "34.7466",
  long: "113.6254",
  ...PETITIONER,
  ...extra,
});

describe("Open311 GeoReport v2", () => {
  let appA: { client: { id: string; name: string }; apiKey: string };
  let appB: { client: { id: string; name: string }; apiKey: string };
  let code = "";
  let caseId = "";

  it("lets a coordinator register apps, each key shown once and never listed; no one else may", async () => {
    appA = await createClient("随手拍");
    appB = await createClient("City app B");
    expect(appA.apiKey).toMatch(/^cb311_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    expect((await stack.call("POST", "/v1/open311/clients", intake, { name: "x" })).status).toBe(403);
    expect((await stack.call("GET", "/v1/open311/clients", hrssHandler)).status).toBe(403);
    const listed = await stack.call("GET", "/v1/open311/clients", coordinator);
    const text = await listed.text();
    expect(JSON.parse(text).items.map((c: { name: string }) => c.name)).toEqual(["随手拍", "City app B"]);
    expect(text).not.toContain(appA.apiKey);
    expect(text).not.toContain("keyHash");
  });

  it("describes itself (no key needed) and its services with their attributes", async () => {
    const discovery = await both("/open311/v2/discovery", "", undefined, (d) => d.discovery);
    expect(discovery.endpoints[0]).toMatchObject({
      url: `${base}/open311/v2`,
      formats: ["application/json", "text/xml"],
    });
    const key = `?api_key=${appA.apiKey}`;
    const services = await both("/open311/v2/services", key, "services", (d) => d.services.service);
    expect(services.map((s: { service_code: string }) => s.service_code)).toContain("labor-social-security");
    expect(services.find((s: any) => s.service_code === "labor-social-security").service_name).toBe(
      "劳动和社会保障",
    );
    const english = await both("/open311/v2/services", key, "services", (d) => d.services.service, {
      "accept-language": "en-GB,en;q=0.9,zh;q=0.5",
    });
    expect(english.find((s: any) => s.service_code === "labor-social-security").service_name).toBe(
      "Labour and social security",
    );
    const definition = await both(
      "/open311/v2/services/labor-social-security",
      key,
      "definition",
      (d) => d.service_definition,
    );
    const region = definition.attributes.find((a: { code: string }) => a.code === "region");
    expect(region).toMatchObject({ datatype: "singlevaluelist", required: true });
    expect(region.values.map((v: { key: string }) => v.key).sort()).toEqual([
      "chengguan",
      "industrial-park",
      "xiangshan",
    ]);
    expect(definition.attributes.find((a: { code: string }) => a.code === "headcount")).toMatchObject({
      datatype: "number",
      required: false,
    });
  });

  it("files a form-encoded POST from a plain HTTP client as an online petition, once on a retry", async () => {
    const first = await postForm("/open311/v2/requests.json", petition(appA.apiKey));
    expect(first.status, first.text).toBe(200);
    const [answer] = JSON.parse(first.text);
    expect(open311Schemas.validate.postAnswer(JSON.parse(first.text)), first.text).toBe(true);
    expect(answer.service_request_id).toMatch(/^XF\d{8}-[0-9A-Z]{6}$/);
    code = answer.service_request_id;
    caseId = answer.token;
    // The app's retry (the same request again): the same case, not a second one.
    const again = await postForm("/open311/v2/requests.json", petition(appA.apiKey));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)[0].service_request_id).toBe(code);
    // The same request as XML reads the same.
    const asXml = await postForm("/open311/v2/requests.xml", petition(appA.apiKey));
    expect(xml.parse(asXml.text).service_requests.request).toEqual(asXmlReads(JSON.parse(first.text)));

    const read = await stack.call("GET", `/v1/cases/${caseId}`, intake);
    const kase = (await read.json()) as Record<string, any>;
    expect(kase).toMatchObject({
      code,
      channel: "online",
      status: "registered",
      category: "labor-social-security",
      region: "chengguan",
      headcount: 12,
      collective: true,
      respondent: { agency: "housing" },
      submission: {
        via: "open311",
        client: appA.client.id,
        clientName: "随手拍",
        mediaUrl: "https://photos.example.cn/p/123.jpg",
      },
    });
    expect(kase.title).toBe("劳动和社会保障：工地拖欠我们十二名工人三个月工资，多次讨要未果。");
    // Masked, like every petitioner, until someone who works the case reveals it.
    expect(kase.petitioner.name).toBe("王**");
    expect(kase.petitioner.email).toBe("w*****@example.cn");
    expect(kase.submission.location).toEqual({ address: "城关镇***" });
    const revealed = (await (
      await stack.call("GET", `/v1/cases/${caseId}?reveal=petitioner`, intake)
    ).json()) as any;
    expect(revealed.petitioner).toEqual({ name: "王建国", phone: "13800138000", email: "wangjg@example.cn" });
    expect(revealed.submission.location).toEqual({
      address: "城关镇建设路 18 号工地",
      lat: 34.7466,
      long: 113.6254,
    });
    const events = (await (await stack.call("GET", `/v1/cases/${caseId}/events`, intake)).json()) as any;
    expect(events.items[0]).toMatchObject({
      type: "registered",
      actor: `open311:${appA.client.id}`,
      data: { channel: "online", via: "open311", client: appA.client.id },
    });
    expect(JSON.stringify(events)).not.toContain("王建国");

    // The console's case page says where it came from; the place stays masked there too.
    const browser = new ConsoleBrowser(stack);
    await browser.signIn(intake);
    const page = await browser.get(`/console/cases/${caseId}`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain("来源应用 随手拍 · Open311");
    expect(text).toContain("事发地点 城关镇***");
    expect(page.html).toContain('<a href="https://photos.example.cn/p/123.jpg" rel="noreferrer noopener">');
    expect(text).not.toContain("建设路");
  });

  it("shows the app its request open, then closed with notes, as the bureau routes and the agency answers", async () => {
    const key = `?api_key=${appA.apiKey}`;
    const path = `/open311/v2/requests/${code}`;
    const registered = (await both(path, key, "requests", (d) => d.service_requests.request))[0];
    expect(registered).toMatchObject({
      service_request_id: code,
      status: "open",
      status_notes: "已登记，等待转送承办单位。",
      service_code: "labor-social-security",
      service_name: "劳动和社会保障",
      agency_responsible: null,
      description: null,
      media_url: "https://photos.example.cn/p/123.jpg",
    });
    expect(registered.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // Expected: the route clock's due time, in the jurisdiction's offset.
    const kase = (await (await stack.call("GET", `/v1/cases/${caseId}`, intake)).json()) as any;
    const route = kase.clocks.find((k: { name: string }) => k.name === "route");
    expect(Date.parse(registered.expected_datetime)).toBe(toSecond(route.dueAt));
    expect(Date.parse(registered.requested_datetime)).toBe(toSecond(kase.receivedAt));

    expect((await stack.call("POST", `/v1/cases/${caseId}/route`, intake, { kind: "transfer" })).status).toBe(
      202,
    );
    await stack.drain();
    const transferred = (await both(path, key, "requests", (d) => d.service_requests.request))[0];
    expect(transferred).toMatchObject({
      status: "open",
      agency_responsible: "人社局",
      status_notes: "已转送承办单位，等待其受理。",
    });
    const english = (
      await both(path, key, "requests", (d) => d.service_requests.request, { "accept-language": "en" })
    )[0];
    expect(english).toMatchObject({
      agency_responsible: "Human Resources and Social Security Bureau",
      status_notes: "Sent to the agency responsible; waiting for it to accept the petition.",
      service_name: "Labour and social security",
    });

    expect((await stack.call("POST", `/v1/cases/${caseId}/acknowledge`, hrssHandler, {})).status).toBe(200);
    const accepted = (await both(path, key, "requests", (d) => d.service_requests.request))[0];
    const handle = (await (await stack.call("GET", `/v1/cases/${caseId}`, intake)).json()) as any;
    expect(accepted).toMatchObject({ status: "open", status_notes: "已受理，承办单位正在办理。" });
    expect(Date.parse(accepted.expected_datetime)).toBe(
      toSecond(handle.clocks.find((k: any) => k.name === "handle" && !k.stoppedAt).dueAt),
    );

    await stack.clock.advance(3 * 3600_000);
    const replied = await stack.call("POST", `/v1/cases/${caseId}/reply`, hrssHandler, {
      summary: "已责令用工单位十日内足额支付拖欠工资。",
      text: "经调查核实，……",
    });
    expect(replied.status).toBe(200);
    const closed = (await both(path, key, "requests", (d) => d.service_requests.request))[0];
    expect(closed).toMatchObject({
      status: "closed",
      status_notes: "已答复。如不服，可在规定期限内向上一级机关申请复查。",
      expected_datetime: null,
      agency_responsible: "人社局",
    });
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThan(Date.parse(registered.updated_datetime));
  });

  it("lists the app's own requests by span, status and service, and never another app's", async () => {
    const key = `api_key=${appA.apiKey}`;
    /** The codes GET requests answers, checked against the schema and read the same in XML. */
    const listed = async (query: string) =>
      (
        (await both("/open311/v2/requests", `?${query}`, "requests", (d) => d.service_requests?.request)) as {
          service_request_id: string;
        }[]
      ).map((r) => r.service_request_id);
    expect(await listed(key)).toEqual([code]);
    expect(await listed(`${key}&status=open`)).toEqual([]);
    expect(await listed(`${key}&status=closed&service_code=labor-social-security,health`)).toEqual([code]);
    expect(await listed(`${key}&service_code=health`)).toEqual([]);
    expect(await listed(`${key}&service_request_id=${code},XF20260101-AAAAAA`)).toEqual([code]);
    const now = stack.clock.now();
    const before = encodeURIComponent(new Date(now.getTime() - 10 * 86_400_000).toISOString());
    const earlier = encodeURIComponent(new Date(now.getTime() - 20 * 86_400_000).toISOString());
    expect(await listed(`${key}&start_date=${earlier}&end_date=${before}`)).toEqual([]);
    const tooLong = await get(
      `/open311/v2/requests.json?${key}&start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00`,
    );
    expect(tooLong.status).toBe(400);
    expect(JSON.parse(tooLong.text)).toEqual([
      { code: 400, description: "start_date and end_date may be at most 90 days apart." },
    ]);

    // The other app: nothing of it, by list, id, code or token.
    const other = `api_key=${appB.apiKey}`;
    expect(await listed(other)).toEqual([]);
    expect((await get(`/open311/v2/requests/${code}.json?${other}`)).status).toBe(404);
    expect(await listed(`${other}&service_request_id=${code}`)).toEqual([]);
    expect((await get(`/open311/v2/tokens/${caseId}.json?${other}`)).status).toBe(404);
    const token = await both(
      `/open311/v2/tokens/${caseId}`,
      `?${key}`,
      undefined,
      (d) => d.service_requests.request,
    );
    expect(token).toEqual([{ token: caseId, service_request_id: code }]);
    expect(open311Schemas.validate.tokenAnswer(token[0])).toBe(true);
    // The respondent agency sees nothing through /v1 either.
    expect((await stack.call("GET", `/v1/cases/${caseId}`, who("housing", "handler"))).status).toBe(404);
  });

  it("answers bad input and bad keys in the standard's error format, JSON or XML", async () => {
    const expectError = async (res: { status: number; text: string }, status: number, says: RegExp) => {
      expect(res.status, res.text).toBe(status);
      const body = JSON.parse(res.text);
      expect(body).toEqual([{ code: status, description: expect.stringMatching(says) }]);
    };
    await expectError(await get("/open311/v2/services.json"), 403, /api_key is required/);
    await expectError(await get("/open311/v2/services.json?api_key=cb311_nope"), 403, /Invalid api_key/);
    const wrong = `${appA.apiKey.slice(0, -1)}${appA.apiKey.endsWith("A") ? "B" : "A"}`;
    await expectError(await get("/open311/v2/services.json", { "x-api-key": wrong }), 403, /Invalid api_key/);
    const xmlError = await get("/open311/v2/services.xml");
    expect(xmlError.status).toBe(403);
    expect(xml.parse(xmlError.text).errors.error).toEqual([
      { code: "403", description: expect.stringMatching(/api_key/) },
    ]);
    const key = `api_key=${appA.apiKey}`;
    await expectError(
      await get(`/open311/v2/services/no-such.json?${key}`),
      404,
      /service_code "no-such" not found/,
    );
    await expectError(
      await get(`/open311/v2/services.json?${key}&jurisdiction_id=elsewhere.cn`),
      404,
      /jurisdiction_id/,
    );
    await expectError(
      await get(`/open311/v2/requests.json?${key}&status=pending`),
      400,
      /status: open or closed/,
    );
    await expectError(await get(`/open311/v2/requests.json?${key}&start_date=yesterday`), 400, /start_date/);
    await expectError(await get(`/open311/v2/requests.html?${key}`), 404, /\.json or \.xml/);
    await expectError(
      await postForm(
        "/open311/v2/requests.json",
        petition(appA.apiKey, { media_url: "http://x.example/p.jpg" }),
      ),
      400,
      /media_url: https only/,
    );
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { service_code: "potholes" })),
      400,
      /service_code "potholes" not found/,
    );
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { "attribute[region]": "atlantis" })),
      400,
      /region/,
    );
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { first_name: "", last_name: "" })),
      400,
      /first_name or last_name is required/,
    );
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { colour: "red" })),
      400,
      /Unknown field colour/,
    );
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { "attribute[headcount]": "0" })),
      400,
      /headcount/,
    );
    const { description: _left, ...undescribed } = petition(appA.apiKey);
    await expectError(
      await postForm("/open311/v2/requests.json", undescribed),
      400,
      /^description is required$/,
    );
    await expectError(
      await postForm(
        "/open311/v2/requests.json",
        petition(appA.apiKey, { media_url: "https://wang:secret@photos.example.cn/p/1.jpg" }),
      ),
      400,
      /media_url: no user name or password/,
    );
    const tooBigXml = await postForm("/open311/v2/requests.xml", {
      ...petition(appA.apiKey),
      description: "长".repeat(30_000),
    });
    expect(tooBigXml.status).toBe(413);
    expect(xml.parse(tooBigXml.text).errors.error).toEqual([
      { code: "413", description: "Bodies are limited to 65536 bytes." },
    ]);
    const asJson = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(petition(appA.apiKey)),
    });
    await expectError({ status: asJson.status, text: await asJson.text() }, 415, /x-www-form-urlencoded/);
    await expectError(
      await postForm("/open311/v2/requests.json", {
        ...petition(appA.apiKey),
        description: "长".repeat(30_000),
      }),
      413,
      /limited to 65536 bytes/,
    );
    const twice = `${new URLSearchParams(petition(appA.apiKey))}&service_code=health`;
    const duplicate = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: twice,
    });
    await expectError(
      { status: duplicate.status, text: await duplicate.text() },
      400,
      /service_code: one text value/,
    );
    // An app's own Idempotency-Key, reused for another petition, is refused rather than answered with the first.
    const keyed = { "idempotency-key": "app-retry-0001" };
    expect(
      (await postForm("/open311/v2/requests.json", petition(appA.apiKey, { description: "第一件" }), keyed))
        .status,
    ).toBe(200);
    await expectError(
      await postForm("/open311/v2/requests.json", petition(appA.apiKey, { description: "另一件" }), keyed),
      400,
      /Idempotency-Key was used with a different request/,
    );
    // None of these filed anything but the one keyed petition.
    const mine = JSON.parse((await get(`/open311/v2/requests.json?${key}`)).text);
    expect(mine.length).toBe(2);
  });

  it("lists past a page of its index, newest first, each request once, and finds many ids at once", async () => {
    const busy = await createClient("Busy app", 1000);
    const codes: string[] = [];
    for (let i = 0; i < 130; i++) {
      const res = await postForm(
        "/open311/v2/requests.json",
        petition(busy.apiKey, { description: `第 ${i} 件：路灯不亮。` }),
      );
      expect(res.status).toBe(200);
      codes.push(JSON.parse(res.text)[0].service_request_id);
      if (i % 10 === 9) await stack.clock.advance(1000);
    }
    const listed = JSON.parse((await get(`/open311/v2/requests.json?api_key=${busy.apiKey}`)).text) as {
      service_request_id: string;
      requested_datetime: string;
    }[];
    expect(listed.map((r) => r.service_request_id).sort()).toEqual([...codes].sort());
    const times = listed.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const some = codes.filter((_, i) => i % 9 === 0);
    const found = JSON.parse(
      (await get(`/open311/v2/requests.json?api_key=${busy.apiKey}&service_request_id=${some.join(",")}`))
        .text,
    ) as { service_request_id: string }[];
    expect(found.map((r) => r.service_request_id).sort()).toEqual([...some].sort());
    // Still nothing of them for another app.
    expect(JSON.parse((await get(`/open311/v2/requests.json?api_key=${appB.apiKey}`)).text)).toEqual([]);
  });

  it("files a petition once when its answer was lost after the commit and the app sends it again", async () => {
    const app = await createClient("Flaky network app");
    const db = (stack.deps.store as unknown as { db: DynamoDBClient }).db;
    let lose = true;
    // The transaction commits, then the connection drops before the api hears back.
    db.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        if (lose && "TransactItems" in (args.input as object)) {
          lose = false;
          throw Object.assign(new Error("socket hang up"), { name: "ECONNRESET" });
        }
        return out;
      },
      { step: "initialize", name: "loseTheAnswerOnce" },
    );
    try {
      const lost = await postForm(
        "/open311/v2/requests.json",
        petition(app.apiKey, { description: "断网重试的一件。" }),
      );
      expect(lost.status).toBe(500);
      expect(JSON.parse(lost.text)).toEqual([
        { code: 500, description: expect.stringMatching(/^Internal error; reference /) },
      ]);
      const retried = await postForm(
        "/open311/v2/requests.json",
        petition(app.apiKey, { description: "断网重试的一件。" }),
      );
      expect(retried.status).toBe(200);
      const listed = JSON.parse((await get(`/open311/v2/requests.json?api_key=${app.apiKey}`)).text);
      expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
        JSON.parse(retried.text)[0].service_request_id,
      ]);
    } finally {
      db.middlewareStack.remove("loseTheAnswerOnce");
    }
  });

  it("holds each key to its own rate, and refuses a revoked key", async () => {
    const slow = await createClient("Slow app", 3);
    const key = `?api_key=${slow.apiKey}`;
    for (let i = 0; i < 3; i++) expect((await get(`/open311/v2/services.json${key}`)).status).toBe(200);
    const over = await get(`/open311/v2/services.json${key}`);
    expect(over.status).toBe(429);
    expect(Number(over.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(over.text)).toEqual([
      { code: 429, description: expect.stringMatching(/3 requests a minute/) },
    ]);
    // Another key is not held back by this one's rate.
    expect((await get(`/open311/v2/services.json?api_key=${appB.apiKey}`)).status).toBe(200);
    await stack.clock.advance(61_000);
    expect((await get(`/open311/v2/services.json${key}`)).status).toBe(200);

    const revoked = await stack.call("DELETE", `/v1/open311/clients/${slow.client.id}`, coordinator);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedBy: string }).revokedBy).toBe(coordinator.sub);
    expect((await get(`/open311/v2/services.json${key}`)).status).toBe(403);
    expect(
      (await stack.call("DELETE", "/v1/open311/clients/01KAH3Q6J1X2Y3Z4A5B6C7D8E9", coordinator)).status,
    ).toBe(404);
  });

  it("never returned the petitioner through Open311", () => {
    const all = answered.join("\n");
    expect(answered.length).toBeGreaterThan(40);
    for (const value of ["王建国", "建国", "13800138000", "wangjg", "建设路", "34.7466", "拖欠我们"]) {
      expect(all).not.toContain(value);
    }
  });
});
