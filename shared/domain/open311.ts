// Open311 GeoReport v2 (docs/open311.md): how a civic app's service request maps onto a
// petition and back. A service is a petition category; a request is a case the app filed,
// known to it by the case code; its status is open until the case is answered. What an
// app gets back is what it needs to follow its own request: never the petitioner, never
// the description or place it sent, nothing of the people who work the case.
import { TZDate } from "@date-fns/tz";
import { WINDOW_CLOCKS } from "./clocks.js";
import type { Case, Status } from "./model.js";
import type { Agency, Category, Reference } from "./routing.js";

export type Open311Language = "zh" | "en";

/** What came with a petition filed through an Open311 app, kept on the case. */
export interface Submission {
  via: "open311";
  /** The client app that filed it, and its name when it did. */
  client: string;
  clientName: string;
  /** https only; recorded, never fetched. */
  mediaUrl?: string;
  /** Where the matter arose, as the app gave it. */
  location?: { address?: string; addressId?: string; lat?: number; long?: number };
}

/** Answered (or past answering) is closed to the app; a review request opens it again. */
const CLOSED: ReadonlySet<Status> = new Set(["replied", "reviewed", "final", "closed"]);

export const open311Status = (c: Pick<Case, "status">): "open" | "closed" =>
  CLOSED.has(c.status) ? "closed" : "open";

// biome-ignore format: one status a line, Chinese then English
const STATUS_NOTES: Record<Exclude<Status, "closed">, Record<Open311Language, string>> = {
  registered:          { zh: "已登记，等待转送承办单位。", en: "Registered; waiting to be sent to the agency that will handle it." },
  routing:             { zh: "正在转送承办单位。", en: "Being sent to the agency that will handle it." },
  transferred:         { zh: "已转送承办单位，等待其受理。", en: "Sent to the agency responsible; waiting for it to accept the petition." },
  assigned:            { zh: "已交办承办单位，等待其受理。", en: "Assigned to the agency responsible; waiting for it to accept the petition." },
  disputed:            { zh: "承办单位提出异议，信访部门正在协调确定承办单位。", en: "The agency disputed the assignment; the petition bureau is deciding who handles it." },
  accepted:            { zh: "已受理，承办单位正在办理。", en: "Accepted; the agency responsible is handling it." },
  replied:             { zh: "已答复。如不服，可在规定期限内向上一级机关申请复查。", en: "Answered. If dissatisfied, you may ask the superior authority for a review within the time allowed." },
  review_requested:    { zh: "已申请复查，复查机关正在复查。", en: "A review was requested; the reviewing authority is reviewing the answer." },
  reviewed:            { zh: "已复查。如不服，可在规定期限内申请复核。", en: "Reviewed. If dissatisfied, you may ask for a re-review within the time allowed." },
  re_review_requested: { zh: "已申请复核，复核机关正在复核。", en: "A re-review was requested; the re-reviewing authority is reviewing it." },
  final:               { zh: "已复核，信访事项已终结。", en: "Re-reviewed; the matter is final." },
};

// biome-ignore format: one way a case closes a line
const CLOSED_NOTES = {
  declined:            { zh: "不予受理，已结案。", en: "Not accepted; closed." },
  replied:             { zh: "已答复，复查申请期已过，已结案。", en: "Answered, and the time to ask for a review has passed; closed." },
  repeat:              { zh: "与此前同一事项的信访合并办理，已结案。", en: "Joined to an earlier petition on the same matter; closed." },
  other:               { zh: "已结案。", en: "Closed." },
} satisfies Record<string, Record<Open311Language, string>>;

/** The status notes: from the case's status (and how it closed), in the caller's language. */
export function statusNotes(c: Pick<Case, "status" | "outcome" | "repeatOf">, lang: Open311Language): string {
  if (c.status !== "closed") return STATUS_NOTES[c.status][lang];
  if (c.repeatOf) return CLOSED_NOTES.repeat[lang];
  return CLOSED_NOTES[c.outcome?.kind ?? "other"][lang];
}

/**
 * When the case is expected to move on: the earliest due time of the clocks it waits on
 * (not a window, which is someone's right to act and not a promise). None once closed, or
 * while every such clock is paused.
 */
