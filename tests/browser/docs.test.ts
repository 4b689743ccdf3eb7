// /docs in Debian's Chromium through playwright-core (never a downloaded browser): the
// reference renders from /openapi.json, no request leaves this origin, the CSP reports no
// violation, and a token pasted into the page carries a try-it call to the API.
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLocalToken } from "../../infra/local/tokens.js";
import { intake, testStack, type TestStack } from "../support/factories.js";
import {
  CHROMIUM_MISSING as MISSING,
  launchChromium,
  serveOnLoopback,
  type Chromium,
  type Served,
} from "./chromium.js";

let stack: TestStack;
let server: Served;
let base: string;
let chromium: Chromium;
let browser: BrowserContext;
/** What reached the server, with the Authorization header it carried. */
const served: { method: string; path: string; authorization: string | null; status: number }[] = [];

beforeAll(async () => {
  if (MISSING) return;
  stack = await testStack();
  server = await serveOnLoopback(async (req: Request) => {
    const res = await stack.app.fetch(req);
    served.push({
      method: req.method,
      path: new URL(req.url).pathname,
      authorization: req.headers.get("authorization"),
      status: res.status,
    });
    return res;
  });
  base = server.base;
  chromium = await launchChromium();
  browser = chromium.context;
});

afterAll(async () => {
  if (MISSING) return;
  await chromium?.close();
  server?.close();
  await stack?.stop();
});

/** A fresh page that records every request it makes and every error it logs. */
async function openDocs(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  // Chromium reports each CSP violation as a console error.
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/docs`);
  await page.getByText("Register a petition").first().waitFor();
  return { page, requests, errors };
}

const offOrigin = (requests: string[]) => requests.filter((url) => new URL(url).origin !== base);

describe("/docs in Chromium", () => {
  it("renders the reference from this origin alone, with no CSP violation", async (ctx) => {
    ctx.skip(MISSING !== undefined, MISSING);
    const { page, requests, errors } = await openDocs();

    await expect(page.title()).resolves.toContain("Casebridge");
    expect(await page.getByRole("heading", { name: "Casebridge API" }).isVisible()).toBe(true);
    await page.screenshot({ path: join(tmpdir(), "casebridge-docs.png") });
    expect(requests.map((url) => new URL(url).pathname)).toEqual(
      expect.arrayContaining(["/docs", "/openapi.json", expect.stringMatching(/^\/docs\/assets\/.+\.js$/)]),
    );
    expect(offOrigin(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends a try-it call with a pasted bearer token", async (ctx) => {
    ctx.skip(MISSING !== undefined, MISSING);
    const token = await issueLocalToken(stack.secret, intake, stack.clock.now());
    const { page, requests, errors } = await openDocs();

    await page.getByPlaceholder("Token").first().fill(token);
    // Tags render when opened: through the sidebar, as a person would.
    await page.getByRole("button", { name: "Open Group - reference" }).click();
    await page.getByRole("link", { name: "Agencies of the jurisdiction" }).click();
    await page.getByRole("button", { name: "Test Request (get /v1/agencies)" }).click();
    await page.getByRole("button", { name: `Send get request to ${base}/v1/agencies` }).click();
    // The answer shows in the client's response panel.
    await page.getByText("Human Resources and Social Security Bureau").first().waitFor();
    await page.screenshot({ path: join(tmpdir(), "casebridge-docs-try-it.png") });

    expect(served).toContainEqual({
      method: "GET",
      path: "/v1/agencies",
      authorization: `Bearer ${token}`,
      status: 200,
    });
    expect(offOrigin(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
