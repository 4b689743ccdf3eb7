// Sign-in on the local runtime: a page picks a demo person by agency and role, as /dev/token
// does for the API. It ships in no Lambda; on AWS the console signs in through Cognito.
import type { ReferenceService } from "../app/reference.js";
import { ROLES, type Role } from "../domain/model.js";
import { BadRequestError } from "../errors.js";
import type { ConsoleAuth } from "./auth.js";
import { CSRF_FIELD, formOf } from "./csrf.js";
import { respond } from "./layout.js";
import { paths } from "./paths.js";

const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

/** The local sign-in: any agency of the jurisdiction, any one role; the person is `<role>@<agency>`. */
export function localAuth(reference: Pick<ReferenceService, "agencies">): ConsoleAuth {
  return {
    kind: "local",

    async signInPage(c) {
      const { t, lang } = c.var;
      const agencies = await reference.agencies();
      return respond(
        c,
        { title: t.signIn.heading },
        <>
          <h1>{t.signIn.heading}</h1>
          <p>{t.signIn.intro}</p>
          <form method="post" action={paths.signIn} class="narrow">
            <input type="hidden" name={CSRF_FIELD} value={c.var.signInCsrf ?? ""} />
            <div class="field">
              <label for="sign-in-agency">{t.signIn.agency}</label>
              <select id="sign-in-agency" name="agency" required>
                {agencies.map((a) => (
                  <option value={a.id}>
                    {lang === "zh" ? a.nameZh : a.name} ({a.id})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="sign-in-role">{t.signIn.role}</label>
              <select id="sign-in-role" name="role" required>
                {ROLES.map((r) => (
                  <option value={r}>{t.roles[r]}</option>
                ))}
              </select>
            </div>
            <button type="submit">{t.signIn.submit}</button>
          </form>
        </>,
      );
    },

    async complete(c) {
      const form = await formOf(c);
      const { agency, role } = form;
      if (!isRole(role)) throw new BadRequestError("Choose one of the roles.");
      if (typeof agency !== "string" || !(await reference.agencies()).some((a) => a.id === agency))
        throw new BadRequestError("Choose one of the jurisdiction's agencies.");
      return { sub: `${role}@${agency}`, agency, roles: [role] };
    },

    signedOutLocation: () => paths.signIn,
  };
}
