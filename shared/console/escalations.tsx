// The bureau's Escalations page: the cases on each oversight list — L1, L2, L3, disputes,
// listed supervision — read from the lists' index entries (EscalationService), never by
// reading every case; grouped by the agency answerable, each case linked by its code with
// the clock that escalated it and how long it is overdue. A list's further pages are a
// GET link, so only a list name and a cursor reach the address.
import { Hono } from "hono";
import { disputeDueAt } from "../domain/escalation.js";
import {
  ESCALATION_LISTS,
  escalationEntries,
  type EscalationEntry,
  type EscalationList,
} from "../domain/escalation-lists.js";
import type { Case } from "../domain/model.js";
import { BadRequestError } from "../errors.js";
import type { ConsoleContext, ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, type Lang } from "./language.js";
import { respond } from "./layout.js";
import { daysBetween, localDateTime, localDay } from "./local-time.js";
import { paths } from "./paths.js";
import { CardTable, cellLabel as label } from "./cards.js";

export const escalationsApp = new Hono<ConsoleEnv>();

/** Cases shown per list at once: the first page of every list, or one list's further page. */
const LIST_PAGE = 100;

const isList = (v: string | undefined): v is EscalationList =>
  (ESCALATION_LISTS as readonly string[]).includes(v ?? "");

interface Row {
  kase: Case;
  entry: EscalationEntry;
}

/** The due time of the entry, and its lateness in whole local days (negative: days left). */
function lateness(row: Row, ctx: ConsoleContext): { dueAt: string; days: number; stopped: boolean } {
  const { kase, entry } = row;
  const tz = ctx.policy.calendar.timeZone;
  const clock = entry.clock
    ? [...kase.clocks, ...(kase.pastClocks ?? [])].find(
        (k) => k.name === entry.clock && k.dueAt === entry.since,
      )
    : undefined;
  const dueAt =
    entry.clock || !kase.objection
      ? entry.since
      : new Date(disputeDueAt(kase.objection.at, ctx.policy, ctx.escalation)).toISOString();
  const end = clock?.stoppedAt ? new Date(clock.stoppedAt) : ctx.clock.now();
  return {
    dueAt,
    days: daysBetween(localDay(new Date(dueAt), tz), localDay(end, tz)),
    stopped: Boolean(clock?.stoppedAt),
  };
}

function overdueText(late: ReturnType<typeof lateness>, t: Catalogue): string {
  if (late.stopped) return t.escalations.lateBy(Math.max(0, late.days));
  if (late.days < 0) return t.escalations.daysToMeeting(-late.days);
  return t.deadline.overdueBy(late.days);
}

function AgencyGroup(props: {
  agency: string;
  rows: Row[];
  ctx: ConsoleContext;
  t: Catalogue;
  name: string;
}) {
  const { rows, ctx, t } = props;
  const cols = t.escalations.columns;
  const tz = ctx.policy.calendar.timeZone;
  return (
    <>
      <h3>
        {props.name} <span class="count">({t.escalations.count(rows.length)})</span>
      </h3>
      <CardTable class="escalated" columns={[cols.case, cols.clock, cols.due, cols.overdue]}>
        {rows.map((row) => {
          const late = lateness(row, ctx);
          return (
            <tr>
              <td class="code">
                <a href={paths.case(row.kase.id)}>{row.kase.code}</a>
              </td>
              <td>
                {label(cols.clock)}
                {row.entry.clock ? t.clockNames[row.entry.clock] : t.escalations.disputeClock}
              </td>
              <td>
                {label(cols.due)}
                {localDateTime(late.dueAt, tz)}
              </td>
              <td>
                {label(cols.overdue)}
                {late.days >= 0 && !late.stopped ? (
                  <span class="mark late">{overdueText(late, t)}</span>
                ) : (
                  overdueText(late, t)
                )}
              </td>
            </tr>
          );
        })}
      </CardTable>
    </>
  );
}

function ListSection(props: {
  list: EscalationList;
  cases: Case[];
  nextCursor: string | undefined;
  ctx: ConsoleContext;
  t: Catalogue;
  lang: Lang;
  reference: Awaited<ReturnType<ConsoleContext["reference"]>>;
}) {
  const { list, ctx, t } = props;
  const rules = ctx.escalation;
  const describe = {
    L1: t.escalations.describe.L1(),
    L2: t.escalations.describe.L2(rules.listedSupervisionAfterDays),
    L3: t.escalations.describe.L3(rules.meetingAfterDays),
    dispute: t.escalations.describe.dispute(rules.disputeToMeetingWorkingDays),
    supervised: t.escalations.describe.supervised(),
  }[list];
  // The index is sorted by agency, then oldest first: consecutive rows form the groups.
  const groups = new Map<string, Row[]>();
  for (const kase of props.cases) {
    const entry = escalationEntries(kase).find((e) => e.list === list);
    if (!entry) continue;
    groups.set(entry.agency, [...(groups.get(entry.agency) ?? []), { kase, entry }]);
  }
  const heading = t.escalations.lists[list];
  return (
    <section aria-labelledby={`list-${list}`} class="oversight-list">
      <h2 id={`list-${list}`}>{heading}</h2>
      <p class="hint">{describe}</p>
      {groups.size === 0 ? (
        <p>{t.escalations.empty}</p>
      ) : (
        [...groups].map(([agency, rows]) => (
          <AgencyGroup
            agency={agency}
            rows={rows}
            ctx={ctx}
            t={t}
            name={agencyName(props.reference, agency, props.lang)}
          />
        ))
      )}
      {props.nextCursor && (
        <p class="pager">
          <a
            href={`${paths.escalations}?${new URLSearchParams({ list, cursor: props.nextCursor }).toString()}`}
          >
            {t.escalations.more(heading)}
          </a>
        </p>
      )}
    </section>
  );
}

escalationsApp.get("/escalations", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const only = c.req.query("list");
  const cursor = c.req.query("cursor");
  if ((only !== undefined && !isList(only)) || (cursor !== undefined && only === undefined))
    throw new BadRequestError("No such list.");
  const lists = only ? [only] : [...ESCALATION_LISTS];
  const pages = await Promise.all(
    lists.map((list) =>
      ctx.services.escalations.list(who, list, { limit: LIST_PAGE, ...(cursor ? { cursor } : {}) }),
    ),
  );
  const reference = await ctx.reference();
  return respond(
    c,
    { title: t.escalations.heading, active: "escalations" },
    <>
      <h1>{t.escalations.heading}</h1>
      <p>{t.escalations.intro}</p>
      {only && (
        <p>
          <a href={paths.escalations}>{t.escalations.all}</a>
        </p>
      )}
      {lists.map((list, i) => (
        <ListSection
          list={list}
          cases={pages[i]!.items}
          nextCursor={pages[i]!.nextCursor}
          ctx={ctx}
          t={t}
          lang={lang}
          reference={reference}
        />
      ))}
    </>,
  );
});
