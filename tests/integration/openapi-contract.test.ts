// The API contract, exact: the app's real answers during a walk through every operation
// are checked against its own OpenAPI document with every object schema closed; every
// request body example and main response example conforms too; the document and the
// server agree on which POSTs take no body; and Redocly's recommended rules find no error.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { ROLES } from "../../shared/domain/model.js";
import { DAY_MS } from "../../shared/durations.js";
import { contractOf, type Contract } from "../support/contract.js";
import {
  auditor,
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
let contract: Contract;
beforeAll(async () => {
  stack = await testStack();
  contract = contractOf((await (await stack.app.request("/openapi.json")).json()) as Record<string, any>);
});
afterAll(async () => {
  await stack.stop();
});

type Json = Record<string, any>;
const problems: string[] = [];
const seen = new Set<string>();

/** Call the API and check the answer against the document; return status, headers and parsed body. */
async function api(
  method: string,
  path: string,
  as?: Identity,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await stack.call(method, path, as, body, headers);
  const text = await res.text();
  problems.push(...contract.check(method, path, res.status, res.headers, text));
  const op = contract.operation(method, path);
  if (op) seen.add(`${method} ${op.template} ${res.status}`);
  const json =
    text && (res.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(text) as Json) : {};
  return { status: res.status, headers: res.headers, body: json, text };
}

const gov = who("gov", "handler");
const cityGov = who("city-gov", "agency_head");
const leader = { sub: "leader-li", agency: "gov", roles: ["leader"] } as Identity;

/** The answers since the last call that the document does not describe; each step of the walk must leave none. */
const misfits = () => problems.splice(0);

describe("the walk, answer by answer, against the closed document", () => {
  /** The case the first steps walk from registration to final. */
  let id = "";

  it("describes each kind of client error before any case exists", async () => {
    await api("GET", "/v1/cases");
    await api("POST", "/v1/cases", auditor, registration());
    await api("POST", "/v1/cases", intake, { ...registration(), status: "closed" });
    await api("POST", "/v1/cases", intake, registration({ category: "astrology" }));
    await api("POST", "/v1/cases", intake, registration({ description: "x".repeat(70_000) }));
    await api("POST", "/v1/cases", intake, undefined, { "content-type": "text/plain" });
    await api("GET", "/v1/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV", intake);
    await api("GET", "/v1/cases?cursor=bm90LWEtY3Vyc29y", intake);

    expect(misfits()).toEqual([]);
  });

  it("describes registration, its idempotent replay, and routing under If-Match", async () => {
    const created = await api(
      "POST",
      "/v1/cases",
      intake,
      registration({ respondent: { agency: "housing", official: "Director Gao" } }),
      { "idempotency-key": "contract-walk-01" },
    );
    id = created.body.id as string;
    await api(
      "POST",
      "/v1/cases",
      intake,
      registration({ respondent: { agency: "housing", official: "Director Gao" } }),
      { "idempotency-key": "contract-walk-01" },
    );
    await api("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" }, { "if-match": '"7"' });
    await api("POST", `/v1/cases/${id}/acknowledge`, hrssHandler);
    const routed = await api(
      "POST",
      `/v1/cases/${id}/route`,
      intake,
      { kind: "transfer", cohandlers: ["sasac"] },
      { "if-match": '"1"' },
    );
    await stack.drain();

    expect(created.status).toBe(201);
    expect(routed.status).toBe(202);
    expect(misfits()).toEqual([]);
  });

  it("describes a case read masked, revealed, and a reveal refused", async () => {
    await api("GET", `/v1/cases/${id}`, hrssHandler);
    await api("GET", `/v1/cases/${id}?reveal=petitioner`, hrssHandler);
    await api("GET", `/v1/cases/${id}?reveal=petitioner`, auditor);

    expect(misfits()).toEqual([]);
  });

  it("describes the bureau's commands: a leader, an instruction, supervision, a co-handler", async () => {
    await api("POST", `/v1/cases/${id}/assign-leader`, coordinator, { leader: leader.sub });
    await api("POST", `/v1/cases/${id}/instruct`, leader, { text: "Settle it this month" });
    await api("POST", `/v1/cases/${id}/supervise`, coordinator, { note: "Report weekly" });
    await api("POST", `/v1/cases/${id}/add-cohandler`, coordinator, { agency: "ecoenv" });

    expect(misfits()).toEqual([]);
  });

  it("describes the lead's work: acknowledgement, extensions, a pause, a hearing, a note, an objection, the reply", async () => {
    await api("POST", `/v1/cases/${id}/acknowledge`, hrssHandler);
    await api("POST", `/v1/cases/${id}/request-extension`, hrssHandler, { days: 40, reason: "Too long" });
    await api("POST", `/v1/cases/${id}/request-extension`, hrssHandler, {
      days: 15,
      reason: "Awaiting the pension fund's records",
    });
    await api("POST", `/v1/cases/${id}/approve-extension`, hrssHead, { approve: true });
    await api("POST", `/v1/cases/${id}/pause`, hrssHandler, {
      reason: "awaiting_petitioner",
      note: "Asked for the contract",
    });
    await api("POST", `/v1/cases/${id}/resume`, hrssHandler);
    await api("POST", `/v1/cases/${id}/hearing`, hrssHandler, {
      at: stack.clock.now().toISOString(),
      participants: ["律师覃龑", "王建国"],
      outcome: "Both sides heard",
    });
    await api("POST", `/v1/cases/${id}/note`, hrssHead, { text: "Spoke to the factory" });
    await api("POST", `/v1/cases/${id}/object`, hrssHandler, { reason: "Not ours" });
    await api("POST", `/v1/cases/${id}/reply`, hrssHandler, {
      summary: "Arrears to be paid",
      text: "The factory pays the arrears by December.",
    });

    expect(misfits()).toEqual([]);
  });

  it("describes the rating, review and re-review to final, and the trail, its check and the access log", async () => {
    await api("POST", `/v1/cases/${id}/rate`, intake, { rating: "basically_satisfied" });
    await api("POST", `/v1/cases/${id}/request-review`, intake, { reason: "The amount is wrong" });
    await api("POST", `/v1/cases/${id}/review-opinion`, gov, {
      decision: "upheld",
      text: "The reply stands.",
    });
    await api("POST", `/v1/cases/${id}/request-re-review`, intake, { reason: "Still wrong" });
    await api("POST", `/v1/cases/${id}/re-review-opinion`, cityGov, { decision: "upheld", text: "Final." });
    await api("GET", `/v1/cases/${id}/events?limit=5`, auditor);
    await api("GET", `/v1/cases/${id}/events/verify`, auditor);
    await api("GET", `/v1/cases/${id}/access-log`, auditor);
    await api("GET", `/v1/cases/${id}/access-log`, hrssHandler);

    expect(misfits()).toEqual([]);
  });

  it("describes a case's paper: its notices listed, read and delivered, a file announced, completed, listed and read", async () => {
    await stack.drain();
    const notices = (await api("GET", `/v1/cases/${id}/notices`, auditor)).body.items as Json[];
    expect(notices.map((n) => n.kind)).toContain("re_review_opinion");
    const acceptance = notices.find((n) => n.kind === "acceptance")!;
    await api("GET", `/v1/cases/${id}/notices/${acceptance.id}`, hrssHandler);
    await api("GET", `/v1/cases/${id}/notices/${acceptance.id}`, auditor);
    await api("GET", `/v1/cases/${id}/notices/acceptance-999`, intake);
    await api("POST", `/v1/cases/${id}/notices/${acceptance.id}/delivered`, intake, {
      method: "in_person",
      at: stack.clock.now().toISOString(),
    });
    await api("POST", `/v1/cases/${id}/notices/${acceptance.id}/delivered`, intake, { method: "fax" });
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    await api("POST", `/v1/cases/${id}/attachments`, intake, {
      filename: "a.gif",
      contentType: "image/gif",
      size: 10,
      sha256,
    });
    await api("POST", `/v1/cases/${id}/attachments`, intake, {
      filename: "huge.pdf",
      contentType: "application/pdf",
      size: 1e9,
      sha256,
    });
    const announced = await api("POST", `/v1/cases/${id}/attachments`, intake, {
      filename: "contract.pdf",
      contentType: "application/pdf",
      size: pdf.byteLength,
      sha256,
    });
    const attachment = announced.body.id as string;
    await api("POST", `/v1/cases/${id}/attachments/${attachment}/complete`, intake);
    await fetch(announced.body.uploadUrl, {
      method: "PUT",
      body: pdf,
      headers: announced.body.uploadHeaders,
    });
    await api("POST", `/v1/cases/${id}/attachments/${attachment}/complete`, intake);
    await api("GET", `/v1/cases/${id}/attachments`, intake);
    await api("GET", `/v1/cases/${id}/attachments/${attachment}`, intake);

    const found = misfits();
    if (found.length) console.info(found);
    expect(found).toEqual([]);
  });

  it("describes a declined case, a disputed one re-routed, a repeat linked, and filtered lists", async () => {
    const second = (
      await api(
        "POST",
        "/v1/cases",
        intake,
        registration({ petitioner: { name: "李四", idNumber: "110105194912310021" } }),
      )
    ).body.id as string;
    await api("POST", `/v1/cases/${second}/decline`, intake, {
      reason: "Not a petition matter",
      basis: "信访工作条例 Art. 31",
    });
    const third = (
      await api(
        "POST",
        "/v1/cases",
        intake,
        registration({ petitioner: { name: "张三", idNumber: "110105194912310048" } }),
      )
    ).body.id as string;
    await api("POST", `/v1/cases/${third}/route`, intake, { kind: "assign", reportBackDays: 20 });
    await stack.drain();
    await api("POST", `/v1/cases/${third}/object`, hrssHandler, { reason: "A land matter" });
    await api("POST", `/v1/cases/${third}/resolve-dispute`, coordinator, { to: "natres" });
    await stack.drain();
    const repeat = (
      await api(
        "POST",
        "/v1/cases",
        intake,
        registration({ petitioner: { name: "张三", idNumber: "110105194912310048" } }),
      )
    ).body;
    await api("POST", `/v1/cases/${repeat.id}/link-repeat`, intake, { caseId: third });
    await api("GET", "/v1/cases?limit=2", intake);
    await api("GET", "/v1/cases?status=closed&overdue=false", hrssHandler);

    expect(misfits()).toEqual([]);
  });

  it("describes a joint meeting: agenda, visibility, decisions, a sanction, closing and minutes", async () => {
    const fourth = (await api("POST", "/v1/cases", intake, registration({ petitioner: { name: "赵六" } })))
      .body.id as string;
    await api("POST", `/v1/cases/${fourth}/flag-joint-handling`, coordinator, { note: "Several agencies" });
    const meeting = (
      await api("POST", "/v1/meetings", coordinator, {
        title: "Q4 joint meeting",
        scheduledAt: "2026-11-20T02:00:00Z",
        members: ["hrss", "natres"],
      })
    ).body.id as string;
    await api("POST", "/v1/meetings", coordinator, {
      title: "x",
      scheduledAt: "2026-11-20T02:00:00Z",
      members: ["atlantis"],
    });
    await api("POST", `/v1/meetings/${meeting}/agenda/refresh`, coordinator);
    await api("GET", "/v1/meetings", who("hrss", "meeting_member"));
    await api("GET", `/v1/meetings/${meeting}`, coordinator);
    await api("GET", `/v1/meetings/${meeting}`, who("police", "meeting_member"));
    await api("POST", `/v1/meetings/${meeting}/decisions`, coordinator, {
      caseId: fourth,
      lead: "hrss",
      handleDays: 20,
      hearing: { at: "2026-11-25T02:00:00Z", participants: ["赵六"] },
      note: "hrss leads",
    });
    await api("POST", `/v1/meetings/${meeting}/decisions`, coordinator, {
      caseId: fourth,
      lead: "hrss",
      note: "again",
    });
    await api("POST", `/v1/meetings/${meeting}/sanctions`, coordinator, {
      agency: "hrss",
      kind: "summons",
      reason: "Left a collective petition unacknowledged",
    });
    await api("POST", `/v1/meetings/${meeting}/close`, coordinator, { present: ["hrss"] });
    await api("POST", `/v1/meetings/${meeting}/close`, coordinator);
    await api("GET", `/v1/meetings/${meeting}/minutes`, coordinator);
    await stack.drain();

    expect(misfits()).toEqual([]);
  });

  it("describes reference data, notifications, webhooks and /health", async () => {
    await api("GET", "/v1/agencies", hrssHandler);
    await api("GET", "/v1/categories", hrssHandler);
    await api("GET", "/v1/stats?from=2026-09&to=2026-12&by=agency&by=month", coordinator);
    await api("GET", "/v1/stats?from=2026-09&to=2026-12&by=category", coordinator, undefined, {
      accept: "text/csv",
    });
    await api("GET", "/v1/stats?from=2026-12&to=2026-09", coordinator);
    const notes = await api("GET", "/v1/notifications?limit=5", hrssHead);
    await api("POST", `/v1/notifications/${notes.body.items[0].id}/read`, hrssHead);
    await api("POST", "/v1/notifications/01ARZ3NDEKTSV4RRFFQ69G5FAV/read", hrssHead);
    await api("PUT", "/v1/agencies/hrss/webhook", hrssHead, {
      url: "http://127.0.0.1:9999/hook",
      secret: "0123456789abcdef0123",
    });
    await api("PUT", "/v1/agencies/hrss/webhook", hrssHead, {
      url: "ftp://example.com/hook",
      secret: "0123456789abcdef0123",
    });
    await api("GET", "/health");

    expect(misfits()).toEqual([]);
  });

  it("describes the Open311 client apps: registered, listed, revoked, and refused to others", async () => {
    const created = await api("POST", "/v1/open311/clients", coordinator, {
      name: "City app",
      ratePerMinute: 30,
    });
    expect(created.status).toBe(201);
    await api("POST", "/v1/open311/clients", coordinator, { name: "" });
    await api("POST", "/v1/open311/clients", hrssHead, { name: "Not theirs" });
    await api("GET", "/v1/open311/clients", auditor);
    await api("DELETE", `/v1/open311/clients/${created.body.client.id}`, coordinator);
    await api("DELETE", "/v1/open311/clients/not-an-id", coordinator);
    await api("DELETE", "/v1/open311/clients/01ARZ3NDEKTSV4RRFFQ69G5FAV", coordinator);

    expect(misfits()).toEqual([]);
  });

  it("describes the routing rules: read, replaced under If-Match, refused without it, stale or broken, and their history", async () => {
    const read = await api("GET", "/v1/routing-rules", hrssHandler);
    const etag = read.headers.get("etag") ?? "";
    const rules = (read.body.rules as Json[]).map((r) =>
      r.category === "health" && r.region === "*" ? { ...r, cohandlers: ["hrss"] } : r,
    );
    await api("PUT", "/v1/routing-rules", coordinator, { rules });
    await api("PUT", "/v1/routing-rules", coordinator, { rules }, { "if-match": '"99"' });
    await api(
      "PUT",
      "/v1/routing-rules",
      coordinator,
      { rules: [{ ...rules[0], lead: "atlantis" }] },
      {
        "if-match": etag,
      },
    );
    await api("PUT", "/v1/routing-rules", hrssHead, { rules }, { "if-match": etag });
    const replaced = await api("PUT", "/v1/routing-rules", coordinator, { rules }, { "if-match": etag });
    await api("GET", "/v1/routing-rules/history", auditor);

    expect(replaced.status).toBe(200);
    expect(misfits()).toEqual([]);
  });

  it("describes a clock swept past due, with its level and warnedAt", async () => {
    const late = (await api("POST", "/v1/cases", intake, registration({ petitioner: { name: "钱八" } }))).body
      .id as string;
    await api("POST", `/v1/cases/${late}/route`, intake, { kind: "transfer" });
    await stack.drain();
    stack.clock.advance(20 * DAY_MS);
    await stack.tick();

    const swept = (await api("GET", `/v1/cases/${late}`, hrssHandler)).body;
    expect(swept.clocks.some((k: Json) => k.level >= 1 && k.warnedAt)).toBe(true);
    expect(misfits()).toEqual([]);
  });

  it("describes a handling clock that runs into a year without calendar data, with its calendarWarning", async () => {
    stack.clock.set(new Date("2026-12-10T02:00:00Z"));
    const december = (await api("POST", "/v1/cases", intake, registration({ petitioner: { name: "孙九" } })))
      .body.id as string;
    await api("POST", `/v1/cases/${december}/route`, intake, { kind: "transfer" });
    await stack.drain();

    const acknowledged = (await api("POST", `/v1/cases/${december}/acknowledge`, hrssHandler)).body;
    expect(acknowledged.clocks.find((k: Json) => k.name === "handle").calendarWarning).toMatch(/2027/);
    expect(misfits()).toEqual([]);
  });

  it("describes the calendar and the thresholds: read, set under If-Match, refused without it, stale, or breaking a rule", async () => {
    const calendar = await api("GET", "/v1/calendars", hrssHandler);
    const year = {
      source: "国务院办公厅关于2027年部分节假日安排的通知 (contract walk)",
      holidays: [{ name: "元旦 New Year's Day", from: "2027-01-01", to: "2027-01-03" }],
      makeUpWorkdays: [],
    };
    const tag = { "if-match": calendar.headers.get("etag") ?? "" };
    await api("PUT", "/v1/calendars/2027", coordinator, year);
    await api(
      "PUT",
      "/v1/calendars/2027",
      coordinator,
      { ...year, makeUpWorkdays: [{ date: "2027-01-05", for: "x" }] },
      tag,
    );
    const set = await api("PUT", "/v1/calendars/2027", coordinator, year, tag);
    await api("PUT", "/v1/calendars/2027", coordinator, year, tag);
    const thresholds = await api("GET", "/v1/thresholds", auditor);
    const { version: _v, ...input } = thresholds.body;
    await api("PUT", "/v1/thresholds", coordinator, input, {
      "if-match": thresholds.headers.get("etag") ?? "",
    });
    await api("PUT", "/v1/thresholds", intake, input, { "if-match": '"1"' });
    await api("GET", "/v1/calendars/history?limit=5", auditor);
    await api("GET", "/v1/thresholds/history?limit=5", coordinator);

    expect(set.status).toBe(200);
    expect(set.headers.get("etag")).toBe('"1"');
    expect(misfits()).toEqual([]);
  });

  it("has reached every operation of the document with a success at least once", () => {
    const reached = new Set(
      // A success is a 2xx, or the 303 of a download that answers with where to fetch the file.
      [...seen].filter((s) => Number(s.split(" ")[2]) < 400).map((s) => s.split(" ").slice(0, 2).join(" ")),
    );
    const operations = Object.entries(contract.doc.paths).flatMap(([p, ms]) =>
      Object.keys(ms as Json).map((m) => `${m.toUpperCase()} ${p}`),
    );

    expect(operations.filter((o) => !reached.has(o) && o !== "GET /openapi.json")).toEqual([]);
  });

  it("has met each error status a client can meet here at least once", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 415, 422, 428])
      expect(
        [...seen].some((s) => s.endsWith(` ${status}`)),
        String(status),
      ).toBe(true);
  });
});

