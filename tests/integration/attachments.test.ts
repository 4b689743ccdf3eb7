// The files a case carries, end to end on the real handlers, DynamoDB Local and s3rver: a file
// announced, PUT to the URL the announcement gives, completed and downloaded; a photo's GPS
// gone before anyone reads it; a wrong checksum, an oversized file and a wrong type refused
// with problem+json; the respondent agency sees nothing, an auditor is refused; and the files
// outlive a restart of the local runtime and of its S3.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startS3Emulator } from "../../infra/local/endpoints.js";
import { createLocalRuntime, type LocalRuntime } from "../../infra/local/runtime.js";
import { issueLocalToken } from "../../infra/local/tokens.js";
import { ControlledClock } from "../../shared/clock.js";
import type { Identity } from "../../shared/domain/access.js";
import {
  BASELINE_JPEG,
  CAMERA_METADATA,
  CAMERA_METADATA_TEXT,
  textOf,
  withSegments,
} from "../support/attachment-samples.js";
import { auditor, hrssHandler, intake, registration, T0, who } from "../support/people.js";

const housing = who("housing", "handler");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
const PHOTO = withSegments(BASELINE_JPEG, [[CAMERA_METADATA.exif, CAMERA_METADATA.comment]]);

/** One runtime on given endpoints, its table and bucket named, so that a second can open the same. */
async function open(
  s3: string,
  name: string,
  secret: string,
  keys: { petitioner: string; idempotency: string; secrets: string },
) {
  const runtime = await createLocalRuntime({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    sqsEndpoint: inject("sqsEndpoint"),
    s3Endpoint: s3,
    tableName: name,
    filesBucket: name,
    queuePrefix: name,
    secret,
    keys,
    clock: new ControlledClock(T0.getTime() - Date.now()),
    queueOverrides: { visibilityTimeoutSeconds: 1 },
  });
  const call = async (method: string, path: string, as?: Identity, body?: unknown) =>
    runtime.app.request(path, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${await issueLocalToken(secret, as, runtime.clock.now())}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { runtime, call };
}

const dir = mkdtempSync(join(tmpdir(), "casebridge-s3-restart-"));
const name = `att${process.pid}-${Date.now().toString(36)}`;
const secret = randomBytes(32).toString("hex");
const keys = {
  petitioner: randomBytes(32).toString("hex"),
  idempotency: randomBytes(32).toString("hex"),
  secrets: randomBytes(32).toString("hex"),
};
let s3 = await startS3Emulator(dir);
let stack = await open(s3.url, name, secret, keys);
const running: LocalRuntime[] = [stack.runtime];
afterAll(async () => {
  for (const r of running) await r.stop().catch(() => undefined);
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function routedCase(): Promise<string> {
  const created = await stack.call(
    "POST",
    "/v1/cases",
    intake,
    registration({ respondent: { agency: "housing", official: "Director Gao" } }),
  );
  const { id } = (await created.json()) as { id: string };
  await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
  await stack.runtime.drain();
  return id;
}

/** Announce, PUT to the URL given, complete: the answers of each step. */
async function attach(caseId: string, file: Uint8Array, declared: Record<string, unknown> = {}, as = intake) {
  const announced = await stack.call("POST", `/v1/cases/${caseId}/attachments`, as, {
    filename: "工资条-2026年8月.pdf",
    contentType: "application/pdf",
    size: file.byteLength,
    sha256: sha256(file),
    ...declared,
  });
  if (announced.status !== 201) return { announced, body: await announced.json() };
  const body = (await announced.json()) as {
    id: string;
    uploadUrl: string;
    uploadHeaders: Record<string, string>;
  };
  const put = await fetch(body.uploadUrl, { method: "PUT", body: file, headers: body.uploadHeaders });
  expect(put.status).toBe(200);
  const completed = await stack.call("POST", `/v1/cases/${caseId}/attachments/${body.id}/complete`, as);
  return { announced, body, completed };
}

async function download(caseId: string, attachmentId: string, as: Identity = hrssHandler) {
  const res = await stack.call("GET", `/v1/cases/${caseId}/attachments/${attachmentId}`, as);
  if (res.status !== 303) return { res };
  const file = await fetch(res.headers.get("location")!);
  return { res, file, bytes: new Uint8Array(await file.arrayBuffer()) };
}

describe("a case's attachments", () => {
  let id = "";
  let pdfId = "";

  it("takes a PDF announced, uploaded through its URL and completed, and gives the same bytes back", async () => {
    id = await routedCase();
    const { announced, body, completed } = await attach(id, PDF);
    expect(announced.status).toBe(201);
    expect(body).toMatchObject({ method: "PUT", attachment: { state: "pending", size: PDF.byteLength } });
    expect(completed!.status).toBe(200);
    const stored = (await completed!.json()) as { id: string; sha256: string; stored: { sha256: string } };
    expect(stored).toMatchObject({ state: "stored", sha256: sha256(PDF), stored: { sha256: sha256(PDF) } });
    pdfId = stored.id;

    const got = await download(id, pdfId);
    expect(got.res.status).toBe(303);
    expect(Buffer.from(got.bytes!).equals(Buffer.from(PDF))).toBe(true);
    expect(got.file!.headers.get("content-disposition")).toContain("filename*=UTF-8''");
  });

  it("puts each file on the chain with its hashes but not its name, and answers a second completion the same", async () => {
    const again = await stack.call("POST", `/v1/cases/${id}/attachments/${pdfId}/complete`, intake);
    expect(again.status).toBe(200);
    const events = (await (await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake)).json()) as {
      items: Array<{ type: string; data: Record<string, unknown> }>;
    };
    const added = events.items.filter((e) => e.type === "attachment_added");
    expect(added).toHaveLength(1);
    expect(added[0]!.data).toMatchObject({
      attachmentId: pdfId,
      sha256: sha256(PDF),
      storedSha256: sha256(PDF),
    });
    expect(JSON.stringify(added[0])).not.toContain("工资条");
    expect(await (await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).json()).toMatchObject({
      valid: true,
    });
  });

  it("takes a photo's GPS position and camera text out before anyone reads it", async () => {
    for (const text of CAMERA_METADATA_TEXT.slice(0, 2)) expect(textOf(PHOTO)).toContain(text);
    const { completed } = await attach(id, PHOTO, { filename: "现场照片.jpg", contentType: "image/jpeg" });
    expect(completed!.status).toBe(200);
    const stored = (await completed!.json()) as { id: string; sha256: string; stored: { sha256: string } };
    expect(stored.sha256).toBe(sha256(PHOTO));
    expect(stored.stored.sha256).not.toBe(sha256(PHOTO));
    const got = await download(id, stored.id);
    expect(sha256(got.bytes!)).toBe(stored.stored.sha256);
    for (const text of [...CAMERA_METADATA_TEXT, "Camera serial"])
      expect(textOf(got.bytes!)).not.toContain(text);
  });

  it("refuses a wrong checksum, an oversized file and a type not accepted, each as problem+json", async () => {
    const wrongSum = await attach(id, PDF, { sha256: sha256(new TextEncoder().encode("another file")) });
    expect(wrongSum.completed!.status).toBe(422);
    expect(wrongSum.completed!.headers.get("content-type")).toContain("application/problem+json");
    expect(await wrongSum.completed!.json()).toMatchObject({ rule: "attachment-checksum-mismatch" });

    const oversized = await attach(id, PDF, { size: 21 * 1024 * 1024 });
    expect(oversized.announced.status).toBe(413);
    expect(oversized.body).toMatchObject({ type: "urn:casebridge:problem:payload-too-large" });

    const gif = await attach(id, PDF, { contentType: "image/gif", filename: "a.gif" });
    expect(gif.announced.status).toBe(415);

    const notAPng = await attach(id, PDF, { contentType: "image/png", filename: "a.png" });
    expect(notAPng.completed!.status).toBe(415);

    const list = (await (await stack.call("GET", `/v1/cases/${id}/attachments`, intake)).json()) as {
      items: Array<{ state: string }>;
    };
    // The two kept, and the two refused at completion still pending (their uploads discarded).
    expect(list.items.map((a) => a.state).sort()).toEqual(["pending", "pending", "stored", "stored"]);
  });

  it("shows nothing to the respondent agency and refuses an auditor", async () => {
    expect((await stack.call("GET", `/v1/cases/${id}/attachments`, housing)).status).toBe(404);
    expect((await download(id, pdfId, housing)).res.status).toBe(404);
    expect((await attach(id, PDF, {}, housing)).announced.status).toBe(404);
    const byAuditor = await stack.call("GET", `/v1/cases/${id}/attachments`, auditor);
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.headers.get("content-type")).toContain("application/problem+json");
  });

  it("records each download as a reveal", async () => {
    const log = async () =>
      (
        (await (await stack.call("GET", `/v1/cases/${id}/access-log`, auditor)).json()) as {
          items: unknown[];
        }
      ).items.length;
    const before = await log();
    await download(id, pdfId);
    expect(await log()).toBe(before + 1);
  });

  it("still gives the file after the local runtime and its S3 restart on the same data", async () => {
    await stack.runtime.stop();
    await s3.stop();
    s3 = await startS3Emulator(dir);
    stack = await open(s3.url, name, secret, keys);
    running.push(stack.runtime);
    const got = await download(id, pdfId);
    expect(got.res.status).toBe(303);
    expect(Buffer.from(got.bytes!).equals(Buffer.from(PDF))).toBe(true);
  });
});
