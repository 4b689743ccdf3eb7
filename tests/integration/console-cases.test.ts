// The console's case work against the real stack: the inbox shows an agency its own cases,
// a respondent agency never sees its case, the new-petition form keeps what was typed and
// says what is wrong beside each field, commands go through with the case version and a
// stale one keeps the officer's entry, and `Show identity` is recorded once and leaks nowhere.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS } from "../../shared/durations.js";
import {
  ConsoleBrowser,
  alertsOf,
  buttonsOf,
  controlOf,
  inputValue,
  textOf,
  titleOf,
} from "../support/console.js";
import {
  hrssHandler,
  hrssHead,
  intake,
  natresHandler,
  auditor,
  registration,
  useTestStack,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

interface CaseJson {
  id: string;
  code: string;
  status: string;
  version: number;
  petitioner: { name: string; idNumber?: string };
}

async function apiCase(id: string, as: Identity = intake): Promise<CaseJson> {
  return (await (await stack.call("GET", `/v1/cases/${id}`, as)).json()) as CaseJson;
}

/** Registered by intake and routed by the rules: labour cases go to hrss. */
async function routedCase(overrides: Record<string, unknown> = {}): Promise<CaseJson> {
  const created = (await (
    await stack.call("POST", "/v1/cases", intake, registration(overrides))
  ).json()) as CaseJson;
  expect(
    (await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" })).status,
  ).toBe(202);
  await stack.drain();
  return apiCase(created.id);
}

async function as(who: Identity): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(who);
  await browser.get("/console?lang=en");
  return browser;
}

describe("the inbox", () => {
  it("shows a routed case to the agency it went to, and not to another", async () => {
    const kase = await routedCase();
    expect(kase.status).toBe("transferred");
    const link = `<a href="/console/cases/${kase.id}">${kase.code}</a>`;

    const hrss = await (await as(hrssHandler)).get("/console");
    expect(hrss.html).toContain("<h1>Inbox</h1>");
    expect(hrss.html).toContain(link);
    const natres = await (await as(natresHandler)).get("/console");
    expect(natres.status).toBe(200);
    expect(natres.html).not.toContain(kase.id);
    expect(natres.html).not.toContain(kase.code);
  });

  it("filters by the form's values, which alone reach the address", async () => {
    const kase = await routedCase({ channel: "letter" });
    const browser = await as(hrssHandler);
    const letters = await browser.get("/console?status=transferred&channel=letter&category=&region=");
    expect(letters.html).toContain(kase.code);
    const visits = await browser.get("/console?channel=visit");
    expect(visits.html).not.toContain(kase.code);
    const overdue = await browser.get("/console?overdue=true");
    expect(overdue.html).not.toContain(kase.code);
    // The deadline is said in words beside the case.
    expect(textOf(letters.html)).toMatch(/On track Acknowledgement · \d+ days? left/);
  });
});

describe("the inbox's deadlines and pages", () => {
  it("marks a deadline due soon from the warning point and overdue after it, in words and colour", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    const row = (html: string) =>
      html.slice(html.indexOf(kase.code), html.indexOf("</tr>", html.indexOf(kase.code)));
    try {
      // The 15-day acknowledge clock: 80 % elapsed or 3 days left warns.
      stack.clock.advance(13 * DAY_MS);
      const soon = await browser.get("/console");
      expect(row(soon.html)).toContain('<span class="mark soon">Due soon</span>');
      stack.clock.advance(4 * DAY_MS);
      const late = await browser.get("/console?overdue=true");
      expect(row(late.html)).toContain('<span class="mark late">Overdue</span>');
      expect(textOf(row(late.html))).toMatch(/Acknowledgement · Overdue by \d+ days?/);
    } finally {
      stack.clock.advance(-17 * DAY_MS);
    }
  });

  it("pages with a cursor in the address, the filters kept", async () => {
    const [a, b] = [await routedCase({ channel: "online" }), await routedCase({ channel: "online" })];
    const browser = await as(hrssHandler);
    const first = await browser.get("/console?channel=online&limit=1");
    const next = /<a href="(\/console\?[^"]*cursor=[^"]*)">Next page<\/a>/
      .exec(first.html)?.[1]
      ?.replace(/&amp;/g, "&");
    expect(next).toContain("channel=online");
    const second = await browser.get(next!);
    const codes = [first, second].map((p) => [a.code, b.code].filter((code) => p.html.includes(code)));
    expect(codes.flat().sort()).toEqual([a.code, b.code].sort());
    expect(codes.every((c) => c.length === 1)).toBe(true);
  });
});

