// Cross-site request forgery: every form carries a token a foreign page cannot know, and a
// POST without it changes nothing. Signed in, the token is the session's own; the sign-in
// form, before any session, compares its field with a cookie it set (double submit). A POST
// whose Origin names another site, or that the browser marks cross-site, is refused first.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { ForbiddenError } from "../errors.js";
import type { ConsoleCookies } from "./cookies.js";
import type { ConsoleEnv } from "./env.js";

/** The hidden field every console form carries. */
export const CSRF_FIELD = "_csrf";

export const newCsrfToken = (): string => randomBytes(32).toString("base64url");

/** The refusal the error page explains as an expired or foreign form. */
export const csrfRefusal = () => new ForbiddenError("The form is not from this console.", { reason: "csrf" });

function sameToken(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A POST from another origin is refused before anything reads its body. */
export const refuseForeignPosts: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "POST") {
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== new URL(c.req.url).origin) throw csrfRefusal();
    if (c.req.header("sec-fetch-site") === "cross-site") throw csrfRefusal();
  }
  await next();
};

/** The form's fields; a body that is not a form reads as no fields at all. */
export async function formOf(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") fields[k] = v;
    else if (Array.isArray(v)) fields[k] = v.filter((x): x is string => typeof x === "string");
  }
  return fields;
}

/** Signed in: the form's token must be the session's. */
export async function checkSessionToken(c: Context<ConsoleEnv>): Promise<void> {
  if (!sameToken(c.var.session?.csrf, (await formOf(c))[CSRF_FIELD])) throw csrfRefusal();
}

/** The sign-in form: its field must match the cookie set with the form. */
export async function checkSignInToken(c: Context<ConsoleEnv>, cookies: ConsoleCookies): Promise<void> {
  if (!sameToken(cookies.read(c, "signin"), (await formOf(c))[CSRF_FIELD])) throw csrfRefusal();
}
