// The console's response headers: hono's secure headers with a Content-Security-Policy that
// allows this origin's stylesheet, scripts only by a per-response nonce, no framing and
// forms only to this origin (and to where sign-out leads, when that is another origin, such
// as Cognito's hosted UI); pages are never stored by any cache.
import type { Context, MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { ConsoleAuth } from "./auth.js";

/** Where forms may go: this origin, and the one sign-out redirects to (a form's redirect is checked too). */
function formTargets(auth: ConsoleAuth) {
  return (c: Context) => {
    const here = new URL(c.req.url).origin;
    const there = new URL(auth.signedOutLocation(c as never), here).origin;
    return there === here ? "'self'" : `'self' ${there}`;
  };
}

export function consoleHeaders(auth: ConsoleAuth): MiddlewareHandler {
  return secureHeaders({
    xFrameOptions: "DENY",
    // Not no-referrer: under it a browser sends `Origin: null` with a form's POST, and the
    // Origin check (csrf.ts) would refuse every form. Addresses carry no personal data, and
    // same-origin sends nothing to any other site.
    referrerPolicy: "same-origin",
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: [formTargets(auth)],
      scriptSrc: [NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
    },
  });
}

/** A page is one person's view of live cases, with a nonce good for that answer only. */
export const pageNoStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
