// The inbox: the caller's open cases (CaseService.list, as GET /v1/cases answers them),
// nearest deadline first, each marked overdue or due soon in words and colour. The filter
// is a GET form, so only filter values and the page cursor reach the address — never a
// person's name or number.
import { Hono } from "hono";
import { TERMINAL_STATUSES } from "../domain/lifecycle.js";
import { CHANNELS, STATUSES, type Case } from "../domain/model.js";
import { BadRequestError } from "../errors.js";
import { CaseListQuery, pageRequest } from "../http/schemas.js";
import { readClock, nextDeadline } from "./clock-reading.js";
import { DeadlineMark, readingText, type ClockView } from "./clocks.js";
import type { ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, categoryName, regionName } from "./language.js";
import { respond } from "./layout.js";
import { paths } from "./paths.js";

export const inboxApp = new Hono<ConsoleEnv>();

const INBOX_PAGE = 50;

/** The filters as the address holds them: empty fields and the language left out. */
function filtersOf(query: Record<string, string>) {
  const given = Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== "lang" && v !== ""));
  const parsed = CaseListQuery.safeParse({ limit: INBOX_PAGE, ...given });
  if (!parsed.success) throw new BadRequestError("The inbox's filters are not valid.");
  return parsed.data;
}

/** Sorted by the next deadline, earliest first; cases with none last. */
const byDeadline = (a: Case, b: Case) =>
  (nextDeadline(a)?.dueAt ?? "~").localeCompare(nextDeadline(b)?.dueAt ?? "~");

inboxApp.get("/", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const query = filtersOf(c.req.query());
  const { cursor, limit, overdue, ...filters } = query;
  const page = await ctx.services.cases.list(
    who,
    { ...filters, ...(overdue ? { overdue: overdue === "true" } : {}) },
    pageRequest({ cursor, limit }),
  );
  // Without a status chosen, the inbox is the open cases: finished ones are a filter away.
  const cases = page.items.filter((k) => query.status || !TERMINAL_STATUSES.has(k.status)).sort(byDeadline);
  const reference = await ctx.reference();
  const view: ClockView = {
    t,
    lang,
    now: ctx.clock.now(),
    calendar: ctx.policy.calendar,
    rules: ctx.escalation,
    reference,
  };
  const next = new URLSearchParams(
    Object.entries({ ...filters, ...(overdue ? { overdue } : {}) }).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const choices = {
    statuses: STATUSES.map((s) => ({ value: s, label: t.statuses[s] })),
    categories: [...reference.categories.keys()].map((id) => ({
      value: id,
      label: categoryName(reference, id, lang),
    })),
    regions: [...reference.regions].map((r) => ({ value: r, label: regionName(t, r) })),
    channels: CHANNELS.map((ch) => ({ value: ch, label: t.channels[ch] })),
  };
  const cols = t.inbox.columns;
  return respond(
    c,
    { title: t.inbox.heading, active: "inbox" },
    <>
      <h1>{t.inbox.heading}</h1>
      <form method="get" action={paths.inbox} aria-label={t.inbox.filters}>
        <fieldset>
          <legend>{t.inbox.filters}</legend>
          <div class="filters">
            <FilterSelect
              id="status"
              label={t.inbox.status}
              empty={t.inbox.openCases}
              value={query.status}
              options={choices.statuses}
            />
            <FilterSelect
              id="category"
              label={t.inbox.category}
              empty={t.inbox.any}
              value={query.category}
              options={choices.categories}
            />
            <FilterSelect
              id="region"
              label={t.inbox.region}
              empty={t.inbox.any}
              value={query.region}
              options={choices.regions}
            />
            <FilterSelect
              id="channel"
              label={t.inbox.channel}
              empty={t.inbox.any}
              value={query.channel}
              options={choices.channels}
            />
            <div class="field check">
              <input
                type="checkbox"
                id="filter-overdue"
                name="overdue"
                value="true"
                checked={overdue === "true"}
              />
              <label for="filter-overdue">{t.inbox.overdueOnly}</label>
            </div>
            <div class="field">
              <button type="submit">{t.inbox.filter}</button>
            </div>
          </div>
        </fieldset>
      </form>
      {cases.length === 0 ? (
        <p>{t.inbox.empty}</p>
      ) : (
        <table class="cards">
          <caption>{t.inbox.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{cols.code}</th>
              <th scope="col">{cols.title}</th>
              <th scope="col">{cols.status}</th>
              <th scope="col">{cols.lead}</th>
              <th scope="col">{cols.deadline}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((k) => (
              <CaseRow kase={k} view={view} t={t} />
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t.inbox.pageNote}</p>
      <p class="pager">
        {cursor && <a href={`${paths.inbox}?${next.toString()}`}>{t.inbox.firstPage}</a>}
        {page.nextCursor && (
          <a
            href={`${paths.inbox}?${new URLSearchParams([...next, ["cursor", page.nextCursor]]).toString()}`}
          >
            {t.inbox.nextPage}
          </a>
        )}
      </p>
    </>,
  );
});

function FilterSelect(props: {
  id: string;
  label: string;
  empty: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  return (
    <div class="field">
      <label for={`filter-${props.id}`}>{props.label}</label>
      <select id={`filter-${props.id}`} name={props.id}>
        <option value="">{props.empty}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function CaseRow({ kase, view, t }: { kase: Case; view: ClockView; t: Catalogue }) {
  const clock = nextDeadline(kase);
  const reading = clock && readClock(clock, view.now, view.calendar, view.rules);
  const cols = t.inbox.columns;
  const label = (text: string) => (
    <span class="cell-label" aria-hidden="true">
      {text}
    </span>
  );
  return (
    <tr>
      <td class="code">
        <a href={paths.case(kase.id)}>{kase.code}</a>
      </td>
      <td>
        {label(cols.title)}
        {kase.title}
      </td>
      <td class="status">
        {label(cols.status)}
        {t.statuses[kase.status]}
      </td>
      <td>
        {label(cols.lead)}
        {kase.leadAgency ? agencyName(view.reference, kase.leadAgency, view.lang) : "—"}
      </td>
      <td>
        {label(cols.deadline)}
        {clock && reading ? (
          <>
            <DeadlineMark reading={reading} t={t} /> {t.clockNames[clock.name]} ·{" "}
            {readingText(reading, clock, t)}
          </>
        ) : (
          t.deadline.none
        )}
      </td>
    </tr>
  );
}