describe("a case page", () => {
  it("is 404 for the respondent agency's handler, as the API answers", async () => {
    const kase = await routedCase({ respondent: { agency: "natres" } });
    const page = await (await as(natresHandler)).get(`/console/cases/${kase.id}`);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain(kase.code);
    expect(page.html).not.toContain("Bearing factory");
    expect((await stack.call("GET", `/v1/cases/${kase.id}`, natresHandler)).status).toBe(404);
    // The lead agency sees it.
    const lead = await (await as(hrssHandler)).get(`/console/cases/${kase.id}`);
    expect(lead.status).toBe(200);
    expect(lead.html).toContain(`<h1>${kase.code}</h1>`);
  });

  it("shows the clocks, the timeline in words and the verified chain", async () => {
    const kase = await routedCase();
    const page = await (await as(hrssHandler)).get(`/console/cases/${kase.id}`);
    const text = textOf(page.html);
    expect(page.html).toContain("<h2>Clocks</h2>");
    expect(text).toContain("Objection window");
    expect(text).toMatch(/5 working days/);
    expect(text).toMatch(/\d+ working days? left|Due today/);
    expect(page.html).toContain("<h2>Timeline</h2>");
    expect(text).toMatch(/Registered .*Routing requested .*Transferred/);
    expect(text).toContain("Chain verified");
    expect(page.html).not.toMatch(/[{]"|handoffId|prevHash/);
    // Masked, and this person may reveal it.
    expect(text).toContain("王**");
    expect(text).not.toContain("王建国");
    expect(buttonsOf(page.html)).toContain("Show identity");
  });
});

describe("new petition", () => {
  const typed = {
    channel: "letter",
    category: "land-acquisition",
    region: "xiangshan",
    title: "",
    description: "Compensation for the village's fields was never paid.",
    "petitioner.name": "赵六",
    "petitioner.idNumber": "12345",
    "petitioner.phone": "13900001111",
    "petitioner.address": "示例县香山乡",
    headcount: "3",
  };

  it("shows each problem beside its field and keeps everything typed", async () => {
    const browser = await as(intake);
    await browser.get("/console/register");
    const page = await browser.post("/console/register", typed);
    expect(page.status).toBe(422);
    expect(page.location).toBeNull();

    const id = controlOf(page.html, "ID number")!;
    expect(id).toContain('aria-invalid="true"');
    const describedBy = /aria-describedby="([^"]+)"/.exec(id)![1]!.split(" ");
    const error = new RegExp(
      `<p class="error" id="(${describedBy.join("|")})" role="alert">([^<]+)</p>`,
    ).exec(page.html);
    expect(error?.[2]).toBe("An ID number has 15 or 18 characters (the last may be X).");
    expect(alertsOf(page.html)).toEqual(
      expect.arrayContaining([
        "This field is required.",
        "An ID number has 15 or 18 characters (the last may be X).",
      ]),
    );
    expect(controlOf(page.html, "Title")).toContain('aria-invalid="true"');

    // Nothing typed is lost.
    expect(inputValue(page.html, "petitioner.name")).toBe("赵六");
    expect(inputValue(page.html, "petitioner.idNumber")).toBe("12345");
    expect(inputValue(page.html, "petitioner.phone")).toBe("13900001111");
    expect(inputValue(page.html, "petitioner.address")).toBe("示例县香山乡");
    expect(inputValue(page.html, "headcount")).toBe("3");
    expect(textOf(controlOf(page.html, "Description")!)).toBe(typed.description);
    expect(controlOf(page.html, "Channel")).toContain('<option value="letter" selected="">');
    expect(controlOf(page.html, "Region")).toContain('<option value="xiangshan" selected="">');
    expect(controlOf(page.html, "Phone")).not.toContain("aria-invalid");
  });

  it("registers a valid petition and shows it at its own address, with nothing personal in it", async () => {
    const browser = await as(intake);
    await browser.get("/console/register");
    const sent = await browser.post("/console/register", {
      ...typed,
      title: "Unpaid compensation",
      "petitioner.idNumber": "410102198001011234",
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/console\/cases\/[0-9A-Z]{26}\?done=register$/);
    const page = await browser.follow(sent);
    const id = /cases\/([0-9A-Z]{26})/.exec(sent.location!)![1]!;
    const kase = await apiCase(id);
    expect(page.html).toContain(`<h1>${kase.code}</h1>`);
    expect(textOf(page.html)).toContain("Done: Register");
    expect(kase.petitioner.name).toBe("赵*");
    expect(titleOf(page.html)).toBe(`${kase.code} · Casebridge`);
  });
});

describe("commands", () => {
  it("acknowledges a case from its page, with the version the form carried", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    const page = await browser.get(`/console/cases/${kase.id}`);
    expect(buttonsOf(page.html)).toContain("Acknowledge");
    const sent = await browser.post(`/console/cases/${kase.id}/acknowledge`, {
      _version: inputValue(page.html, "_version")!,
    });
    expect(sent.status).toBe(303);
    const after = await browser.follow(sent);
    expect(textOf(after.html)).toContain("Done: Acknowledge");
    expect(textOf(after.html)).toContain("Accepted");
    expect((await apiCase(kase.id)).status).toBe("accepted");
    expect(buttonsOf(after.html)).not.toContain("Acknowledge");
    expect(buttonsOf(after.html)).toContain("Reply");
  });

  it("answers a stale version with the case reloaded and the officer's entry kept", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    const page = await browser.get(`/console/cases/${kase.id}`);
    const version = inputValue(page.html, "_version")!;
    // Meanwhile the head adds a note through the API.
    expect(
      (await stack.call("POST", `/v1/cases/${kase.id}/note`, hrssHead, { text: "head's note" })).status,
    ).toBe(200);

    const note = "Called the factory; payroll records promised by Friday.";
    const stale = await browser.post(`/console/cases/${kase.id}/note`, { _version: version, text: note });
    expect(stale.status).toBe(409);
    expect(alertsOf(stale.html)).toContain("The case changed meanwhile; reloaded — your entry is kept below");
    expect(controlOf(stale.html, "Text")).toContain(note);
    expect(inputValue(stale.html, "_version")).toBe(String(Number(version) + 1));
    expect(textOf(stale.html)).toContain("head's note");
    expect((await apiCase(kase.id)).version).toBe(Number(version) + 1);

    // Sent again from the reloaded page, it goes through.
    const again = await browser.post(`/console/cases/${kase.id}/note`, {
      _version: inputValue(stale.html, "_version")!,
      text: note,
    });
    expect(again.status).toBe(303);
    expect(textOf((await browser.follow(again)).html)).toContain(note);
  });

  it("keeps the entry to copy when the command is no longer open for the case", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    const page = await browser.get(`/console/cases/${kase.id}`);
    await stack.call("POST", `/v1/cases/${kase.id}/acknowledge`, hrssHead, {});
    const reason = "The matter belongs to the natural resources bureau.";
    const stale = await browser.post(`/console/cases/${kase.id}/object`, {
      _version: inputValue(page.html, "_version")!,
      reason,
    });
    expect(stale.status).toBe(409);
    expect(buttonsOf(stale.html)).not.toContain("Object");
    expect(textOf(stale.html)).toContain("Your entry: Object");
    expect(textOf(stale.html)).toContain(reason);
    expect((await apiCase(kase.id)).status).toBe("accepted");
  });

  it("says what a command lacks beside its field, and a broken rule above it", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    let page = await browser.get(`/console/cases/${kase.id}`);
    page = await browser.post(`/console/cases/${kase.id}/decline`, {
      _version: inputValue(page.html, "_version")!,
      basis: "Art. 14",
      reason: "",
    });
    expect(page.status).toBe(422);
    expect(alertsOf(page.html)).toContain("This field is required.");
    expect(inputValue(page.html, "basis")).toBe("Art. 14");

    await browser.post(`/console/cases/${kase.id}/acknowledge`, {
      _version: inputValue(page.html, "_version")!,
    });
    page = await browser.get(`/console/cases/${kase.id}`);
    page = await browser.post(`/console/cases/${kase.id}/request-extension`, {
      _version: inputValue(page.html, "_version")!,
      days: "45",
      reason: "Awaiting the audit.",
    });
    expect(page.status).toBe(422);
    expect(textOf(page.html)).toContain("An extension is 1 to 30 days");
    expect(controlOf(page.html, "Days")).toContain('value="45"');
  });
});

