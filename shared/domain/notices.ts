// The written notices a petitioner receives (信访工作条例: 书面告知, 处理意见书, 复查意见书,
// 复核意见书): which event calls for which notice, and what the notice says, laid out as a
// NoticeDocument that a renderer draws on A4 (shared/adapters/notice-pdf.ts). The wording is
// data per jurisdiction (shared/notice-templates/), not code. No clock and no AWS here: the
// caller passes the event, the case and the time zone.
import { BUREAU } from "./access.js";
import { finish } from "./audit.js";
import { systemActor, type Decision } from "./decide.js";
import type { Actor, Case, CaseEvent } from "./model.js";

export const NOTICE_KINDS = [
  "transfer",
  "assignment",
  "acceptance",
  "non_acceptance",
  "handling_opinion",
  "review_opinion",
  "re_review_opinion",
  "final_refusal",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The event that calls for each notice: issued once that event is on the case's chain. */
export const NOTICE_FOR_EVENT: Readonly<Record<string, NoticeKind>> = {
  transferred: "transfer",
  assigned: "assignment",
  acknowledged: "acceptance",
  declined: "non_acceptance",
  replied: "handling_opinion",
  review_opinion_given: "review_opinion",
  re_review_opinion_given: "re_review_opinion",
  not_accepted: "final_refusal",
};

/** A notice as it stands on paper: every line the renderer draws, and nothing else. */
export interface NoticeDocument {
  kind: NoticeKind;
  /** 受理告知书, 处理意见书, … */
  title: string;
  /** The reference line under the title: the case code. */
  reference: string;
  /** The petitioner, as addressed: "张三：". */
  addressee: string;
  /** The body, one string per paragraph. */
  paragraphs: string[];
  /** The legal basis, one line. */
  basis: string;
  /** The issuing agency's name. */
  issuer: string;
  /** The date written the Chinese way: 二〇二六年十一月三十日. */
  date: string;
}

/** One notice's wording: `{name}` placeholders filled from the case and the event. */
export interface NoticeTemplate {
  title: string;
  paragraphs: string[];
  basis: string;
}

/** A jurisdiction's notices: one template per kind, and what fills a missing value. */
export interface NoticeTemplates {
  jurisdiction: string;
  /** What stands in for a value the event does not give (an agency not named, say). */
  missing: string;
  /** The words for values the events carry as codes (a review's decision: upheld, changed). */
  words: Record<string, string>;
  templates: Record<NoticeKind, NoticeTemplate>;
}

const DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1–31 as written in a date: 一, 十, 十一, 二十, 三十一. */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones ? DIGITS[ones] : ""}`;
}

/** A day in `timeZone`, written as official documents write it: 二〇二六年十一月三十日. */
export function chineseDate(at: Date, timeZone: string): string {
  const parts: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(at))
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  const year = String(parts.year)
    .split("")
    .map((d) => DIGITS[Number(d)])
    .join("");
  return `${year}年${chineseNumber(parts.month!)}月${chineseNumber(parts.day!)}日`;
}

/** Fills `{name}` from `values`; a name without a value becomes `missing`. */
export function fill(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
  missing: string,
): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => values[name] || missing);
}

export interface NoticeFacts {
  kind: NoticeKind;
  case: Case;
  /** The event that called for the notice. */
  event: CaseEvent;
  /** The issuing agency's name, and any other agency the wording names, by id. */
  agencyName: (id: string | undefined) => string | undefined;
  /** The agency a review or re-review of this notice's answer would go to, by id. */
  reviewTo?: string;
  /** The code of the final case a refused petition repeats. */
  repeatOfCode?: string;
  timeZone: string;
}

/**
 * The issuing agency: the petition bureau for what it decides (a transfer, an assignment, the
 * refusal of a final matter; the router records the first two in the platform's name), else
 * the agency whose officer's event called for the notice.
 */
export function issuingAgency(facts: Pick<NoticeFacts, "kind" | "event">): string {
  if (facts.kind === "transfer" || facts.kind === "assignment" || facts.kind === "final_refusal")
    return BUREAU;
  return facts.event.agency;
}

/** The notice an event calls for, worded from the jurisdiction's templates. */
export function composeNotice(facts: NoticeFacts, templates: NoticeTemplates): NoticeDocument {
  const { case: c, event } = facts;
  const data = event.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : undefined);
  const at = new Date(event.at);
  // Named in the templates as {name}; see shared/notice-templates/cn.json.
  const values: Record<string, string | undefined> = {
    code: c.code,
    title: c.title,
    receivedOn: chineseDate(new Date(c.receivedAt), facts.timeZone),
    on: chineseDate(at, facts.timeZone),
    lead: facts.agencyName(c.leadAgency),
    to: facts.agencyName(text("lead") ?? c.leadAgency),
    reason: text("reason"),
    basis: text("basis"),
    summary: text("summary") ?? c.outcome?.summary,
    text: text("text"),
    decision: templates.words[text("decision") ?? ""],
    reviewTo: facts.agencyName(facts.reviewTo),
    repeatOfCode: facts.repeatOfCode,
  };
  const template = templates.templates[facts.kind];
  const issuer = facts.agencyName(issuingAgency(facts)) ?? templates.missing;
  return {
    kind: facts.kind,
    title: template.title,
    reference: c.code,
    addressee: `${c.petitioner.name}：`,
    // A paragraph that is only an optional text (a reply's full text) goes when there is none.
    paragraphs: template.paragraphs
      .filter((p) => !/^\{[a-zA-Z]+\}$/.test(p) || values[p.slice(1, -1)])
      .map((p) => fill(p, values, templates.missing)),
    basis: fill(template.basis, values, templates.missing),
    issuer,
    date: chineseDate(at, facts.timeZone),
  };
}

/** One notice per event that calls for it: the id says which. */
export const noticeId = (kind: NoticeKind, forSeq: number) => `${kind}-${forSeq}`;

/** What the chain records of a notice issued: enough to check a paper copy against it. */
export interface IssuedNotice {
  id: string;
  kind: NoticeKind;
  /** Hex SHA-256 of the PDF, exactly as stored and served. */
  sha256: string;
  bytes: number;
  forSeq: number;
}

/**
 * The notice put on the case's chain as a `notice_issued` event by the platform, in no status
 * of its own: the case moves on whatever the paper's progress. The case's version stays as it
 * was: a notice changes nothing a client decides on, so the version an officer's form carries
 * (If-Match) stays current. The event's own key keeps two appends from taking the same place
 * in the chain: a command racing a notice loses its transaction and is decided again.
 */
export function recordNotice(c: Case, notice: IssuedNotice, now: Date): Decision {
  const data = { ...notice, noticeId: notice.id } as Record<string, unknown>;
  delete data.id;
  const decision = finish(
    c,
    structuredClone(c),
    [{ type: "notice_issued", data }],
    [],
    { actor: systemActor("notices"), now },
    "system",
  );
  decision.case.version = c.version;
  decision.case.updatedAt = c.updatedAt;
  return decision;
}

export const DELIVERY_METHODS = ["in_person", "post", "online", "sms_link"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** How and when a notice reached the petitioner: no address, no number, only the way. */
export interface NoticeDelivery {
  noticeId: string;
  method: DeliveryMethod;
  /** When it reached them (handed over, posted, opened), as the officer records it. */
  at: string;
}

/** The delivery put on the case's chain as a `notice_delivered` event by the officer who records it. */
export function recordDelivery(
  c: Case,
  delivery: NoticeDelivery,
  actor: Actor,
  role: string,
  now: Date,
): Decision {
  return finish(
    c,
    structuredClone(c),
    [{ type: "notice_delivered", data: { ...delivery } }],
    [],
    { actor, now },
    role,
  );
}
