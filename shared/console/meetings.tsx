// Joint meetings (MeetingService, as /v1/meetings answers them): the list of those the caller
// may see with, for the bureau's coordinator, a form to convene one; a meeting's page
// (meeting-page.tsx) and what is sent from it — a decision, a sanction, closing — each checked
// by the API's own body schema; and the minutes as a Markdown download. A meeting the caller's
// agency does not sit on is 404, as the API answers.
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type * as z from "zod";
import type { Meeting } from "../domain/meetings.js";
import { permits } from "../domain/rights.js";
import { BadRequestError, HttpError, NotFoundError } from "../errors.js";
import {
  CloseMeetingBody,
  MeetingDecisionBody,
  NewMeetingBody,
  SanctionBody,
} from "../http/meeting-bodies.js";
import { formOf } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { fieldErrorsOf } from "./field-errors.js";
import { bodyOf, entryOf, type LabelledSpec } from "./fields.js";
import { agencyName } from "./language.js";
import { respond } from "./layout.js";
import { localDateTime, localDay } from "./local-time.js";
import {
  CASE_FIELD,
  closeFields,
  conveneFields,
  decisionFields,
  MeetingForm,
  sanctionFields,
  type MeetingEntry,
  type MeetingFormName,
} from "./meeting-forms.js";
import { showMeeting } from "./meeting-page.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { NotDone, problemOf, type ShownProblem } from "./problems.js";
import { CardTable, cellLabel as label } from "./cards.js";

export const meetingsApp = new Hono<ConsoleEnv>();

const MEETINGS_PAGE = 50;
const DONE: readonly MeetingFormName[] = ["convene", "decision", "sanction", "close"];

/** The meeting id in the address: anything but a platform id is no meeting (404), as the API answers. */
function meetingIdOf(c: Context<ConsoleEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!PLATFORM_ID.test(id)) throw new NotFoundError("No such meeting.");
  return id;
}

/** A refusal the officer can act on, shown on the page with their entry; anything else is an error page. */
const shownOnPage = (err: unknown): err is HttpError =>
  err instanceof HttpError && [400, 403, 409, 422].includes(err.status);

async function listPage(
  c: Context<ConsoleEnv>,
  state: { kept?: MeetingEntry; problem?: ShownProblem; status?: ContentfulStatusCode } = {},
) {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const m = t.meetings;
  const cursor = c.req.method === "GET" ? c.req.query("cursor") : undefined;
  const page = await ctx.services.meetings.list(who, { limit: MEETINGS_PAGE, ...(cursor ? { cursor } : {}) });
  const reference = await ctx.reference();
  const tz = ctx.policy.calendar.timeZone;
  const cols = m.columns;
  return respond(
    c,
    { title: m.heading, active: "meetings", here: paths.meetings, status: state.status ?? 200 },
    <>
      <h1>{m.heading}</h1>
      {page.items.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <CardTable columns={[cols.title, cols.date, cols.status, cols.members, cols.items]}>
          {page.items.map((meeting) => (
            <tr>
              <td>
                <a href={paths.meeting(meeting.id)}>{meeting.title}</a>
              </td>
              <td>
                {label(cols.date)}
                {localDateTime(meeting.scheduledAt, tz)}
              </td>
              <td>
                {label(cols.status)}
                {m.statuses[meeting.status]}
              </td>
              <td>
                {label(cols.members)}
                {meeting.members.map((a) => agencyName(reference, a, lang)).join(t.listSeparator)}
              </td>
              <td>
                {label(cols.items)}
                {meeting.agenda.length}
              </td>
            </tr>
          ))}
        </CardTable>
      )}
      {page.nextCursor && (
        <p class="pager">
          <a href={`${paths.meetings}?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`}>
            {t.inbox.nextPage}
          </a>
        </p>
      )}
      {permits(who, "meetings.create") && (
        <>
          {state.kept && (
            <NotDone invalid={Object.keys(state.kept.errors).length > 0} problem={state.problem} t={t} />
          )}
          <h2 id="convene-heading">{m.convene.heading}</h2>
          <div class="commands">
            <MeetingForm
              action={paths.meetings}
              heading={m.convene.heading}
              headingOutside
              id="convene"
              specs={conveneFields({ t, lang, reference })}
              submit={m.convene.submit}
              csrf={c.var.session!.csrf}
              t={t}
              kept={state.kept}
            />
          </div>
        </>
      )}
    </>,
  );
}

meetingsApp.get("/meetings", (c) => listPage(c));

