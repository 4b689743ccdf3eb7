// The bureau's oversight pages against the real stack. Escalations: a case moved up the
// ladder by the sweeper (the clock moved, `tick`) appears under L1, then L2 and listed
// supervision, then L3, and is gone after the meeting's decision — on the page and in the
// store's index alike; only the bureau opens the page. Meetings: convened, decided, sanctioned
// and closed through their forms (CSRF, the API's schemas, refusals in words), the decision
// re-routing the case; the minutes downloaded; refused (403/404) exactly where the API refuses;
// the respondent sees no item about the petition against it. Refusals and regions in words.
// Every page in both languages, with a nonced CSP, and no identity in its address or title.
// Statistics: console-statistics.test.ts.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { ESCALATION_LISTS, type EscalationList } from "../../shared/domain/escalation-lists.js";
import { DAY_MS } from "../../shared/durations.js";
import {
  ConsoleBrowser,
  alertsOf,
  buttonsOf,
  inputValue,
  textOf,
  titleOf,
  type Page,
} from "../support/console.js";
import {
  coordinator,
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

const PETITIONER = registration().petitioner;
const hrssMember = who("hrss", "meeting_member");
const housingMember = who("housing", "meeting_member");
const natresMember = who("natres", "meeting_member");

async function as(person: Identity, lang: "en" | "zh" = "en"): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(person);
  await browser.get(`/console?lang=${lang}`);
  return browser;
}

async function api(method: string, path: string, person: Identity, body?: unknown) {
  const res = await stack.call(method, path, person, body);
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** A section of the escalations page, by list. */
const section = (html: string, list: EscalationList) =>
  [...html.matchAll(/<section aria-labelledby="list-([^"]+)"[\s\S]*?<\/section>/g)].find(
    (m) => m[1] === list,
  )?.[0] ?? "";

/** The text of the table row that links to a case by its code, the cells' phone labels left out. */
const rowOf = (html: string, code: string) =>
  textOf(
    ([...html.matchAll(/<tr>[\s\S]*?<\/tr>/g)].find((m) => m[0].includes(`>${code}</a>`))?.[0] ?? "").replace(
      /<span class="cell-label"[^>]*>[^<]*<\/span>/g,
      "",
    ),
  );

/** Which lists the page shows the case in, and which the index holds it under. */
async function listsOf(page: Page, kase: { id: string; code: string }) {
  const onPage = ESCALATION_LISTS.filter((l) => section(page.html, l).includes(`>${kase.code}</a>`));
  const inIndex: EscalationList[] = [];
  for (const l of ESCALATION_LISTS)
    if ((await stack.deps.store.escalatedCaseIds(l, { limit: 100 })).items.includes(kase.id)) inIndex.push(l);
  return { onPage, inIndex };
}

/** The nonce of a page's CSP, which must be there and fresh. */
const nonceOf = (page: Page) =>
  /script-src 'nonce-([A-Za-z0-9+/=]{16,})'/.exec(page.headers.get("content-security-policy") ?? "")?.[1];

