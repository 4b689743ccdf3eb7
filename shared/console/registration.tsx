// New petition (登记): the bureau's intake form. It is checked by the API's own schema
// (RegisterCaseBody), each problem shown beside its field, and nothing typed is lost when
// something is wrong; a registered case is shown at its own address (POST-redirect-GET).
// The identity typed here travels only in the POST body, never in an address.
import { Hono, type Context } from "hono";
import { randomBytes } from "node:crypto";
import { CHANNELS } from "../domain/model.js";
import { BUREAU } from "../domain/access.js";
import { HttpError } from "../errors.js";
import { RegisterCaseBody } from "../http/schemas.js";
import { CSRF_FIELD, formOf } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { fieldErrorsOf } from "./field-errors.js";
import { bodyOf, entryOf, Field, type Entry, type FieldErrors, type FieldSpec } from "./fields.js";
import { agencyName, categoryName, regionName } from "./language.js";
import { respond } from "./layout.js";
import { paths } from "./paths.js";
import { NotDone, problemOf, type ShownProblem } from "./problems.js";

export const registrationApp = new Hono<ConsoleEnv>();

/** The hidden field carrying the form's Idempotency-Key: a form sent twice registers once. */
const KEY_FIELD = "_key";
const KEY = /^[A-Za-z0-9_-]{8,64}$/;

async function fieldsOf(c: Context<ConsoleEnv>) {
  const { t, lang } = c.var;
  const reference = await c.var.console.reference();
  const agencies = [...reference.agencies.keys()].filter((a) => a !== BUREAU);
  const petition: FieldSpec[] = [
    {
      name: "channel",
      kind: "select",
      required: true,
      options: CHANNELS.map((ch) => ({ value: ch, label: t.channels[ch] })),
    },
    {
      name: "category",
      kind: "select",
      required: true,
      options: [...reference.categories.keys()].map((id) => ({
        value: id,
        label: categoryName(reference, id, lang),
      })),
    },
    {
      name: "region",
      kind: "select",
      required: true,
      options: [...reference.regions].map((r) => ({ value: r, label: regionName(t, r) })),
    },
    { name: "title", kind: "text", required: true, wide: true },
    { name: "description", kind: "textarea", required: true, wide: true },
    { name: "headcount", kind: "number", convert: "number" },
  ];
  const petitioner: FieldSpec[] = [
    { name: "petitioner.name", kind: "text", required: true, autocomplete: "off" },
    { name: "petitioner.idNumber", kind: "text", autocomplete: "off" },
    { name: "petitioner.phone", kind: "text", autocomplete: "off" },
    { name: "petitioner.address", kind: "text", autocomplete: "off" },
  ];
  const respondent: FieldSpec[] = [
    {
      name: "respondent.agency",
      kind: "select",
      emptyOption: t.none,
      options: agencies.map((a) => ({ value: a, label: agencyName(reference, a, lang) })),
    },
  ];
  return { petition, petitioner, respondent, all: [...petition, ...petitioner, ...respondent] };
}

interface FormState {
  entry: Entry;
  errors: FieldErrors;
  /** A refusal from the service (a rule, an unknown category): said above the form. */
  problem?: ShownProblem;
  key: string;
}

async function showForm(c: Context<ConsoleEnv>, state: FormState, status: 200 | 400 | 403 | 409 | 422 = 200) {
  const { t } = c.var;
  const fields = await fieldsOf(c);
  const group = (legend: string, specs: FieldSpec[]) => (
    <fieldset>
      <legend>{legend}</legend>
      <div class="grid">
        {specs.map((spec) => (
          <Field
            spec={spec}
            t={t}
            idPrefix="register"
            value={state.entry[spec.name]}
            error={state.errors[spec.name]}
          />
        ))}
      </div>
    </fieldset>
  );
  const invalid = Object.keys(state.errors).length > 0;
  return respond(
    c,
    { title: t.register.heading, active: "register", here: paths.register, status },
    <>
      <h1>{t.register.heading}</h1>
      {(invalid || state.problem) && <NotDone invalid={invalid} problem={state.problem} t={t} />}
      <form method="post" action={paths.register} autocomplete="off" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={c.var.session!.csrf} />
        <input type="hidden" name={KEY_FIELD} value={state.key} />
        {group(t.register.petition, fields.petition)}
        {group(t.register.petitioner, fields.petitioner)}
        {group(t.register.respondent, fields.respondent)}
        <button type="submit">{t.register.submit}</button>
      </form>
    </>,
  );
}

const newKey = () => randomBytes(16).toString("base64url");

registrationApp.get("/register", (c) => showForm(c, { entry: {}, errors: {}, key: newKey() }));

registrationApp.post("/register", async (c) => {
  const form = await formOf(c);
  const fields = await fieldsOf(c);
  const entry = entryOf(form, fields.all);
  const given = form[KEY_FIELD];
  const key = typeof given === "string" && KEY.test(given) ? given : newKey();
  const body = bodyOf(entry, fields.all, c.var.console.policy.calendar.timeZone);
  const parsed = RegisterCaseBody.safeParse(body);
  if (!parsed.success)
    return showForm(
      c,
      { entry, key, errors: fieldErrorsOf(parsed.error.issues, body, c.var.t.fieldErrors) },
      422,
    );
  try {
    const { case: kase } = await c.var.console.services.cases.register(c.var.who!, parsed.data, key);
    return c.redirect(`${paths.case(kase.id)}?done=register`, 303);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status === 404 || err.status >= 500) throw err;
    return showForm(
      c,
      { entry, key, errors: {}, problem: problemOf(err, c.var.t) },
      err.status as 400 | 403 | 409 | 422,
    );
  }
});