describe("Show identity", () => {
  it("records exactly one access-log entry and puts nothing personal in an address or title", async () => {
    const kase = await routedCase();
    const browser = await as(intake);
    const page = await browser.get(`/console/cases/${kase.id}`);
    const shown = await browser.post(`/console/cases/${kase.id}/identity`, {});
    expect(shown.status).toBe(200);
    expect(shown.location).toBeNull();
    expect(textOf(shown.html)).toContain("王建国");
    expect(textOf(shown.html)).toContain("410102197001011234");
    expect(titleOf(shown.html)).toBe(`${kase.code} · Casebridge`);
    for (const p of [page, shown])
      for (const [, url] of p.html.matchAll(/\b(?:href|action)="([^"]*)"/g))
        expect(url).not.toMatch(/王|4101021970|13800001234/);

    const log = (await (await stack.call("GET", `/v1/cases/${kase.id}/access-log`, auditor)).json()) as {
      items: { actor: string }[];
    };
    expect(log.items).toEqual([expect.objectContaining({ actor: "intake@bureau" })]);
    // An ordinary read afterwards is masked again and records nothing.
    const again = await browser.get(`/console/cases/${kase.id}`);
    expect(textOf(again.html)).not.toContain("王建国");
    const logPage = await (await as(auditor)).get(`/console/cases/${kase.id}/access-log`);
    expect(logPage.html.match(/<tr>/g)).toHaveLength(2);
    expect(textOf(logPage.html)).toContain("intake@bureau");
  });

  it("is offered to those who work the case only; anyone else is refused and nothing is recorded", async () => {
    const kase = await routedCase();
    const browser = await as(auditor);
    const page = await browser.get(`/console/cases/${kase.id}`);
    expect(buttonsOf(page.html)).not.toContain("Show identity");
    const refused = await browser.post(`/console/cases/${kase.id}/identity`, {});
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).not.toContain("王建国");
    const log = (await (await stack.call("GET", `/v1/cases/${kase.id}/access-log`, auditor)).json()) as {
      items: unknown[];
    };
    expect(log.items).toEqual([]);
  });
});

describe("notifications", () => {
  it("counts the unread, links each to its case, and marks one read", async () => {
    const kase = await routedCase();
    const browser = await as(hrssHandler);
    const inbox = await browser.get("/console");
    const count = Number(/Notifications \((\d+)\)/.exec(inbox.html)![1]);
    expect(count).toBeGreaterThan(0);
    const list = await browser.get("/console/notifications");
    expect(list.html).toContain(`<a href="/console/cases/${kase.id}">${kase.code}</a>`);
    const form = /<form method="post" action="(\/console\/notifications\/[0-9A-Z]{26}\/read)"/.exec(
      list.html,
    )![1]!;
    const marked = await browser.follow(await browser.post(form, {}));
    expect(marked.html).toContain(`Notifications (${count - 1})`);
  });
});
