// The inbox: the caller's open cases, nearest deadline first, each marked overdue or due soon
// in words and colour (rows: inbox-query.ts). The filter is a GET form, so only filter values
// and the page cursor reach the address — never a person's name or number. Above it the
// person's saved views; beside it `Save view` and `Export CSV`; for those who may route, the
// registered cases can be ticked and routed in one step (bulk-route.tsx).
import { Hono, type Context } from "hono";
import { availableCommands } from "../domain/decide.js";
import { CHANNELS, STATUSES } from "../domain/model.js";
import { commandAction, permits } from "../domain/rights.js";
import type { ClockView } from "./clocks.js";
import { CSRF_FIELD } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { CaseTable, FilterForm, type Choices } from "./inbox-table.js";
import { MAX_BULK_ROUTE } from "../app/bulk-route.js";
import { MAX_EXPORT_ROWS } from "./inbox-export.js";
import {
  filterParams,
  inboxQueryOf,
  inboxRows,
  VIEW_FILTERS,
  viewFiltersOf,
  withFilters,
  type InboxQuery,
} from "./inbox-query.js";
import { categoryName, regionName } from "./language.js";
import { respond } from "./layout.js";
import { paths } from "./paths.js";
import { SavedViewsNav, SaveViewForm } from "./views-bar.js";

export const inboxApp = new Hono<ConsoleEnv>();

/** What one of the inbox's own forms brings back to it when it was not done. */
export interface InboxState {
  viewName?: string;
  viewError?: string;
  status?: 200 | 404 | 409 | 422;
}

inboxApp.get("/", (c) => showInbox(c, inboxQueryOf(c.req.query())));

/** The filters applied now, in words: what `Save view` keeps. */
function summaryOf(query: InboxQuery, choices: Choices, c: Context<ConsoleEnv>): string {
  const { t } = c.var;
  const labels = {
    status: t.inbox.status,
    category: t.inbox.category,
    region: t.inbox.region,
    channel: t.inbox.channel,
  } as const;
  const parts: string[] = [];
  for (const key of VIEW_FILTERS) {
    const value = query[key];
    if (value === undefined) continue;
    if (key === "overdue") {
      if (value === "true") parts.push(t.inbox.overdueOnly);
      continue;
    }
    const label = choices[key].find((o) => o.value === value)?.label ?? value;
    parts.push(t.views.filterPart(labels[key], label));
  }
  return parts.length ? parts.join(" · ") : t.views.allOpen;
}

export async function showInbox(c: Context<ConsoleEnv>, query: InboxQuery, state: InboxState = {}) {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const csrf = c.var.session!.csrf;
  const [page, reference, views] = await Promise.all([
    inboxRows(ctx, who, query),
    ctx.reference(),
    ctx.services.views.list(who),
  ]);
  const view: ClockView = {
    t,
    lang,
    now: ctx.clock.now(),
    calendar: ctx.policy.calendar,
    rules: ctx.escalation,
    reference,
  };
  const choices: Choices = {
    status: STATUSES.map((s) => ({ value: s, label: t.statuses[s] })),
    category: [...reference.categories.keys()].map((id) => ({
      value: id,
      label: categoryName(reference, id, lang),
    })),
    region: [...reference.regions].map((r) => ({ value: r, label: regionName(t, r) })),
    channel: CHANNELS.map((ch) => ({ value: ch, label: t.channels[ch] })),
  };
  const params = filterParams(query);
  const current = viewFiltersOf(query);
  // Ticked and routed in one step: the registered cases this person may route by the rules.
  const routable = permits(who, commandAction("route"))
    ? new Set(page.cases.filter((k) => availableCommands(k, who).includes("route")).map((k) => k.id))
    : new Set<string>();
  const done = c.req.query("done");
  const notice =
    done === "view-saved" ? t.views.saved : done === "view-deleted" ? t.views.deleted : undefined;
  const table = <CaseTable cases={page.cases} view={view} routable={routable} />;
  return respond(
    c,
    {
      title: t.inbox.heading,
      active: "inbox",
      // Answering one of its forms' POSTs, the language links lead to the inbox it was sent from.
      ...(c.req.method === "GET" ? {} : { here: withFilters(paths.inbox, params) }),
      status: state.status ?? 200,
    },
    <>
      <h1>{t.inbox.heading}</h1>
      {notice && (
        <p class="notice good" role="status">
          {notice}
        </p>
      )}
      <SavedViewsNav views={views} current={current} csrf={csrf} t={t} />
      <FilterForm query={query} choices={choices} t={t} />
      <div class="inbox-tools">
        <SaveViewForm
          current={current}
          summary={summaryOf(query, choices, c)}
          csrf={csrf}
          t={t}
          value={state.viewName}
          error={state.viewError}
        />
        <div class="export">
          <a class="button secondary" href={withFilters(paths.inboxCsv, params)} download>
            {t.exportCsv.link}
          </a>
          <p class="hint">{t.exportCsv.hint(MAX_EXPORT_ROWS)}</p>
        </div>
      </div>
      {page.cases.length === 0 ? (
        <p>{t.inbox.empty}</p>
      ) : routable.size > 0 ? (
        <form method="post" action={paths.routeSelected}>
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <div class="bulk-bar">
            <button type="submit">{t.bulkRoute.submit}</button>
            <p class="hint">{t.bulkRoute.hint(MAX_BULK_ROUTE)}</p>
          </div>
          {table}
        </form>
      ) : (
        table
      )}
      <p class="hint">{t.inbox.pageNote}</p>
      <p class="pager">
        {query.cursor && <a href={withFilters(paths.inbox, params)}>{t.inbox.firstPage}</a>}
        {page.nextCursor && (
          <a href={withFilters(paths.inbox, new URLSearchParams([...params, ["cursor", page.nextCursor]]))}>
            {t.inbox.nextPage}
          </a>
        )}
      </p>
    </>,
  );
}
