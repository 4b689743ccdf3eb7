// How a person signs in to the console: the one interface the local runtime and the AWS
// `console` Lambda implement differently. Locally a page picks a demo person (local-auth.tsx);
// on AWS the Cognito hosted UI (authorization code + PKCE). Either way the console checks the
// identity it is given as the API checks a token's, then keeps it in its own sealed session.
import type { Context } from "hono";
import type { Identity } from "../domain/access.js";
import type { Reference } from "../domain/routing.js";
import { UnauthorizedError } from "../errors.js";
import { identityOf } from "../http/identity.js";
import type { ConsoleEnv } from "./env.js";

export interface ConsoleAuth {
  /** Which sign-in this is: a demo person picked on a page, or Cognito's hosted UI. */
  kind: "local" | "cognito";
  /**
   * GET /console/sign-in: the page that signs in (local), or a redirect to the hosted UI
   * (cognito). Locally the page's form must carry `c.var.signInCsrf` in its `_csrf` field.
   */
  signInPage(c: Context<ConsoleEnv>): Promise<Response>;
  /**
   * Who signed in. Called for POST /console/sign-in when `kind` is "local" (after the console
   * has checked the form's token) and for GET /console/callback when it is "cognito". Throws
   * an HttpError (shared/errors.ts) when sign-in failed; the console shows it as a page.
   */
  complete(c: Context<ConsoleEnv>): Promise<Identity>;
  /**
   * Where the browser goes once the session cookie is cleared: the sign-in page locally,
   * the hosted UI's /logout on AWS. Another origin here is added to the CSP's form-action.
   */
  signedOutLocation(c: Context<ConsoleEnv>): string;
}

/**
 * The identity a sign-in gave, checked as the API checks a token's (shared/http/identity.ts):
 * a valid subject outside the platform's own `system:` ones, known roles, and an agency of
 * this jurisdiction.
 */
export function acceptIdentity(who: Identity, reference: Reference): Identity {
  const checked = identityOf(who.sub, who.agency, [...who.roles]);
  if (!reference.agencies.has(checked.agency))
    throw new UnauthorizedError("The sign-in names an agency this jurisdiction does not have.");
  return checked;
}
