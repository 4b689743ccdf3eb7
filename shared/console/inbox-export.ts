// `Export CSV`: the inbox's current filter as a file — the same rows as on screen, page after
// page in the inbox's own order, up to a bound the file says it reached. No identity column
// at all: the inbox shows none, and a file leaves the console's access control and its
// access log, where even a masked name beside region, category and date can point to a
// person in a small county. Headers in the page's language; times in the jurisdiction's zone.
import { Hono } from "hono";
import { isOverdue } from "../app/cases.js";
import type { Case } from "../domain/model.js";
import { nextDeadline } from "./clock-reading.js";
import { toCsv } from "../csv.js";
import type { ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { inboxQueryOf, inboxRows } from "./inbox-query.js";
import { agencyName, categoryName, regionName, type Lang } from "./language.js";
import { localDateTime, localDay } from "./local-time.js";
import type { Reference } from "../domain/routing.js";

/** Rows in one file: a spreadsheet's worth; more is a narrower filter's job. */
export const MAX_EXPORT_ROWS = 1000;
/** Inbox pages read for one file (50 cases each, before filtering): bounds the request's time. */
export const MAX_EXPORT_PAGES = 100;

export const inboxExportApp = new Hono<ConsoleEnv>();

export interface ExportBounds {
  rows: number;
  pages: number;
}

/**
 * The pages of a filter one after another, from the first, until they end or reach a bound;
 * `cut` when they did not end (there may be more than the file holds).
 */
export async function collectPages<T>(
  pageAt: (cursor: string | undefined) => Promise<{ cases: T[]; nextCursor?: string }>,
  bounds: ExportBounds = { rows: MAX_EXPORT_ROWS, pages: MAX_EXPORT_PAGES },
): Promise<{ rows: T[]; cut: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await pageAt(cursor);
    rows.push(...page.cases);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && rows.length < bounds.rows && pages < bounds.pages);
  return { rows: rows.slice(0, bounds.rows), cut: rows.length > bounds.rows || cursor !== undefined };
}

interface RowContext {
  t: Catalogue;
  lang: Lang;
  reference: Reference;
  timeZone: string;
  now: string;
}

function header({ t, timeZone }: RowContext): string[] {
  const cols = t.exportCsv.columns;
  return [
    cols.code,
    cols.title,
    cols.status,
    cols.category,
    cols.region,
    cols.channel,
    cols.received,
    cols.lead,
    cols.clock,
    cols.due(timeZone),
    cols.overdue,
  ];
}

function row(k: Case, { t, lang, reference, timeZone, now }: RowContext): string[] {
  const clock = nextDeadline(k);
  return [
    k.code,
    k.title,
    t.statuses[k.status],
    categoryName(reference, k.category, lang),
    regionName(t, k.region),
    t.channels[k.channel],
    localDateTime(k.receivedAt, timeZone),
    k.leadAgency ? agencyName(reference, k.leadAgency, lang) : "",
    clock ? t.clockNames[clock.name] : t.deadline.none,
    clock ? localDateTime(clock.dueAt, timeZone) : "",
    isOverdue(k, now) ? t.yes : t.no,
  ];
}

inboxExportApp.get("/inbox.csv", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  // Every page of the filter, from the first, whatever page the person was on.
  const { cursor: _from, ...query } = inboxQueryOf(c.req.query());
  const { rows, cut } = await collectPages((cursor) =>
    inboxRows(ctx, who, { ...query, ...(cursor ? { cursor } : {}) }),
  );
  const now = ctx.clock.now();
  const timeZone = ctx.policy.calendar.timeZone;
  const view: RowContext = { t, lang, reference: await ctx.reference(), timeZone, now: now.toISOString() };
  const records = [
    header(view),
    ...rows.map((k) => row(k, view)),
    ...(cut ? [[t.exportCsv.cut(rows.length)]] : []),
  ];
  return c.body(toCsv(records), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    // The date only: nothing of a case or a person in the file's name.
    "Content-Disposition": `attachment; filename="inbox-${localDay(now, timeZone)}.csv"`,
  });
});