export function expectedAt(c: Pick<Case, "status" | "clocks">): string | undefined {
  if (open311Status(c) === "closed") return undefined;
  return c.clocks
    .filter((k) => !k.stoppedAt && k.state !== "paused" && !WINDOW_CLOCKS.has(k.name))
    .map((k) => k.dueAt)
    .sort()[0];
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * ISO 8601 with the jurisdiction's offset, to the second: `2026-11-30T10:15:00+08:00`.
 * Written out from the zone's own fields rather than with date-fns' `format`, which would
 * bring 19 KB into the api bundle for this one line.
 */
export function localDateTime(iso: string, timeZone: string): string {
  const d = new TZDate(Math.floor(Date.parse(iso) / 1000) * 1000, timeZone);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`
  );
}

const agencyName = (a: Agency | undefined, lang: Open311Language) =>
  a ? (lang === "zh" ? a.nameZh : a.name) : undefined;
export const categoryName = (c: Category, lang: Open311Language) => (lang === "zh" ? c.nameZh : c.name);

/** A service request as GeoReport v2 shows it; fields it has no value for are null. */
export interface ServiceRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_name: string | null;
  service_code: string;
  description: null;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: null;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: string | null;
}

/**
 * The app's view of its request. The description and place it sent are not sent back: a
 * petition is not a public street report, and the app holds its own copy.
 */
export function serviceRequestOf(
  c: Case,
  reference: Pick<Reference, "agencies" | "categories">,
  lang: Open311Language,
  timeZone: string,
): ServiceRequest {
  const category = reference.categories.get(c.category);
  const expected = expectedAt(c);
  return {
    service_request_id: c.code,
    status: open311Status(c),
    status_notes: statusNotes(c, lang),
    service_name: category ? categoryName(category, lang) : null,
    service_code: c.category,
    description: null,
    agency_responsible:
      agencyName(c.leadAgency ? reference.agencies.get(c.leadAgency) : undefined, lang) ?? null,
    service_notice: null,
    requested_datetime: localDateTime(c.receivedAt, timeZone),
    updated_datetime: localDateTime(c.updatedAt, timeZone),
    expected_datetime: expected ? localDateTime(expected, timeZone) : null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: c.submission?.mediaUrl ?? null,
  };
}

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: true;
  type: "realtime";
  keywords: null;
  group: string;
}

export function servicesOf(reference: Pick<Reference, "categories">, lang: Open311Language): Service[] {
  return [...reference.categories.values()].map((c) => ({
    service_code: c.id,
    service_name: categoryName(c, lang),
    description:
      lang === "zh"
        ? `${c.nameZh}类信访事项。提交后登记为网上信访，由信访部门转送或交办有权处理的机关。`
        : `Petitions on ${c.name.toLowerCase()}. Registered as an online petition and sent by the petition bureau to the authority responsible.`,
    metadata: true,
    // Registered while the app waits: the answer carries the service_request_id.
    type: "realtime",
    keywords: null,
    group: lang === "zh" ? "信访" : "Petitions",
  }));
}

/** The attributes a request may carry, by code. */
export const ATTRIBUTES = {
  region: "region",
  headcount: "headcount",
  respondent: "respondent_agency",
} as const;

export interface ServiceAttribute {
  variable: true;
  code: string;
  datatype: "singlevaluelist" | "number";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export function serviceDefinitionOf(
  category: Category,
  reference: Pick<Reference, "agencies" | "regions">,
  lang: Open311Language,
): { service_code: string; attributes: ServiceAttribute[] } {
  const zh = lang === "zh";
  return {
    service_code: category.id,
    attributes: [
      {
        variable: true,
        code: ATTRIBUTES.region,
        datatype: "singlevaluelist",
        required: true,
        datatype_description: null,
        order: 1,
        description: zh ? "事项发生地所属区域" : "The region where the matter arose",
        values: [...reference.regions].map((r) => ({ key: r, name: r })),
      },
      {
        variable: true,
        code: ATTRIBUTES.headcount,
        datatype: "number",
        required: false,
        datatype_description: zh
          ? "1 至 100000 的整数；5 人及以上为集体访"
          : "A whole number from 1 to 100000; five or more is a collective petition",
        order: 2,
        description: zh ? "反映人数" : "How many people bring the petition",
      },
      {
        variable: true,
        code: ATTRIBUTES.respondent,
        datatype: "singlevaluelist",
        required: false,
        datatype_description: null,
        order: 3,
        description: zh
          ? "被反映的单位（如有）：信访事项不会转交给被反映的单位"
          : "The agency complained about, if any: the petition is never sent to it",
        values: [...reference.agencies.values()].map((a) => ({ key: a.id, name: zh ? a.nameZh : a.name })),
      },
    ],
  };
}

/** A title for the case from what the app sent: the category and the description's start. */
export function titleOf(category: Category, description: string): string {
  const first = description.trim().split(/\r?\n/)[0]!.trim();
  const chars = [...first];
  const start = chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : first;
  return `${category.nameZh}：${start}`;
}

/** The petitioner's name from GeoReport's two fields: family name first when written in Chinese. */
export function nameOf(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? "";
  const l = last?.trim() ?? "";
  if (!f && !l) return undefined;
  return /[\u3400-\u9fff]/.test(f + l) ? `${l}${f}` : [f, l].filter(Boolean).join(" ");
}
