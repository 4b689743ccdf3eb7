// A case's page: its details; the petitioner masked, with `Show identity` for those who may
// see it in full; its clocks; a form for each command the caller may issue now (the case
// view's allowedActions, as GET /v1/cases/{id} lists them); its timeline and chain check.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { viewOf } from "../app/cases.js";
import type { CaseEvent, Case } from "../domain/model.js";
import { mayRevealIdentity, permits } from "../domain/rights.js";
import { ClocksTable } from "./clocks.js";
import { CommandForm, KeptEntry, type CommandEntry, type FormSource } from "./command-forms.js";
import { CSRF_FIELD } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { CASE_COMMANDS } from "./guard.js";
import { agencyName, categoryName, regionName } from "./language.js";
import { respond } from "./layout.js";
import { localDateTime } from "./local-time.js";
import { paths } from "./paths.js";
import { NotDone, type ShownProblem } from "./problems.js";
import { Attachments, Notices } from "./paper.js";
import { Timeline } from "./timeline.js";

export interface CaseState {
  /** Identities in full: only after CaseService.read(…, true) recorded the reveal. */
  revealed?: boolean;
  /** The command just done, from the address after a redirect. */
  done?: string | undefined;
  /** A command sent and not done, with the officer's entry. */
  kept?: CommandEntry;
  /** Why it was not done: the case changed, or the service's refusal in words. */
  stale?: boolean;
  problem?: ShownProblem;
  status?: ContentfulStatusCode;
}

