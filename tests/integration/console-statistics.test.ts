// The Statistics page against the real stack: it charts what the counters hold, in both
// languages; wired to another source of figures, it asks it as the person signed in and
// charts exactly what it answers, each chart with its data table. Only those the
// rights table lets read statistics see the page or a link to it.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ReferenceService } from "../../shared/app/reference.js";
import { createConsoleApp } from "../../shared/console/app.js";
import { localAuth } from "../../shared/console/local-auth.js";
import type { StatisticsSource } from "../../shared/console/statistics.js";
import type { Identity } from "../../shared/domain/access.js";
import { ConsoleBrowser, textOf } from "../support/console.js";
import {
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  useTestStack,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

async function as(person: Identity, lang: "en" | "zh" = "en"): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(person);
  await browser.get(`/console?lang=${lang}`);
  return browser;
}

describe("Statistics", () => {
  it("charts the counters GET /v1/stats reads, in both languages, to those who may read them", async () => {
    const { id } = (await (
      await stack.call(
        "POST",
        "/v1/cases",
        intake,
        registration({ category: "environment", channel: "online" }),
      )
    ).json()) as { id: string };
    await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    for (const [lang, heading, shown] of [
      ["en", "Statistics", ["Environment 1", "Online 1"]],
      ["zh", "统计", ["生态环境 1", "网上信访 1"]],
    ] as const) {
      const page = await (await as(coordinator, lang)).get("/console/statistics");
      expect(page.status).toBe(200);
      expect(page.html).toContain(`<h1>${heading}</h1>`);
      expect(page.html.match(/<svg role="img"/g)?.length).toBeGreaterThanOrEqual(4);
      const text = textOf(page.html);
      for (const s of shown) expect(text).toContain(s);
      expect(page.headers.get("content-security-policy")).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    }
    expect((await (await as(hrssHead)).get("/console/statistics")).status).toBe(200);
    const handler = await as(hrssHandler);
    expect(handler.last!.html).not.toContain('href="/console/statistics"');
    expect((await handler.get("/console/statistics")).status).toBe(403);
  });

  it("charts what a wired source answers, for the person asking, with the same numbers in tables", async () => {
    const asked: { sub: string; by: string; from: string; to: string }[] = [];
    const source: StatisticsSource = {
      async read(person, query) {
        asked.push({ sub: person.sub, ...query });
        const row = (key: string, received: number) => ({ key: { [query.by]: key }, received, concluded: 1 });
        const rows = {
          month: [row(query.to, 7)],
          category: [row("labor-social-security", 5), row("environment", 2)],
          region: [row("industrial-park", 7)],
          channel: [row("visit", 4), row("letter", 3)],
        }[query.by];
        return { rows, totals: { received: 7, concluded: 2, onTimeRate: 0.5, backlogRate: 0.04 } };
      },
    };
    const wired = createConsoleApp(stack.deps, {
      auth: localAuth(new ReferenceService(stack.deps)),
      sessionKey: "ab".repeat(32),
      secureCookies: false,
      sessionMaxAgeSeconds: 3600,
      statistics: source,
    });
    const app = new Hono().route("/console", wired);
    const browser = new ConsoleBrowser({ ...stack, app } as unknown as TestStack);
    await browser.signIn(coordinator);
    const page = await browser.get("/console/statistics?lang=en");
    expect(asked.map((a) => [a.sub, a.by])).toEqual(
      ["month", "category", "region", "channel"].map((by) => ["coordinator@bureau", by]),
    );
    expect(asked[0]!.to.slice(0, 4)).toMatch(/^20\d\d$/);
    expect(page.html.match(/<svg role="img"/g)).toHaveLength(5);
    const text = textOf(page.html);
    for (const shown of [
      "On-time conclusion 50.0 %",
      "Backlog rate 4.0 %",
      "Labour and social security 5",
      "Industrial park 7",
      "Visit 4",
    ])
      expect(text).toContain(shown);
    expect(text).not.toContain("On-time acknowledgement");
  });
});
