// The Open311 mapping on its own: open and closed by status, the notes in both languages,
// the expected time from the clocks a case waits on (never a window, never a paused one),
// times in the jurisdiction's offset, the caller's language, and XML that escapes.
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { STATUSES, type Case, type CaseClock } from "../../shared/domain/model.js";
import {
  expectedAt,
  localDateTime,
  nameOf,
  open311Status,
  statusNotes,
  titleOf,
} from "../../shared/domain/open311.js";
import { languageOf, splitFormat, toXml } from "../../shared/http/open311-format.js";

const clock = (over: Partial<CaseClock>): CaseClock => ({
  name: "handle",
  owner: "hrss",
  startedAt: "2026-10-01T00:00:00.000Z",
  dueAt: "2026-11-30T15:59:59.999Z",
  state: "running",
  length: 60,
  unit: "calendar",
  pausedMs: 0,
  ...over,
});

describe("the Open311 mapping", () => {
  it("is closed once the case is answered or ended, open otherwise, and a review request opens it again", () => {
    const closed = STATUSES.filter((s) => open311Status({ status: s }) === "closed");
    expect(closed).toEqual(["replied", "reviewed", "final", "closed"]);
    expect(open311Status({ status: "review_requested" })).toBe("open");
  });

  it("has a note for every status in Chinese and English, each its own, and says how a case closed", () => {
    for (const lang of ["zh", "en"] as const) {
      const notes = STATUSES.map((status) => statusNotes({ status }, lang));
      expect(new Set(notes).size).toBe(STATUSES.length);
      for (const n of notes) expect(n.length).toBeGreaterThan(2);
    }
    expect(statusNotes({ status: "closed", outcome: { kind: "declined", summary: "", at: "" } }, "zh")).toBe(
      "不予受理，已结案。",
    );
    expect(statusNotes({ status: "closed", repeatOf: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }, "en")).toMatch(
      /earlier petition/,
    );
    expect(statusNotes({ status: "accepted" }, "en")).toMatch(/^[\x20-\x7e]+$/);
    expect(statusNotes({ status: "accepted" }, "zh")).toMatch(/[\u4e00-\u9fff]/);
  });

  it("expects the earliest due time of the clocks the case waits on, not a window's, not a paused one's", () => {
    const c = (clocks: CaseClock[], status: Case["status"] = "accepted") => ({ status, clocks });
    expect(
      expectedAt(
        c([
          clock({ name: "handle", dueAt: "2026-11-30T15:59:59.999Z" }),
          clock({ name: "report_back", dueAt: "2026-11-20T15:59:59.999Z" }),
          clock({ name: "object", dueAt: "2026-10-05T15:59:59.999Z" }),
          clock({
            name: "acknowledge",
            dueAt: "2026-10-02T15:59:59.999Z",
            stoppedAt: "2026-10-01T08:00:00.000Z",
          }),
        ]),
      ),
    ).toBe("2026-11-20T15:59:59.999Z");
    expect(expectedAt(c([clock({ state: "paused", pausedAt: "2026-10-03T00:00:00.000Z" })]))).toBeUndefined();
    // Overdue: still what it waits on, late.
    expect(expectedAt(c([clock({ state: "overdue" })]))).toBe("2026-11-30T15:59:59.999Z");
    expect(expectedAt(c([clock({ name: "review_window" })], "replied"))).toBeUndefined();
  });

  it("writes every time with the jurisdiction's offset, to the second", () => {
    expect(localDateTime("2026-11-30T15:59:59.999Z", "Asia/Shanghai")).toBe("2026-11-30T23:59:59+08:00");
    expect(localDateTime("2026-07-01T12:00:00.000Z", "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
    expect(localDateTime("2026-01-01T12:00:00.000Z", "Asia/Kolkata")).toBe("2026-01-01T17:30:00+05:30");
    const zones = ["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Europe/London", "UTC"];
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01Z"), max: new Date("2199-12-31Z"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (d, zone) => {
          const shown = localDateTime(d.toISOString(), zone);
          expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          // The same instant, to the second, whatever the zone's offset that day.
          expect(Date.parse(shown)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });

  it("takes a title from the description's first line and a name in the order its script writes it", () => {
    const category = { id: "health", name: "Health", nameZh: "卫生健康" };
    expect(titleOf(category, "  医院拒绝出具病历。\n详细情况如下")).toBe("卫生健康：医院拒绝出具病历。");
    expect(titleOf(category, "长".repeat(50))).toBe(`卫生健康：${"长".repeat(40)}…`);
    expect(nameOf("建国", "王")).toBe("王建国");
    expect(nameOf("Jane", "Doe")).toBe("Jane Doe");
    expect(nameOf(" ", undefined)).toBeUndefined();
  });
});

describe("the Open311 answers' format", () => {
  it("answers in English only when the caller prefers it", () => {
    expect(languageOf(undefined)).toBe("zh");
    expect(languageOf("en")).toBe("en");
    expect(languageOf("en-US,en;q=0.9")).toBe("en");
    expect(languageOf("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(languageOf("fr, en;q=0.5")).toBe("en");
    expect(languageOf("en;q=0.2, zh;q=0.8")).toBe("zh");
    expect(languageOf("en;q=0")).toBe("zh");
  });

  it("names a resource by its extension, json or xml only", () => {
    expect(splitFormat("XF20261130-ABCDEF.xml")).toEqual({ stem: "XF20261130-ABCDEF", format: "xml" });
    expect(splitFormat("a.b.json")).toEqual({ stem: "a.b", format: "json" });
    expect(splitFormat("requests.html")).toBeUndefined();
  });

  it("escapes what it puts in XML, so any text XML can carry reads back as it was, and anything else still parses", () => {
    const parser = new XMLParser({
      parseTagValue: false,
      trimValues: false,
      isArray: (n) => n === "service",
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML cannot carry, on purpose
    const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
    const serviceNamed = (name: string) =>
      toXml("services", [{ service_code: "x", service_name: name, keywords: null }]);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (name) => {
        fc.pre(!notXml.test(name));
        const doc = parser.parse(serviceNamed(name));
        expect(doc.services.service[0].service_name ?? "").toBe(name);
        expect(doc.services.service[0].keywords).toBe("");
      }),
    );
    // Controls and lone surrogates, which XML 1.0 cannot hold: replaced, and the document stays well formed.
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => {
        const xml = serviceNamed(name);
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml).not.toMatch(notXml);
      }),
    );
    expect(serviceNamed("a\u0000b")).toContain("<service_name>a\ufffdb</service_name>");
    const doc = parser.parse(toXml("services", [{ service_code: "x", service_name: `<a href="&">'</a>` }]));
    expect(doc.services.service[0].service_name).toBe(`<a href="&">'</a>`);
  });
});
