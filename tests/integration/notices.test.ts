// The written notices end to end, on the real handlers, DynamoDB Local, the SQS emulator,
// the table's stream and s3rver: a case routed and acknowledged has its transfer and
// acceptance notices, a reply its handling opinion; each PDF reads back (pdftotext) with the
// case code and what it tells, the hash on the chain is the hash of the bytes served, and
// only those who work the case may read one, recorded first. The respondent sees nothing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditor,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const housing = who("housing", "handler");

/** The text of a PDF as pdftotext reads it, without the spaces its layout puts in. */
function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "casebridge-notice-"));
  try {
    writeFileSync(join(dir, "n.pdf"), pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "n.pdf"), "-"], {
      encoding: "utf8",
    }).replace(/\s+/g, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function notices(id: string, as = intake) {
  const res = await stack.call("GET", `/v1/cases/${id}/notices`, as);
  return { status: res.status, body: (await res.json()) as { items: Array<Record<string, any>> } };
}

async function pdf(id: string, noticeId: string, as = hrssHandler) {
  const res = await stack.call("GET", `/v1/cases/${id}/notices/${noticeId}`, as);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function events(id: string) {
  const res = await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake);
  return ((await res.json()) as { items: Array<Record<string, any>> }).items;
}

describe("the written notices of a case", () => {
  let id = "";
  let code = "";

  it("are issued for the transfer and the acceptance, once each, after the events that call for them", async () => {
    const created = await stack.call(
      "POST",
      "/v1/cases",
      intake,
      registration({ respondent: { agency: "housing", official: "Director Gao" } }),
    );
    expect(created.status).toBe(201);
    ({ id, code } = (await created.json()) as { id: string; code: string });
    expect((await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" })).status).toBe(
      202,
    );
    await stack.drain();
    expect((await stack.call("POST", `/v1/cases/${id}/acknowledge`, hrssHandler, {})).status).toBe(200);
    await stack.drain();
    // A second pass over the stream, as a redelivery would be, issues nothing twice.
    await stack.notices.drain();

    const listed = await notices(id);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n) => n.kind)).toEqual(["transfer", "acceptance"]);
    const issued = (await events(id)).filter((e) => e.type === "notice_issued");
    expect(issued.map((e) => e.data.kind)).toEqual(["transfer", "acceptance"]);
  });

  it("reads back as an acceptance notice with the case code, the petitioner as addressee and the lead agency (人社局) as issuer", async () => {
    const acceptance = (await notices(id)).body.items.find((n) => n.kind === "acceptance")!;
    const { res, bytes } = await pdf(id, acceptance.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(bytes);
    for (const words of ["信访事项受理告知书", code, "王建国：", "决定受理", "人社局", "第三十二条"])
      expect(text).toContain(words);
    // The transfer is the bureau's, though the router records it: the bureau issues its notice.
    const transfer = (await notices(id)).body.items.find((n) => n.kind === "transfer")!;
    const told = pdfText((await pdf(id, transfer.id)).bytes);
    for (const words of ["信访事项转送告知书", "转送人社局", "县信访局"]) expect(told).toContain(words);
  });

  it("serves the bytes whose hash the chain holds, the same bytes every time", async () => {
    const acceptance = (await notices(id)).body.items.find((n) => n.kind === "acceptance")!;
    const first = await pdf(id, acceptance.id);
    const again = await pdf(id, acceptance.id, intake);
    const hash = createHash("sha256").update(first.bytes).digest("hex");
    const onChain = (await events(id)).find(
      (e) => e.type === "notice_issued" && e.data.kind === "acceptance",
    )!;
    expect(onChain.data).toMatchObject({
      noticeId: acceptance.id,
      sha256: hash,
      bytes: first.bytes.byteLength,
    });
    expect(acceptance.sha256).toBe(hash);
    expect(first.res.headers.get("digest-sha256")).toBe(hash);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const verdict = await (await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).json();
    expect(verdict).toMatchObject({ valid: true });
  });

  it("records each read of a PDF as an identity reveal", async () => {
    const before = await stack.call("GET", `/v1/cases/${id}/access-log`, auditor);
    const count = ((await before.json()) as { items: unknown[] }).items.length;
    const acceptance = (await notices(id)).body.items.find((n) => n.kind === "acceptance")!;
    await pdf(id, acceptance.id, hrssHead);
    const after = (await (await stack.call("GET", `/v1/cases/${id}/access-log`, auditor)).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(after.items.length).toBe(count + 1);
    expect(after.items[0]).toMatchObject({ actor: hrssHead.sub, agency: "hrss", view: "petitioner_full" });
  });

  it("is 404 to the respondent agency and 403 to an auditor for the PDF, and 404 for a notice that is not there", async () => {
    const acceptance = (await notices(id)).body.items.find((n) => n.kind === "acceptance")!;
    expect((await notices(id, housing)).status).toBe(404);
    expect((await pdf(id, acceptance.id, housing)).res.status).toBe(404);
    const byAuditor = await pdf(id, acceptance.id, auditor);
    expect(byAuditor.res.status).toBe(403);
    expect(byAuditor.res.headers.get("content-type")).toContain("application/problem+json");
    const missing = await pdf(id, "reply-99", hrssHandler);
    expect(missing.res.status).toBe(404);
    expect((await pdf(id, "not an id", hrssHandler)).res.status).toBe(400);
  });

  it("adds the handling opinion on a reply, naming where to ask for a review", async () => {
    const replied = await stack.call("POST", `/v1/cases/${id}/reply`, hrssHead, {
      summary: "养老保险欠费已补缴",
      text: "经核查，该厂已于十一月补缴全部欠费。",
    });
    expect(replied.status).toBe(200);
    await stack.drain();
    const opinion = (await notices(id)).body.items.find((n) => n.kind === "handling_opinion")!;
    expect(opinion).toBeDefined();
    const text = pdfText((await pdf(id, opinion.id)).bytes);
    for (const words of ["信访事项处理意见书", code, "养老保险欠费已补缴", "三十日内", "请求复查"])
      expect(text).toContain(words);
  });

  it("records how a notice reached the petitioner once, and refuses a time to come or a notice not there", async () => {
    const acceptance = (await notices(id)).body.items.find((n) => n.kind === "acceptance")!;
    const at = stack.clock.now().toISOString();
    const path = `/v1/cases/${id}/notices/${acceptance.id}/delivered`;
    const first = await stack.call("POST", path, hrssHandler, { method: "post", at });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ noticeId: acceptance.id, method: "post", at });
    // The same request again (a client's retry) records nothing more.
    expect((await stack.call("POST", path, hrssHandler, { method: "post", at })).status).toBe(201);
    const delivered = (await events(id)).filter((e) => e.type === "notice_delivered");
    expect(delivered.map((e) => e.data)).toEqual([{ noticeId: acceptance.id, method: "post", at }]);

    const future = new Date(stack.clock.now().getTime() + 3_600_000).toISOString();
    const early = await stack.call("POST", path, hrssHandler, { method: "post", at: future });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ rule: "delivery-in-future" });
    expect((await stack.call("POST", path, hrssHandler, { method: "carrier_pigeon", at })).status).toBe(400);
    expect(
      (
        await stack.call("POST", `/v1/cases/${id}/notices/reply-99/delivered`, hrssHandler, {
          method: "post",
          at,
        })
      ).status,
    ).toBe(404);
    expect((await stack.call("POST", path, auditor, { method: "post", at })).status).toBe(403);
    expect((await stack.call("POST", path, housing, { method: "post", at })).status).toBe(404);
  });
});
