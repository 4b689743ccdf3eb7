// A case's page and what is sent from it: reading it (404 for a case the caller may not
// see, as the API answers), `Show identity` (a POST: CaseService.read with reveal records it,
// and nothing of it reaches an address), and one POST per command, checked by the API's
// own schema and sent with the version the form was filled in against.
import { Hono, type Context } from "hono";
import { BadRequestError, HttpError, NotFoundError, PreconditionFailedError } from "../errors.js";
import type { CommandInputs } from "../domain/lifecycle.js";
import { commandBodies } from "../http/schemas.js";
import { showCase } from "./case-page.js";
import { commandFields, VERSION_FIELD } from "./command-forms.js";
import { formOf } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { fieldErrorsOf } from "./field-errors.js";
import { bodyOf, entryOf } from "./fields.js";
import { CASE_COMMANDS } from "./guard.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { problemOf } from "./problems.js";

export const caseApp = new Hono<ConsoleEnv>();

/** The case id in the address: anything but a case id is no case (404), as the API answers. */
function caseIdOf(c: Context<ConsoleEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!PLATFORM_ID.test(id)) throw new NotFoundError("No such case.");
  return id;
}

caseApp.get("/cases/:id", async (c) => {
  const kase = await c.var.console.services.cases.get(c.var.who!, caseIdOf(c));
  return showCase(c, kase, { done: c.req.query("done") });
});

/** A notice's PDF, as the API serves it: a reveal of the petitioner's identity, recorded first. */
caseApp.get("/cases/:id/notices/:noticeId", async (c) => {
  const { notice, pdf } = await c.var.console.services.notices.pdf(
    c.var.who!,
    caseIdOf(c),
    c.req.param("noticeId"),
  );
  return c.body(new Uint8Array(pdf), 200, {
    "content-type": "application/pdf",
    "content-disposition": `attachment; filename="${notice.caseId}-${notice.id}.pdf"`,
  });
});

/** A file of the case: recorded as a reveal, then a short-lived download address. */
caseApp.get("/cases/:id/attachments/:attachmentId", async (c) =>
  c.redirect(
    await c.var.console.services.attachments.download(c.var.who!, caseIdOf(c), c.req.param("attachmentId")),
    303,
  ),
);

caseApp.post("/cases/:id/identity", async (c) => {
  const read = await c.var.console.services.cases.read(c.var.who!, caseIdOf(c), true);
  return showCase(c, read.case, { revealed: read.revealed });
});

/** The version the form carried: a whole number, or the form is not one of ours. */
function versionOf(value: unknown): number {
  if (typeof value !== "string" || !/^\d{1,9}$/.test(value))
    throw new BadRequestError("The form carries no case version.");
  return Number(value);
}

/** A refusal the officer can act on, shown on the case with their entry; anything else is an error page. */
const shownOnCase = (err: unknown): err is HttpError =>
  err instanceof HttpError && [400, 403, 409, 422].includes(err.status);

for (const command of CASE_COMMANDS) {
  caseApp.post(`/cases/:id/${command}`, async (c) => {
    const { console: ctx, t, lang } = c.var;
    const who = c.var.who!;
    const id = caseIdOf(c);
    const kase = await ctx.services.cases.get(who, id);
    const form = await formOf(c);
    const specs = commandFields(command, { kase, reference: await ctx.reference(), t, lang });
    const entry = entryOf(form, specs);
    const version = versionOf(form[VERSION_FIELD]);
    const body = bodyOf(entry, specs, ctx.policy.calendar.timeZone);
    const parsed = commandBodies[command].safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error.issues, body, t.fieldErrors);
      return showCase(c, kase, { kept: { command, entry, errors }, status: 422 });
    }
    try {
      await ctx.services.cases.command(
        who,
        id,
        command,
        parsed.data as CommandInputs[typeof command],
        version,
      );
    } catch (err) {
      // The case as it is now, with the officer's entry kept below: never a lost edit.
      const now = await ctx.services.cases.get(who, id);
      if (err instanceof PreconditionFailedError)
        return showCase(c, now, { kept: { command, entry, errors: {} }, stale: true, status: 409 });
      if (shownOnCase(err))
        return showCase(c, now, {
          kept: { command, entry, errors: {} },
          problem: problemOf(err, t),
          status: err.status as 400 | 403 | 409 | 422,
        });
      throw err;
    }
    return c.redirect(`${paths.case(id)}?done=${command}`, 303);
  });
}