/** The form read and checked by the API's schema: the body, or the entry with its problems. */
async function readForm<S extends z.ZodType>(
  c: Context<ConsoleEnv>,
  specs: LabelledSpec[],
  schema: S,
  extra: Record<string, unknown> = {},
): Promise<{ entry: MeetingEntry["entry"]; body?: z.infer<S>; errors: MeetingEntry["errors"] }> {
  const form = await formOf(c);
  const entry = entryOf(form, specs);
  const body = { ...bodyOf(entry, specs, c.var.console.policy.calendar.timeZone), ...extra };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { entry, body: parsed.data, errors: {} };
  return { entry, errors: fieldErrorsOf(parsed.error.issues, body, c.var.t.fieldErrors) };
}

meetingsApp.post("/meetings", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const specs = conveneFields({ t, lang, reference: await ctx.reference() });
  const { entry, body, errors } = await readForm(c, specs, NewMeetingBody);
  if (!body) return listPage(c, { kept: { form: "convene", entry, errors }, status: 422 });
  try {
    const meeting = await ctx.services.meetings.create(c.var.who!, body);
    return c.redirect(`${paths.meeting(meeting.id)}?done=convene`, 303);
  } catch (err) {
    if (!shownOnPage(err)) throw err;
    const kept: MeetingEntry = { form: "convene", entry, errors: {} };
    return listPage(c, { kept, problem: problemOf(err, t), status: err.status as ContentfulStatusCode });
  }
});

meetingsApp.get("/meetings/:id", async (c) => {
  const meeting = await c.var.console.services.meetings.get(c.var.who!, meetingIdOf(c));
  const done = c.req.query("done");
  return showMeeting(c, meeting, { done: DONE.find((d) => d === done) });
});

/**
 * Send one of the meeting page's forms: checked by the API's schema, then done by the
 * service; a problem shows the meeting again, as it is now, with the entry kept.
 */
async function sendForm<S extends z.ZodType>(
  c: Context<ConsoleEnv>,
  form: Exclude<MeetingFormName, "convene">,
  specsOf: (meeting: Meeting) => LabelledSpec[],
  schema: S,
  act: (id: string, body: z.infer<S>) => Promise<unknown>,
  caseId?: string,
) {
  const { t, console: ctx } = c.var;
  const who = c.var.who!;
  const id = meetingIdOf(c);
  const meeting = await ctx.services.meetings.get(who, id);
  const { entry, body, errors } = await readForm(c, specsOf(meeting), schema, caseId ? { caseId } : {});
  const kept: MeetingEntry = { form, entry, errors, ...(caseId ? { caseId } : {}) };
  if (!body) return showMeeting(c, meeting, { kept, status: 422 });
  try {
    await act(id, body);
  } catch (err) {
    if (!shownOnPage(err)) throw err;
    const now = await ctx.services.meetings.get(who, id);
    return showMeeting(c, now, {
      kept: { ...kept, errors: {} },
      problem: problemOf(err, t),
      status: err.status as ContentfulStatusCode,
    });
  }
  return c.redirect(`${paths.meeting(id)}?done=${form}`, 303);
}

meetingsApp.post("/meetings/:id/decisions", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const caseId = (await formOf(c))[CASE_FIELD];
  if (typeof caseId !== "string" || !PLATFORM_ID.test(caseId))
    throw new BadRequestError("The form names no agenda item.");
  const source = { t, lang, reference: await ctx.reference() };
  return sendForm(
    c,
    "decision",
    () => decisionFields(source),
    MeetingDecisionBody,
    (id, body) => ctx.services.meetings.decide(c.var.who!, id, body),
    caseId,
  );
});

meetingsApp.post("/meetings/:id/sanctions", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const source = { t, lang, reference: await ctx.reference() };
  return sendForm(
    c,
    "sanction",
    () => sanctionFields(source),
    SanctionBody,
    (id, body) => ctx.services.meetings.sanction(c.var.who!, id, body),
  );
});

meetingsApp.post("/meetings/:id/close", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const source = { t, lang, reference: await ctx.reference() };
  return sendForm(
    c,
    "close",
    (meeting) => closeFields(source, meeting),
    CloseMeetingBody,
    (id, body) => ctx.services.meetings.close(c.var.who!, id, body.present ?? []),
  );
});

meetingsApp.get("/meetings/:id/minutes", async (c) => {
  const { console: ctx } = c.var;
  const who = c.var.who!;
  const id = meetingIdOf(c);
  const meeting = await ctx.services.meetings.get(who, id);
  const markdown = await ctx.services.meetings.minutes(who, id);
  // Named by the meeting's local date: nothing of a person, nor the meeting's title, in a file name.
  const date = localDay(new Date(meeting.scheduledAt), ctx.policy.calendar.timeZone);
  return c.body(markdown, 200, {
    "Content-Type": "text/markdown; charset=utf-8",
    "Content-Disposition": `attachment; filename="minutes-${date}.md"`,
  });
});
