// The console in Debian's Chromium, walked as its people walk it (issue 10, "Tests and
// figures"): intake registers and routes a petition; the hrss handler finds it in the inbox,
// acknowledges and replies; the respondent agency's handler can neither open it nor see it;
// the clock moves and the bureau sees an overdue case on Escalations; a joint meeting takes
// it up, records a decision, and its minutes download. Controls are found by their English
// accessible names, as people and assistive technology find them.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinator, hrssHandler, intake, testStack, who, type TestStack } from "../support/factories.js";
import { CHROMIUM_MISSING, launchChromium, serveOnLoopback, type Chromium, type Served } from "./chromium.js";
import {
  advanceClock,
  commandForm,
  factOf,
  issue,
  openFromInbox,
  registerPetition,
  signedIn,
  tick,
} from "./console-steps.js";

const sasacHandler = who("sasac", "handler");

let stack: TestStack;
let served: Served;
let chromium: Chromium;

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  stack = await testStack();
  served = await serveOnLoopback((req) => stack.app.fetch(req));
  chromium = await launchChromium({ downloads: true });
});

afterAll(async () => {
  if (CHROMIUM_MISSING) return;
  await chromium?.close();
  served?.close();
  await stack?.stop();
});

/** The case's id, from the address of its page. */
const caseIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1)!;