async function allEvents(c: Context<ConsoleEnv>, id: string): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.var.console.services.cases.events(c.var.who!, id, {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

export async function showCase(c: Context<ConsoleEnv>, kase: Case, state: CaseState = {}): Promise<Response> {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const view = viewOf(kase, who, state.revealed === true);
  const reference = await ctx.reference();
  const mayReveal = permits(who, "cases.revealIdentity") && mayRevealIdentity(kase, who);
  const [events, verdict, notices, files] = await Promise.all([
    allEvents(c, kase.id),
    ctx.services.cases.verify(who, kase.id),
    ctx.services.notices.list(who, kase.id),
    // The files' names only with the identity (that reveal is recorded); else how many there are.
    mayReveal
      ? state.revealed
        ? ctx.services.attachments.list(who, kase.id, { revealRecorded: true })
        : ctx.services.attachments.count(who, kase.id)
      : undefined,
  ]);
  const tz = ctx.policy.calendar.timeZone;
  const source: FormSource = { kase, reference, t, lang };
  const paper = { t, caseId: kase.id, timeZone: tz, works: mayReveal };
  // In the order the API lists its commands: a case's next step first, notes and oversight after.
  const allowed = CASE_COMMANDS.filter((command) => view.allowedActions.includes(command));
  const agency = (id: string | undefined) => (id ? agencyName(reference, id, lang) : "—");
  const done =
    state.done &&
    (state.done === "register" ? t.register.submit : (t.commands as Record<string, string>)[state.done]);
  const fact = (label: string, value: unknown, pre = false) => (
    <>
      <dt>{label}</dt>
      <dd class={pre ? "pre" : undefined}>{value}</dd>
    </>
  );
  const p = view.petitioner;
  return respond(
    c,
    { title: kase.code, here: paths.case(kase.id), status: state.status ?? 200 },
    <>
      <h1>{kase.code}</h1>
      {done && (
        <p class="notice good" role="status">
          {t.case.done(done)}
        </p>
      )}
      {state.stale && (
        <p class="notice bad" role="alert">
          {t.case.stale}
        </p>
      )}
      {state.kept && !state.stale && (
        <NotDone invalid={Object.keys(state.kept.errors).length > 0} problem={state.problem} t={t} />
      )}
      {kase.status === "routing" && <p class="notice">{t.case.routedPending}</p>}
      <h2>{t.case.details}</h2>
      <dl class="facts">
        {fact(t.case.status, t.statuses[kase.status])}
        {fact(t.case.title, kase.title)}
        {fact(t.case.description, kase.description, true)}
        {fact(t.case.channel, t.channels[kase.channel])}
        {view.submission && fact(t.case.via, `${view.submission.clientName} · Open311`)}
        {view.submission?.mediaUrl &&
          fact(
            t.case.media,
            <a href={view.submission.mediaUrl} rel="noreferrer noopener">
              {view.submission.mediaUrl}
            </a>,
          )}
        {view.submission?.location?.address && fact(t.case.place, view.submission.location.address)}
        {fact(t.case.category, categoryName(reference, kase.category, lang))}
        {fact(t.case.region, regionName(t, kase.region))}
        {fact(t.case.receivedAt, localDateTime(kase.receivedAt, tz))}
        {fact(t.case.headcount, `${kase.headcount}${kase.collective ? ` · ${t.case.collective}` : ""}`)}
        {fact(t.case.lead, agency(kase.leadAgency))}
        {kase.cohandlers.length > 0 &&
          fact(t.case.cohandlers, kase.cohandlers.map(agency).join(t.listSeparator))}
        {kase.respondent?.agency && fact(t.case.respondent, agency(kase.respondent.agency))}
        {kase.leader && fact(t.case.leader, kase.leader)}
        {kase.escalation.level > 0 &&
          fact(
            t.case.escalation,
            `${t.notifications.level(kase.escalation.level)}${kase.escalation.supervised ? ` · ${t.case.supervised}` : ""}`,
          )}
        {kase.extension &&
          fact(
            t.case.extensionLabel,
            t.case.extension(
              kase.extension.days,
              t.case.extensionStates[kase.extension.decision ?? "waiting"],
            ),
          )}
        {kase.outcome &&
          fact(t.case.outcome, `${t.outcomes[kase.outcome.kind]}: ${kase.outcome.summary}`, true)}
        {kase.rating && fact(t.case.rating, t.ratings[kase.rating])}
        {kase.repeatOf && fact(t.case.repeatOf, <a href={paths.case(kase.repeatOf)}>{kase.repeatOf}</a>)}
        {kase.repeatCandidates.length > 0 &&
          fact(
            t.case.repeatCandidates,
            kase.repeatCandidates.map((id) => (
              <>
                <a href={paths.case(id)}>{id}</a>{" "}
              </>
            )),
          )}
        {view.hearings.length > 0 &&
          fact(
            t.case.hearings,
            view.hearings.map((h) => (
              <p>
                {localDateTime(h.at, tz)} · {t.case.hearingParticipants}:{" "}
                {h.participants.join(t.listSeparator)}
                {h.outcome ? ` · ${h.outcome}` : ""}
              </p>
            )),
          )}
      </dl>
      <h2>{t.case.petitioner}</h2>
      <dl class="facts">
        {fact(t.case.name, p.name)}
        {p.idNumber && fact(t.case.idNumber, p.idNumber)}
        {p.phone && fact(t.case.phone, p.phone)}
        {p.email && fact(t.case.email, p.email)}
        {p.address && fact(t.case.address, p.address)}
      </dl>
      {state.revealed ? (
        <p class="notice" role="status">
          {t.case.revealed}
        </p>
      ) : (
        <>
          <p class="hint">{t.case.masked}</p>
          {mayReveal && (
            <form method="post" action={paths.caseIdentity(kase.id)}>
              <input type="hidden" name={CSRF_FIELD} value={c.var.session!.csrf} />
              <button type="submit" class="secondary">
                {t.case.showIdentity}
              </button>
            </form>
          )}
        </>
      )}
      <h2>{t.case.notices}</h2>
      <Notices notices={notices} view={paper} />
      {files !== undefined && (
        <>
          <h2>{t.case.attachments}</h2>
          <Attachments files={files} view={paper} />
        </>
      )}
      <h2>{t.case.clocks}</h2>
      <ClocksTable
        clocks={kase.clocks}
        view={{
          t,
          lang,
          now: ctx.clock.now(),
          calendar: ctx.policy.calendar,
          rules: ctx.escalation,
          reference,
        }}
      />
      <h2>{t.case.actions}</h2>
      {state.kept && !allowed.includes(state.kept.command) && <KeptEntry kept={state.kept} source={source} />}
      {allowed.length ? (
        <div class="commands">
          {allowed.map((command) => (
            <CommandForm
              command={command}
              source={source}
              csrf={c.var.session!.csrf}
              kept={state.kept?.command === command ? state.kept : undefined}
            />
          ))}
        </div>
      ) : (
        <p>{t.case.noActions}</p>
      )}
      <h2>{t.case.timeline}</h2>
      <Timeline events={events} verdict={verdict} view={{ t, lang, reference, timeZone: tz }} />
      {permits(who, "cases.accessLog") && (
        <p>
          <a href={paths.caseAccessLog(kase.id)}>{t.case.accessLog}</a>
        </p>
      )}
    </>,
  );
}
