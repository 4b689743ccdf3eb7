// One joint meeting as the caller sees it (MeetingService.get: only the agenda items whose
// cases they see): its date in the jurisdiction's zone, members and status; the agenda with
// why each case is on it and what was decided; the sanctions; for the bureau's coordinator a
// decision form per undecided item, the sanctions form and `Close meeting`; and for everyone
// who may read it, `Download minutes`.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AgendaItem, Meeting } from "../domain/meetings.js";
import { permits } from "../domain/rights.js";
import type { ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, categoryName } from "./language.js";
import { respond } from "./layout.js";
import { localDateTime } from "./local-time.js";
import {
  CASE_FIELD,
  closeFields,
  decisionFields,
  MeetingForm,
  sanctionFields,
  type MeetingEntry,
  type MeetingFormName,
  type MeetingFormSource,
} from "./meeting-forms.js";
import { paths } from "./paths.js";
import { NotDone, type ShownProblem } from "./problems.js";
import { CardTable, cellLabel as label } from "./cards.js";

export interface MeetingState {
  /** What was just done, from the address after a redirect. */
  done?: MeetingFormName | undefined;
  /** A form sent and not done, with the officer's entry. */
  kept?: MeetingEntry;
  problem?: ShownProblem;
  status?: ContentfulStatusCode;
}

function outcomeOf(item: AgendaItem, t: Catalogue, agency: (id: string) => string): string {
  const m = t.meetings;
  const d = item.decision;
  if (!d) return item.carriedOver ? m.carriedOver : item.finishedBefore ? m.finishedBefore : m.undecided;
  return [
    m.decided(agency(d.lead)),
    d.cohandlers.length ? m.decidedWith(d.cohandlers.map(agency).join(t.listSeparator)) : "",
    d.handleDays ? m.decidedDays(d.handleDays) : "",
    d.leader ? m.decidedLeader(d.leader) : "",
  ].join("");
}

export async function showMeeting(c: Context<ConsoleEnv>, meeting: Meeting, state: MeetingState = {}) {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const m = t.meetings;
  const reference = await ctx.reference();
  const tz = ctx.policy.calendar.timeZone;
  const agency = (id: string) => agencyName(reference, id, lang);
  const open = meeting.status === "open";
  const mayDecide = open && permits(who, "meetings.decide");
  const undecided = mayDecide ? meeting.agenda.filter((i) => !i.decision) : [];
  // The lead offered for a case is never its respondent: the chair sees every case, so reads them.
  const respondents = new Map(
    await Promise.all(
      undecided.map(
        async (i) => [i.caseId, (await ctx.services.cases.get(who, i.caseId)).respondent?.agency] as const,
      ),
    ),
  );
  const source: MeetingFormSource = { t, lang, reference };
  const csrf = c.var.session!.csrf;
  const kept = (form: MeetingFormName, caseId?: string) =>
    state.kept?.form === form && state.kept.caseId === caseId ? state.kept : undefined;
  const cols = m.itemColumns;
  const fact = (name: string, value: unknown) => (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
  return respond(
    c,
    {
      title: meeting.title,
      active: "meetings",
      here: paths.meeting(meeting.id),
      status: state.status ?? 200,
    },
    <>
      <h1>{meeting.title}</h1>
      {state.done && (
        <p class="notice good" role="status">
          {m.done[state.done]}
        </p>
      )}
      {state.kept && (
        <NotDone invalid={Object.keys(state.kept.errors).length > 0} problem={state.problem} t={t} />
      )}
      <dl class="facts">
        {fact(m.facts.date, localDateTime(meeting.scheduledAt, tz))}
        {fact(m.facts.status, m.statuses[meeting.status])}
        {fact(m.facts.chair, meeting.chair)}
        {fact(m.facts.members, meeting.members.map(agency).join(t.listSeparator) || t.none)}
        {!open && fact(m.facts.present, meeting.present.map(agency).join(t.listSeparator) || t.none)}
      </dl>
      {permits(who, "meetings.minutes") && (
        <p>
          <a class="button" href={paths.meetingAction(meeting.id, "minutes")} download>
            {m.minutes}
          </a>
        </p>
      )}
      <h2>{m.agenda}</h2>
      {meeting.agenda.length === 0 ? (
        <p>{m.noItems}</p>
      ) : (
        <CardTable columns={[cols.case, cols.category, cols.reason, cols.added, cols.outcome]}>
          {meeting.agenda.map((item) => (
            <tr>
              <td class="code">
                <a href={paths.case(item.caseId)}>{item.code}</a>
              </td>
              <td>
                {label(cols.category)}
                {categoryName(reference, item.category, lang)}
              </td>
              <td>
                {label(cols.reason)}
                {m.reasons[item.reason]}
              </td>
              <td>
                {label(cols.added)}
                {localDateTime(item.addedAt, tz)}
              </td>
              <td>
                {label(cols.outcome)}
                {outcomeOf(item, t, agency)}
                {item.decision?.note && <p class="hint pre">{item.decision.note}</p>}
              </td>
            </tr>
          ))}
        </CardTable>
      )}
      {undecided.length > 0 && (
        <div class="commands">
          {undecided.map((item) => (
            <MeetingForm
              action={paths.meetingAction(meeting.id, "decisions")}
              heading={m.decision.heading(item.code)}
              id={`decision-${item.caseId}`}
              specs={decisionFields(source, respondents.get(item.caseId))}
              submit={m.decision.submit}
              csrf={csrf}
              t={t}
              hidden={{ [CASE_FIELD]: item.caseId }}
              kept={kept("decision", item.caseId)}
            />
          ))}
        </div>
      )}
      <h2>{m.sanctions}</h2>
      {meeting.sanctions.length === 0 ? (
        <p>{m.noSanctions}</p>
      ) : (
        <ul>
          {meeting.sanctions.map((s) => (
            <li>
              {m.sanction.kinds[s.kind]} · {agency(s.agency)} · {localDateTime(s.at, tz)}
              <p class="hint pre">{s.reason}</p>
            </li>
          ))}
        </ul>
      )}
      {open && permits(who, "meetings.sanction") && (
        <div class="commands">
          <MeetingForm
            action={paths.meetingAction(meeting.id, "sanctions")}
            heading={m.sanction.heading}
            id="sanction"
            specs={sanctionFields(source)}
            submit={m.sanction.submit}
            csrf={csrf}
            t={t}
            kept={kept("sanction")}
          />
        </div>
      )}
      {open && permits(who, "meetings.close") && (
        <>
          <h2 id="close-heading">{m.close.heading}</h2>
          <div class="commands">
            <MeetingForm
              action={paths.meetingAction(meeting.id, "close")}
              heading={m.close.heading}
              headingOutside
              id="close"
              specs={closeFields(source, meeting)}
              submit={m.close.submit}
              csrf={csrf}
              t={t}
              kept={kept("close")}
            />
          </div>
        </>
      )}
      <p>
        <a href={paths.meetings}>{m.back}</a>
      </p>
    </>,
  );
}