describe("a petition through the console", () => {
  let code: string;
  let caseId: string;

  it("intake registers a petition and routes it by the rules", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await signedIn(chromium.context, served.base, intake);

    code = await registerPetition(page, {
      title: "Bearing factory pensions",
      description: "32 workers of the county bearing factory ask about pensions and medical insurance.",
      headcount: 32,
      respondent: "sasac",
    });
    caseId = caseIdOf(page);
    await issue(page, "Route", (form) =>
      form
        .getByLabel("Kind")
        .selectOption("transfer")
        .then(() => undefined),
    );
    await tick(page, served.base);
    await page.reload();

    expect(code).toMatch(/^\S+$/);
    await expect(factOf(page, "Status")).resolves.toBe("Transferred");
    await expect(factOf(page, "Lead agency")).resolves.toBe("Human Resources and Social Security Bureau");
    await page.close();
  });

  it("the hrss handler finds it in the inbox by its code, acknowledges and replies", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await signedIn(chromium.context, served.base, hrssHandler);

    await openFromInbox(page, served.base, code);
    await issue(page, "Acknowledge");
    await issue(page, "Reply", async (form) => {
      await form.getByLabel("Summary").fill("Pensions recalculated");
      await form.getByLabel("Text").fill("The bureau recalculated the 32 workers' pensions from July.");
    });

    expect(caseIdOf(page)).toBe(caseId);
    await expect(factOf(page, "Status")).resolves.toBe("Replied");
    // No command the handler may not issue now: a replied case is the petitioner's to take further.
    await expect(commandForm(page, "Acknowledge").count()).resolves.toBe(0);
    await expect(commandForm(page, "Reply").count()).resolves.toBe(0);
    const timeline = page.locator("ol.timeline");
    await expect(timeline.getByText("Acknowledged").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText("Chain verified").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("the respondent agency's handler cannot open it and does not see it in the inbox", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await signedIn(chromium.context, served.base, sasacHandler);

    const inbox = await page.content();
    const opened = await page.goto(`${served.base}/console/cases/${caseId}`);

    expect(inbox).not.toContain(code);
    expect(inbox).not.toContain(caseId);
    expect(opened?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found", level: 1 }).isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain(code);
    await page.close();
  });
});

describe("the bureau's escalations and a joint meeting", () => {
  let code: string;

  /** The nearest heading of a level before the case's link: its list (h2), its agency (h3). */
  const headingOf = (page: Page, linkText: string, level: "h2" | "h3") =>
    page.locator(`xpath=//a[normalize-space()="${linkText}"]/preceding::${level}[1]`).first().textContent();

  it("sees an unacknowledged case on Escalations at L1 once its clock is overdue", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await signedIn(chromium.context, served.base, intake);
    code = await registerPetition(page, {
      title: "Unpaid wages at the brickworks",
      description: "Six workers have not been paid since June.",
      headcount: 6,
      respondent: "sasac",
    });
    await issue(page, "Route", (form) =>
      form
        .getByLabel("Kind")
        .selectOption("transfer")
        .then(() => undefined),
    );
    await tick(page, served.base);
    await page.close();

    // The acknowledgement clock is 15 days: 20 days on, it is overdue (L1).
    const bureau = await signedIn(chromium.context, served.base, coordinator);
    await advanceClock(bureau, served.base, "P20D");
    await bureau.getByRole("link", { name: "Escalations", exact: true }).click();

    await expect(bureau.getByRole("heading", { name: "Escalations", level: 1 }).isVisible()).resolves.toBe(
      true,
    );
    for (const section of ["L1", "L2", "L3", "Disputes", "Listed supervision"])
      await expect(bureau.getByRole("heading", { name: section, exact: true }).count()).resolves.toBe(1);
    await expect(headingOf(bureau, code, "h2")).resolves.toMatch(/^\s*L1\b/);
    await expect(headingOf(bureau, code, "h3")).resolves.toContain("Human Resources and Social Security");
    await bureau.close();
  });

  it("a joint meeting takes it up, records a decision, closes, and its minutes download", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const bureau = await signedIn(chromium.context, served.base, coordinator);
    // 15 days past due: L3, onto the next joint meeting's agenda.
    await advanceClock(bureau, served.base, "P11D");
    await bureau.getByRole("link", { name: "Meetings", exact: true }).click();
    await bureau.getByRole("heading", { name: "Meetings", level: 1 }).waitFor();
    const convene = bureau.getByRole("form", { name: "Convene meeting" });
    await convene.getByLabel("Title").fill("Joint meeting on overdue labour cases");
    await convene.getByLabel("Date").fill("2026-11-20T10:00");
    await convene
      .getByLabel("Members")
      .selectOption([
        { label: "Human Resources and Social Security Bureau" },
        { label: "State-owned Assets Bureau" },
      ]);
    await Promise.all([
      bureau.waitForURL(/\/console\/meetings\/[0-9A-Z]{26}\?done=convene$/),
      convene.getByRole("button", { name: "Convene meeting" }).click(),
    ]);
    // Convening puts the cases waiting for a meeting on its agenda: this one is at L3.
    await expect(bureau.getByRole("link", { name: code, exact: true }).isVisible()).resolves.toBe(true);
    const undecided = await bureau.getByRole("button", { name: "Record decision" }).count();
    const decision = bureau.getByRole("form", { name: `Decision on ${code}` });
    // The petition complains about sasac: it is not offered as the lead.
    await expect(
      decision.getByLabel("Lead agency").locator("option").allTextContents(),
    ).resolves.not.toContain("State-owned Assets Bureau");
    await decision
      .getByLabel("Lead agency")
      .selectOption({ label: "Human Resources and Social Security Bureau" });
    await decision.getByLabel("Note").fill("hrss to pay the arrears within ten working days.");
    await Promise.all([
      bureau.waitForURL(/done=decision/),
      decision.getByRole("button", { name: "Record decision" }).click(),
    ]);
    await expect(bureau.getByRole("button", { name: "Record decision" }).count()).resolves.toBe(
      undecided - 1,
    );
    await Promise.all([
      bureau.waitForURL(/done=close/),
      bureau.getByRole("button", { name: "Close meeting" }).click(),
    ]);
    const [download] = await Promise.all([
      bureau.waitForEvent("download"),
      bureau.getByRole("link", { name: "Download minutes" }).click(),
    ]);

    const minutes = readFileSync((await download.path())!, "utf8");
    expect(minutes).toContain("Joint meeting on overdue labour cases");
    expect(minutes).toContain(code);
    // The minutes name no petitioner in full.
    expect(minutes).not.toContain("王建国");
    await bureau.close();
  });
});
