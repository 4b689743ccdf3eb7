// The notices' wording: every kind worded from the shipped templates with nothing left
// unfilled where the case and its event say it, the Chinese date, and what is left out.
import { describe, expect, it } from "vitest";
import { noticeTemplates } from "../../shared/app/notices.js";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import {
  chineseDate,
  composeNotice,
  fill,
  NOTICE_FOR_EVENT,
  NOTICE_KINDS,
  type NoticeKind,
} from "../../shared/domain/notices.js";

const names: Record<string, string> = { hrss: "人社局", gov: "县人民政府", bureau: "县信访局" };
const kase = {
  id: "01KAH3Q6J1X2Y3Z4A5B6C7D8E9",
  code: "XF20260930-E4AA5E",
  title: "轴承厂养老保险",
  receivedAt: "2026-09-30T02:00:00.000Z",
  petitioner: { name: "王建国" },
  leadAgency: "hrss",
} as unknown as Case;
const eventOf = (kind: NoticeKind, data: Record<string, unknown>): CaseEvent => ({
  caseId: kase.id,
  seq: 4,
  type: Object.entries(NOTICE_FOR_EVENT).find(([, k]) => k === kind)![0],
  at: "2026-10-31T17:00:00.000Z",
  actor: "someone",
  // The router records a transfer or an assignment in the platform's name; the bureau issues its notice.
  agency:
    kind === "transfer" || kind === "assignment" ? "system" : kind === "final_refusal" ? "bureau" : "hrss",
  role: "handler",
  prevHash: "",
  hash: "",
  data,
});
const FULL_DATA = {
  lead: "hrss",
  reason: "不属于信访事项",
  basis: "《信访工作条例》第三十二条",
  summary: "欠费已补缴",
  text: "详见附件。",
  decision: "changed",
};
const compose = (kind: NoticeKind, data: Record<string, unknown> = FULL_DATA) =>
  composeNotice(
    {
      kind,
      case: kase,
      event: eventOf(kind, data),
      agencyName: (id) => (id ? names[id] : undefined),
      reviewTo: "gov",
      repeatOfCode: "XF20250312-1B2C3D",
      timeZone: "Asia/Shanghai",
    },
    noticeTemplates,
  );

describe("the notices' wording", () => {
  it("has a template for every kind, and every kind an event that calls for it", () => {
    expect(Object.keys(noticeTemplates.templates).sort()).toEqual([...NOTICE_KINDS].sort());
    expect(new Set(Object.values(NOTICE_FOR_EVENT))).toEqual(new Set(NOTICE_KINDS));
  });

  it.each(NOTICE_KINDS)("words the %s notice with every value filled, addressed and dated", (kind) => {
    const doc = compose(kind);
    const all = [doc.title, ...doc.paragraphs, doc.basis].join("");
    expect(all).not.toContain(noticeTemplates.missing);
    expect(all).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(doc).toMatchObject({ addressee: "王建国：", reference: kase.code, date: "二〇二六年十一月一日" });
    expect(doc.issuer).toBe(
      ["transfer", "assignment", "final_refusal"].includes(kind) ? "县信访局" : "人社局",
    );
  });

  it("names where to ask for a review, the decision in words, and the final case refused", () => {
    expect(compose("handling_opinion").paragraphs.join("")).toContain("向县人民政府请求复查");
    expect(compose("review_opinion").paragraphs.join("")).toContain("变更原处理意见");
    expect(compose("final_refusal").paragraphs.join("")).toContain("XF20250312-1B2C3D");
    expect(compose("non_acceptance").paragraphs).toContain("理由：不属于信访事项");
  });

  it("leaves out a paragraph that is only an absent text, and marks any other absent value", () => {
    const doc = compose("handling_opinion", { summary: "欠费已补缴" });
    expect(doc.paragraphs.some((p) => p.includes("详见"))).toBe(false);
    expect(doc.paragraphs).toHaveLength(3);
    const declined = compose("non_acceptance", {});
    expect(declined.paragraphs).toContain(`理由：${noticeTemplates.missing}`);
  });

  it("fills placeholders and nothing else", () => {
    expect(fill("{a}与{b}，{c}", { a: "甲", b: "" }, "？")).toBe("甲与？，？");
  });
});

describe("a date written the Chinese way", () => {
  it.each([
    ["2026-11-29T16:00:00Z", "二〇二六年十一月三十日"],
    ["2026-01-09T00:00:00Z", "二〇二六年一月九日"],
    ["2030-10-20T12:00:00Z", "二〇三〇年十月二十日"],
    ["2026-12-31T15:59:59Z", "二〇二六年十二月三十一日"],
    ["2026-12-31T16:00:00Z", "二〇二七年一月一日"],
  ])("%s in Shanghai is %s", (at, written) => {
    expect(chineseDate(new Date(at), "Asia/Shanghai")).toBe(written);
  });
});