/** No identity of the petitioner anywhere on a page: not its links, not its title, not its text. */
function expectNoIdentity(page: Page) {
  for (const value of [PETITIONER.name, PETITIONER.idNumber, PETITIONER.phone, PETITIONER.address, "王**"])
    expect(page.html).not.toContain(value);
  for (const href of [...page.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!))
    expect(href).toMatch(/^\/console[\w/?=&;.%-]*$|^data:|^#main$/);
}

describe("Escalations, then the joint meeting, along one case", () => {
  let kase: { id: string; code: string };
  let due = 0;
  let meetingId = "";
  let flagged: { id: string; code: string };

  it("opens for the bureau only, with its five lists, and no link to it for anyone else", async () => {
    const page = await (await as(coordinator)).get("/console/escalations");
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h1>Escalations</h1>");
    for (const heading of ["L1", "L2", "L3", "Disputes", "Listed supervision"])
      expect(page.html).toMatch(new RegExp(`<h2 id="list-[^"]+">${heading}</h2>`));
    expect(page.html).toContain('href="/console/escalations" aria-current="page"');
    expect(nonceOf(page)).toBeDefined();
    for (const person of [hrssHandler, hrssHead, who("hrss", "coordinator"), who("gov", "leader")]) {
      const browser = await as(person);
      expect(browser.last!.html, person.sub).not.toContain('href="/console/escalations"');
      expect((await browser.get("/console/escalations")).status, person.sub).toBe(403);
    }
    const zh = await (await as(intake, "zh")).get("/console/escalations");
    expect(zh.html).toContain("<h1>督办与升级</h1>");
    expect(zh.html).toMatch(/<h2 id="list-dispute">争议<\/h2>/);
  });

  it("finds a case the sweeper escalates under L1, by its agency and clock", async () => {
    const created = await api(
      "POST",
      "/v1/cases",
      intake,
      registration({ respondent: { agency: "natres" } }),
    );
    kase = { id: created.body.id, code: created.body.code };
    expect((await api("POST", `/v1/cases/${kase.id}/route`, intake, { kind: "transfer" })).status).toBe(202);
    await stack.drain();
    const routed = await api("GET", `/v1/cases/${kase.id}`, intake);
    due = Date.parse(routed.body.clocks.find((k: { name: string }) => k.name === "acknowledge").dueAt);
    // Noon two days after the due day (the clock runs on from where it is set).
    stack.clock.set(new Date(due + 2.5 * DAY_MS));
    await stack.tick();
    const page = await (await as(coordinator)).get("/console/escalations");
    expect(await listsOf(page, kase)).toEqual({ onPage: ["L1"], inIndex: ["L1"] });
    const l1 = textOf(section(page.html, "L1"));
    expect(l1).toContain("Human Resources and Social Security Bureau (1 case)");
    expect(rowOf(page.html, kase.code)).toMatch(
      new RegExp(`^${kase.code} Acknowledgement \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Overdue by 3 days$`),
    );
    expect(section(page.html, "L1")).toContain(`href="/console/cases/${kase.id}"`);
    expectNoIdentity(page);
    expect(titleOf(page.html)).toBe("Escalations · Casebridge");
  });

  it("moves it to L2 and listed supervision a week later", async () => {
    stack.clock.set(new Date(due + 8 * DAY_MS));
    await stack.tick();
    const page = await (await as(coordinator)).get("/console/escalations");
    expect(await listsOf(page, kase)).toEqual({
      onPage: ["L2", "supervised"],
      inIndex: ["L2", "supervised"],
    });
  });

  it("moves it to L3 onto a meeting convened through the console, which lists it with its reason", async () => {
    const browser = await as(coordinator);
    const list = await browser.get("/console/meetings");
    expect(list.html).toContain("<h1>Meetings</h1>");
    expect(buttonsOf(list.html)).toContain("Convene meeting");
    // A form without its token changes nothing.
    const forged = await browser.request("POST", "/console/meetings", {
      form: { title: "Forged", scheduledAt: "2026-11-20T10:00", members: "hrss" },
    });
    expect(forged.status).toBe(403);
    const missing = await browser.post("/console/meetings", { title: "Q4 joint meeting" }, list);
    expect(missing.status).toBe(422);
    expect(alertsOf(missing.html)).toContain("This field is required.");
    expect(inputValue(missing.html, "title")).toBe("Q4 joint meeting");
    const convened = await browser.post(
      "/console/meetings",
      { title: "Q4 joint meeting", scheduledAt: "2026-11-20T10:00", members: ["hrss", "sasac", "housing"] },
      list,
    );
    expect(convened.status).toBe(303);
    meetingId = /\/console\/meetings\/([0-9A-Z]{26})/.exec(convened.location!)![1]!;
    // A case handled by hrss, flagged for joint handling, that complains about housing: both sit on the meeting.
    const other = await api("POST", "/v1/cases", intake, registration({ respondent: { agency: "housing" } }));
    flagged = { id: other.body.id, code: other.body.code };
    await api("POST", `/v1/cases/${flagged.id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    await api("POST", `/v1/cases/${flagged.id}/flag-joint-handling`, coordinator, {
      note: "Several agencies",
    });

    stack.clock.set(new Date(due + 16 * DAY_MS));
    await stack.tick();
    const page = await (await as(coordinator)).get("/console/escalations");
    expect(await listsOf(page, kase)).toEqual({
      onPage: ["L3", "supervised"],
      inIndex: ["L3", "supervised"],
    });

    const meeting = await browser.get(`/console/meetings/${meetingId}`);
    expect(meeting.status).toBe(200);
    expect(meeting.html).toContain("<h1>Q4 joint meeting</h1>");
    expect(titleOf(meeting.html)).toBe("Q4 joint meeting · Casebridge");
    expect(textOf(meeting.html)).toContain("Date 2026-11-20 10:00");
    expect(rowOf(meeting.html, kase.code)).toMatch(
      /^\S+ Labour and social security Escalated \(L3\) .* Not decided yet$/,
    );
    expect(rowOf(meeting.html, flagged.code)).toMatch(/ Joint handling /);
    expect(meeting.html).toContain(`href="/console/cases/${kase.id}"`);
    expect(buttonsOf(meeting.html).filter((b) => b === "Record decision")).toHaveLength(2);
    // The lead offered for a case is never the agency its petition complains about.
    const leads = (caseId: string) =>
      [...meeting.html.matchAll(/<select[^>]*id="decision-(\w+)-lead"[\s\S]*?<\/select>/g)].find(
        (m) => m[1] === caseId,
      )?.[0] ?? "";
    expect(leads(kase.id)).toContain('value="housing"');
    expect(leads(kase.id)).not.toContain('value="natres"');
    expect(leads(flagged.id)).not.toContain('value="housing"');
    expect(leads(flagged.id)).toContain('value="sasac"');
    expect(buttonsOf(meeting.html)).toEqual(expect.arrayContaining(["Record sanction", "Close meeting"]));
    expect(meeting.html).toContain(`href="/console/meetings/${meetingId}/minutes"`);
    expect(nonceOf(meeting)).toBeDefined();
    expect(nonceOf(meeting)).not.toBe(nonceOf(page));
    expectNoIdentity(meeting);
  });

  it("records a decision through its form — the rule it breaks said in words — and the case leaves every list", async () => {
    const browser = await as(coordinator);
    const page = await browser.get(`/console/meetings/${meetingId}`);
    const tooLong = await browser.post(
      `/console/meetings/${meetingId}/decisions`,
      { caseId: kase.id, lead: "sasac", handleDays: "200", note: "sasac leads" },
      page,
    );
    expect(tooLong.status).toBe(422);
    expect(textOf(tooLong.html)).toContain("A joint meeting sets a handling period of 1 to 90 days.");
    expect(tooLong.html).not.toContain("From the server");
    const decided = await browser.post(
      `/console/meetings/${meetingId}/decisions`,
      { caseId: kase.id, lead: "sasac", handleDays: "30", note: "sasac leads, within a month" },
      page,
    );
    expect(decided.status).toBe(303);
    const after = await browser.follow(decided);
    expect(after.html).toContain("Decision recorded");
    expect(rowOf(after.html, kase.code)).toContain("Lead: State-owned Assets Bureau, within 30 days");
    await stack.drain();
    const routed = await api("GET", `/v1/cases/${kase.id}`, intake);
    expect([routed.body.status, routed.body.leadAgency, routed.body.escalation.level]).toEqual([
      "assigned",
      "sasac",
      0,
    ]);
    const lists = await browser.get("/console/escalations");
    expect(await listsOf(lists, kase)).toEqual({ onPage: [], inIndex: [] });
  });

  it("shows the minutes as a download, to those who may read the meeting, with only the items they see", async () => {
    const minutes = await (await as(coordinator)).get(`/console/meetings/${meetingId}/minutes`);
    expect(minutes.status).toBe(200);
    expect(minutes.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(minutes.headers.get("content-disposition")).toBe('attachment; filename="minutes-2026-11-20.md"');
    expect(minutes.html).toContain(`Case ${kase.code}`);
    expect(minutes.html).toContain(`Case ${flagged.code}`);
    expectNoIdentity(minutes);
    // hrss, which handles both cases, sees both items; housing, which the flagged petition
    // complains about, sits on the meeting too and never learns of it.
    const hrss = await (await as(hrssMember)).get(`/console/meetings/${meetingId}`);
    expect([hrss.html.includes(kase.code), hrss.html.includes(flagged.code)]).toEqual([true, true]);
    expect(buttonsOf(hrss.html)).not.toContain("Record decision");
    const housing = await as(housingMember);
    const seen = await housing.get(`/console/meetings/${meetingId}`);
    expect(seen.status).toBe(200);
    expect(seen.html).not.toContain(flagged.code);
    expect(seen.html).not.toContain(flagged.id);
    const theirs = await housing.get(`/console/meetings/${meetingId}/minutes`);
    expect(theirs.status).toBe(200);
    expect(theirs.html).not.toContain(flagged.code);
  });

  it("refuses each meeting page exactly where the API refuses", async () => {
    const pages: [string, string][] = [
      ["/console/meetings", "/v1/meetings"],
      [`/console/meetings/${meetingId}`, `/v1/meetings/${meetingId}`],
      [`/console/meetings/${meetingId}/minutes`, `/v1/meetings/${meetingId}/minutes`],
      ["/console/meetings/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/v1/meetings/01ARZ3NDEKTSV4RRFFQ69G5FAV"],
    ];
    const statuses = new Set<number>();
    for (const person of [
      coordinator,
      intake,
      hrssMember,
      natresMember,
      hrssHandler,
      who("gov", "auditor"),
    ]) {
      const browser = await as(person);
      for (const [page, route] of pages) {
        const [mine, theirs] = [(await browser.get(page)).status, (await api("GET", route, person)).status];
        expect(mine, `${person.sub} ${page}`).toBe(theirs);
        statuses.add(mine);
      }
      expect(browser.last!.html.includes('href="/console/meetings"'), person.sub).toBe(
        person !== hrssHandler && person !== intake,
      );
    }
    expect([...statuses].sort()).toEqual([200, 403, 404]);
    // A member may read, never decide: the form's POST is refused as the API refuses it.
    const member = await as(hrssMember);
    const page = await member.get(`/console/meetings/${meetingId}`);
    const post = await member.post(
      `/console/meetings/${meetingId}/sanctions`,
      { agency: "hrss", kind: "summons", reason: "x" },
      page,
    );
    expect(post.status).toBe(403);
  });

  it("records a sanction and closes the meeting, in Chinese too", async () => {
    const browser = await as(coordinator, "zh");
    const page = await browser.get(`/console/meetings/${meetingId}`);
    expect(buttonsOf(page.html)).toEqual(expect.arrayContaining(["记录决定", "记录约谈或通报", "结束会议"]));
    expect(page.html).toContain("下载会议纪要");
    const sanction = await browser.post(
      `/console/meetings/${meetingId}/sanctions`,
      { agency: "hrss", kind: "summons", reason: "Acknowledged 16 days late." },
      page,
    );
    expect(sanction.status).toBe(303);
    const closed = await browser.follow(
      await browser.post(
        `/console/meetings/${meetingId}/close`,
        { present: ["bureau", "hrss", "sasac"] },
        page,
      ),
    );
    expect(closed.html).toContain("会议已结束");
    expect(textOf(closed.html)).toContain("约谈 · 人社局");
    expect(textOf(closed.html)).toContain("出席单位 县信访局、人社局、国资局");
    expect(rowOf(closed.html, flagged.code)).toContain("未决定，顺延至下次会议");
    expect(buttonsOf(closed.html)).not.toContain("记录决定");
    expect(buttonsOf(closed.html)).not.toContain("结束会议");
  });
});

describe("refusals and regions in words", () => {
  it("says a broken rule in the page's language, and a region by its name", async () => {
    const created = await api("POST", "/v1/cases", intake, registration());
    await api("POST", `/v1/cases/${created.body.id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    await api("POST", `/v1/cases/${created.body.id}/acknowledge`, hrssHandler, {});
    for (const [lang, sentence, region] of [
      ["en", "An extension is 1 to 30 days (Regulation on Petitions, Art. 34).", "Industrial park"],
      ["zh", "延期为 1 至 30 天（《信访工作条例》第三十四条）。", "产业园区"],
    ] as const) {
      const browser = await as(hrssHandler, lang);
      const page = await browser.get(`/console/cases/${created.body.id}`);
      expect(textOf(page.html)).toContain(region);
      expect(page.html).not.toContain("industrial-park");
      const refused = await browser.post(
        `/console/cases/${created.body.id}/request-extension`,
        { _version: inputValue(page.html, "_version")!, days: "40", reason: "More time" },
        page,
      );
      expect(refused.status).toBe(422);
      expect(alertsOf(refused.html).join(" ")).toContain(sentence);
      expect(refused.html).not.toContain('lang="en">An extension');
    }
  });
});
