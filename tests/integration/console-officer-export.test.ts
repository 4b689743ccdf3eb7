// `Export CSV` against the real stack: the file holds exactly the rows the inbox shows for a
// filter — page after page, in the inbox's order, only the person's own cases — with no
// identity (not even masked), a byte-order mark for Excel, RFC 4180 quoting, every cell a
// spreadsheet would run as a formula made text, headers in the page's language, and a file
// name that is only a date.
import { describe, expect, it } from "vitest";
import { en } from "../../shared/console/i18n/en.js";
import { zh } from "../../shared/console/i18n/zh.js";
import { localDay } from "../../shared/domain/calendar.js";
import type { Identity } from "../../shared/domain/access.js";
import { ConsoleBrowser, type Page } from "../support/console.js";
import { hrssHandler, intake, registration, useTestStack, type TestStack } from "../support/factories.js";
import { codesOf, decodeHref, download } from "../support/inbox.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

async function register(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const res = await stack.call("POST", "/v1/cases", intake, registration(overrides));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; code: string };
}

async function signedIn(who: Identity): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(who);
  await browser.get("/console?lang=en");
  return browser;
}

describe("export what you see", () => {
  const PII = {
    name: "禤翀龘",
    idNumber: "45032719830917641X",
    phone: "17743219865",
    address: "象山乡翠微村菩提巷33号",
  };
  const TITLES = [
    '=HYPERLINK("http://evil.example","click")',
    'Fence, "gate" and wall',
    "@SUM(A1:A9)",
    "-2+3",
    "围墙\n倒塌",
  ];

  it("holds exactly the rows on screen for a filter, no identity, BOM, quoting and formulas made text", async () => {
    const made = [];
    for (const title of TITLES)
      made.push(await register({ title, category: "environment", channel: "letter", petitioner: PII }));
    const officer = await signedIn(intake);
    const page: Page = await officer.get("/console?category=environment&channel=letter");
    const onScreen = codesOf(page.html);
    expect(new Set(onScreen)).toEqual(new Set(made.map((k) => k.code)));
    expect(page.html).toMatch(
      /<a class="button secondary" href="\/console\/inbox\.csv\?category=environment&amp;channel=letter" download="">Export CSV<\/a>/,
    );

    const { res, bytes, text, records } = await download(
      stack,
      officer,
      "/console/inbox.csv?category=environment&channel=letter",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const day = localDay(stack.clock.now(), "Asia/Shanghai");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="inbox-${day}.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const [header, ...rows] = records;
    expect(header).toEqual([
      "Code",
      "Matter",
      "Status",
      "Category",
      "Region",
      "Channel",
      "Received",
      "Lead agency",
      "Next deadline",
      "Due (Asia/Shanghai)",
      "Overdue",
    ]);
    expect(rows.map((r) => r[0])).toEqual(onScreen);
    const byCode = new Map(rows.map((r) => [r[0], r]));
    const first = byCode.get(made[0]!.code)!;
    expect(first[1]).toBe(`'${TITLES[0]}`);
    expect(first.slice(2)).toEqual([
      "Registered",
      "Environment",
      "Industrial park",
      "Letter",
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      "",
      en.clockNames.route,
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      "no",
    ]);
    expect(byCode.get(made[1]!.code)![1]).toBe(TITLES[1]);
    expect(byCode.get(made[2]!.code)![1]).toBe(`'${TITLES[2]}`);
    expect(byCode.get(made[3]!.code)![1]).toBe(`'${TITLES[3]}`);
    expect(byCode.get(made[4]!.code)![1]).toBe(TITLES[4]);
    expect(text).toContain('"Fence, ""gate"" and wall"');
    for (const needle of [
      PII.name,
      "禤**",
      "翀",
      PII.idNumber,
      "4503",
      PII.phone,
      "177",
      PII.address,
      "象山乡",
    ])
      expect(text, needle).not.toContain(needle);

    // In Chinese, the headers and words are the page's.
    const chinese = await download(
      stack,
      officer,
      "/console/inbox.csv?category=environment&channel=letter&lang=zh",
    );
    expect(chinese.records[0]).toEqual([
      "编号",
      "事项",
      "状态",
      "类别",
      "区域",
      "渠道",
      "收到时间",
      "主办单位",
      "最近期限",
      "到期时间（Asia/Shanghai）",
      "是否超期",
    ]);
    expect(chinese.records[1]!.slice(2, 4)).toEqual([zh.statuses.registered, "生态环境"]);
  });

  it("follows the inbox page after page, in its order, and shows each person only their own cases", async () => {
    for (let i = 0; i < 53; i++)
      await register({ title: `Paged ${i}`, category: "health", channel: "online" });
    const officer = await signedIn(intake);
    let page = await officer.get("/console?category=health");
    const onScreen = codesOf(page.html);
    let pages = 1;
    for (let next = /<a href="([^"]+)">Next page<\/a>/.exec(page.html); next; pages++) {
      page = await officer.get(decodeHref(next[1]!));
      onScreen.push(...codesOf(page.html));
      next = /<a href="([^"]+)">Next page<\/a>/.exec(page.html);
    }
    expect(pages).toBeGreaterThan(1);
    expect(onScreen.length).toBeGreaterThanOrEqual(53);
    const file = await download(stack, officer, "/console/inbox.csv?category=health");
    expect(file.records.slice(1).map((r) => r[0])).toEqual(onScreen);

    // The hrss handler's inbox holds none of the bureau's registered cases, and neither does their file.
    const handler = await signedIn(hrssHandler);
    const theirs = await download(stack, handler, "/console/inbox.csv?category=health");
    expect(theirs.records).toHaveLength(1);
    expect(codesOf((await handler.get("/console?category=health")).html)).toEqual([]);
    // Signed out, there is no file: sign in first.
    const stranger = await stack.app.request("/console/inbox.csv");
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get("location")).toBe("/console/sign-in");
  });
});
