// The inbox's filter form and its table of cases: a row per case linked by its code, its
// next deadline in words and colour, and — for those who may route — a box to tick on each
// registered case.
import { nextDeadline, readClock } from "./clock-reading.js";
import { DeadlineMark, readingText, type ClockView } from "./clocks.js";
import type { Case } from "../domain/model.js";
import type { Option } from "./fields.js";
import type { Catalogue } from "./i18n/zh.js";
import type { InboxQuery } from "./inbox-query.js";
import { agencyName } from "./language.js";
import { paths } from "./paths.js";
import { CardTable, cellLabel as label } from "./cards.js";

export type Choices = Record<"status" | "category" | "region" | "channel", Option[]>;

/** The name the ticked boxes are posted under: one case id each. */
export const SELECTED_FIELD = "case";

function FilterSelect(props: {
  id: string;
  label: string;
  empty: string;
  value: string | undefined;
  options: Option[];
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

export function FilterForm({ query, choices, t }: { query: InboxQuery; choices: Choices; t: Catalogue }) {
  return (
    <form method="get" action={paths.inbox} aria-label={t.inbox.filters}>
      <fieldset>
        <legend>{t.inbox.filters}</legend>
        <div class="filters">
          <FilterSelect
            id="status"
            label={t.inbox.status}
            empty={t.inbox.openCases}
            value={query.status}
            options={choices.status}
          />
          <FilterSelect
            id="category"
            label={t.inbox.category}
            empty={t.inbox.any}
            value={query.category}
            options={choices.category}
          />
          <FilterSelect
            id="region"
            label={t.inbox.region}
            empty={t.inbox.any}
            value={query.region}
            options={choices.region}
          />
          <FilterSelect
            id="channel"
            label={t.inbox.channel}
            empty={t.inbox.any}
            value={query.channel}
            options={choices.channel}
          />
          <div class="field check">
            <input
              type="checkbox"
              id="filter-overdue"
              name="overdue"
              value="true"
              checked={query.overdue === "true"}
            />
            <label for="filter-overdue">{t.inbox.overdueOnly}</label>
          </div>
          <div class="field">
            <button type="submit">{t.inbox.filter}</button>
          </div>
        </div>
      </fieldset>
    </form>
  );
}

/** The cases; with a first column of boxes when some of them may be routed by this person. */
export function CaseTable(props: { cases: readonly Case[]; view: ClockView; routable: ReadonlySet<string> }) {
  const { t } = props.view;
  const cols = t.inbox.columns;
  const selecting = props.routable.size > 0;
  return (
    <CardTable
      caption={t.inbox.caption}
      columns={[
        ...(selecting ? [t.bulkRoute.selectColumn] : []),
        cols.code,
        cols.title,
        cols.status,
        cols.lead,
        cols.deadline,
      ]}
    >
      {props.cases.map((k) => (
        <CaseRow
          kase={k}
          view={props.view}
          {...(selecting ? { selectable: props.routable.has(k.id) } : {})}
        />
      ))}
    </CardTable>
  );
}

function CaseRow({ kase, view, selectable }: { kase: Case; view: ClockView; selectable?: boolean }) {
  const { t } = view;
  const clock = nextDeadline(kase);
  const reading = clock && readClock(clock, view.now, view.calendar, view.rules);
  const cols = t.inbox.columns;
  return (
    <tr>
      {selectable !== undefined && (
        <td class="select">
          {selectable && (
            <input
              type="checkbox"
              name={SELECTED_FIELD}
              value={kase.id}
              id={`select-${kase.id}`}
              aria-label={t.bulkRoute.select(kase.code)}
            />
          )}
        </td>
      )}
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
