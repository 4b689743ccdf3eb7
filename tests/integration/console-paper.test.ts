// A case's paper in the console: the written notices listed for all who see the case, a
// notice's PDF and the files offered only to those who work it, each download recorded, the
// files' names shown only with the identity and that page recording one reveal, not two.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { ConsoleBrowser } from "../support/console.js";
import {
  auditor,
  hrssHandler,
  intake,
  registration,
  useTestStack,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

async function as(who: Identity): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(who);
  await browser.get("/console?lang=en");
  return browser;
}

async function reveals(id: string): Promise<number> {
  const log = (await (await stack.call("GET", `/v1/cases/${id}/access-log`, auditor)).json()) as {
    items: unknown[];
  };
  return log.items.length;
}

describe("a case's paper in the console", () => {
  let id = "";

  it("lists the case's notices, with a PDF to download for those who work it, recorded", async () => {
    const created = (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as {
      id: string;
    };
    id = created.id;
    await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    await stack.call("POST", `/v1/cases/${id}/acknowledge`, hrssHandler, {});
    await stack.drain();

    const hrss = await as(hrssHandler);
    const page = await hrss.get(`/console/cases/${id}`);
    expect(page.html).toContain("<h2>Written notices</h2>");
    expect(page.html).toContain("Notice of acceptance");
    const link = /href="(\/console\/cases\/[^"]+\/notices\/acceptance-\d+)"/.exec(page.html)?.[1];
    expect(link).toBeDefined();
    const before = await reveals(id);
    const res = await stack.app.request(link!, {
      headers: { cookie: [...hrss.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const listed = (await (await stack.call("GET", `/v1/cases/${id}/notices`, intake)).json()) as {
      items: Array<{ kind: string; sha256: string }>;
    };
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      listed.items.find((n) => n.kind === "acceptance")!.sha256,
    );
    expect(await reveals(id)).toBe(before + 1);
  });

  it("shows an auditor the list but no PDF and no files", async () => {
    const page = await (await as(auditor)).get(`/console/cases/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Notice of acceptance");
    expect(page.html).not.toContain("/notices/acceptance-");
    expect(page.html).not.toContain("<h2>Attachments</h2>");
  });

  it("counts the files until the identity is shown, then names them, recording that one reveal only", async () => {
    const sha256 = createHash("sha256").update(PDF).digest("hex");
    const announced = (await (
      await stack.call("POST", `/v1/cases/${id}/attachments`, intake, {
        filename: "王建国-工资条.pdf",
        contentType: "application/pdf",
        size: PDF.byteLength,
        sha256,
      })
    ).json()) as { id: string; uploadUrl: string; uploadHeaders: Record<string, string> };
    await fetch(announced.uploadUrl, { method: "PUT", body: PDF, headers: announced.uploadHeaders });
    expect(
      (await stack.call("POST", `/v1/cases/${id}/attachments/${announced.id}/complete`, intake)).status,
    ).toBe(200);

    const hrss = await as(hrssHandler);
    const masked = await hrss.get(`/console/cases/${id}`);
    expect(masked.html).toContain("<h2>Attachments</h2>");
    expect(masked.html).toContain("1 file.");
    expect(masked.html).not.toContain("工资条");

    const before = await reveals(id);
    const shown = await hrss.post(`/console/cases/${id}/identity`, {});
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("王建国-工资条.pdf");
    expect(shown.html).toContain(`/console/cases/${id}/attachments/${announced.id}`);
    expect(await reveals(id)).toBe(before + 1);

    const download = await hrss.get(`/console/cases/${id}/attachments/${announced.id}`);
    expect(download.status).toBe(303);
    const file = new Uint8Array(await (await fetch(download.location!)).arrayBuffer());
    expect(Buffer.from(file).equals(Buffer.from(PDF))).toBe(true);
    expect(await reveals(id)).toBe(before + 2);
  });
});
