// The inbox's query and its rows: the filters as the address holds them, and one page of the
// caller's cases (CaseService.list, as GET /v1/cases answers it) — the open ones unless a
// status is chosen — nearest deadline first. The inbox page and its CSV export both read
// their rows here, so the file holds exactly what the screen shows.
import type * as z from "zod";
import type { Identity } from "../domain/access.js";
import { TERMINAL_STATUSES } from "../domain/lifecycle.js";
import type { Case } from "../domain/model.js";
import { BadRequestError } from "../errors.js";
import { CaseListQuery, pageRequest } from "../http/schemas.js";
import type { SavedView } from "../ports.js";
import { nextDeadline } from "./clock-reading.js";
import type { ConsoleContext } from "./env.js";
import { paths } from "./paths.js";

export const INBOX_PAGE = 50;

/** Address parameters that are not the inbox's: the language, and the notice after a redirect. */
const NOT_FILTERS = new Set(["lang", "done"]);

export type InboxQuery = z.output<typeof CaseListQuery>;
export type ViewFilters = SavedView["filters"];

/** The filters a person sees in the form and may save: never `agency`, `cursor` or `limit`. */
export const VIEW_FILTERS = ["status", "category", "region", "channel", "overdue"] as const;

/** The query as the address holds it: empty fields and other parameters left out. */
export function inboxQueryOf(query: Record<string, string>): InboxQuery {
  const given = Object.fromEntries(Object.entries(query).filter(([k, v]) => !NOT_FILTERS.has(k) && v !== ""));
  const parsed = CaseListQuery.safeParse({ limit: INBOX_PAGE, ...given });
  if (!parsed.success) throw new BadRequestError("The inbox's filters are not valid.");
  return parsed.data;
}

/** The five filters of a query, as a view keeps them. */
export function viewFiltersOf(query: InboxQuery): ViewFilters {
  const filters: ViewFilters = {};
  for (const key of VIEW_FILTERS) if (query[key] !== undefined) Object.assign(filters, { [key]: query[key] });
  return filters;
}

/** The filters as address parameters (the bureau's `agency` kept), in a fixed order. */
export function filterParams(query: InboxQuery | ViewFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["agency", ...VIEW_FILTERS] as const) {
    const value = (query as Record<string, unknown>)[key];
    if (typeof value === "string") params.append(key, value);
  }
  return params;
}

/** An address of the console with these filters, or none. */
export function withFilters(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The inbox showing a saved view. */
export const viewHref = (filters: ViewFilters) => withFilters(paths.inbox, filterParams(filters));

/** Sorted by the next deadline, earliest first; cases with none last. */
const byDeadline = (a: Case, b: Case) =>
  (nextDeadline(a)?.dueAt ?? "~").localeCompare(nextDeadline(b)?.dueAt ?? "~");

/** One page of the inbox: the filters applied within the page, as the service lists it. */
export async function inboxRows(
  ctx: ConsoleContext,
  who: Identity,
  query: InboxQuery,
): Promise<{ cases: Case[]; nextCursor?: string }> {
  const { cursor, limit, overdue, ...filters } = query;
  const page = await ctx.services.cases.list(
    who,
    { ...filters, ...(overdue ? { overdue: overdue === "true" } : {}) },
    pageRequest({ cursor, limit }),
  );
  // Without a status chosen, the inbox is the open cases: finished ones are a filter away.
  const cases = page.items.filter((k) => query.status || !TERMINAL_STATUSES.has(k.status)).sort(byDeadline);
  return { cases, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