describe("the document itself", () => {
  it("names every operation, gives every request body an example, and each example conforms", () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(contract.doc.paths)) {
      for (const [method, op] of Object.entries(methods as Json)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
        expect(ids.has(op.operationId), `${where}: operationId ${op.operationId} used twice`).toBe(false);
        ids.add(op.operationId);
        for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
          expect(media.example, `${where} ${type}: request example`).toBeDefined();
          const valid = contract.validator(media.schema);
          expect(valid(media.example), `${where} request example: ${JSON.stringify(valid.errors)}`).toBe(
            true,
          );
        }
        for (const [status, response] of Object.entries(op.responses as Json)) {
          for (const [type, media] of Object.entries((response.content ?? {}) as Json)) {
            if (Number(status) < 300 && type.endsWith("json"))
              expect(media.example, `${where} ${status}: response example`).toBeDefined();
            if (media.example === undefined || !type.endsWith("json")) continue;
            const valid = contract.validator(media.schema);
            expect(valid(media.example), `${where} ${status} example: ${JSON.stringify(valid.errors)}`).toBe(
              true,
            );
          }
        }
      }
    }
    expect(contract.doc.servers?.length).toBeGreaterThan(0);
  });

  it("agrees with the server on which POSTs need a body: none, or one with no required field, may be left out", async () => {
    const id = (await api("POST", "/v1/cases", intake, registration({ petitioner: { name: "周七" } }))).body
      .id as string;
    const meeting = (
      await api("POST", "/v1/meetings", coordinator, {
        title: "Bodies",
        scheduledAt: "2026-12-20T02:00:00Z",
        members: ["hrss"],
      })
    ).body.id as string;
    // Every role, at the bureau: the route guard lets each request through to validation.
    const everyone = { sub: "all@bureau", agency: "bureau", roles: [...ROLES] } as Identity;
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(contract.doc.paths)) {
      for (const method of Object.keys(methods as Json).filter((m) => m === "post" || m === "put")) {
        const op = (methods as Json)[method];
        const url = path
          .replace("/v1/cases/{id}", `/v1/cases/${id}`)
          .replace("/v1/meetings/{id}", `/v1/meetings/${meeting}`)
          .replace("/v1/agencies/{id}", "/v1/agencies/hrss")
          .replace("/v1/notifications/{id}", "/v1/notifications/01ARZ3NDEKTSV4RRFFQ69G5FAV")
          .replace("{noticeId}", "acceptance-1")
          .replace("{attachmentId}", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        // No body, no content type, as curl -X POST sends it.
        const res = await stack.call(method.toUpperCase(), url, everyone);
        const text = await res.text();
        const optional = !op.requestBody || op.requestBody.required === false;
        if (optional)
          expect([400, 415], `${method} ${path} declares no required body, yet: ${text}`).not.toContain(
            res.status,
          );
        else expect(res.status, `${method} ${path} declares a required body`).toBe(400);
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(25);
  });

  it("passes Redocly's recommended rules with no error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "casebridge-openapi-"));
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(contract.doc));
    const bin = join(process.cwd(), "node_modules", ".bin", "redocly");
    const run = await promisify(execFile)(bin, ["lint", file, "--format=json"], {
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => ({
      stdout: err.stdout ?? "",
      stderr: err.stderr ?? "",
    }));
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    expect(
      report.problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message}`),
    ).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);
});
