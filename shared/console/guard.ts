// Which action each console page takes, checked against the same rights table the API's
// route guard uses (shared/domain/rights.ts), before the page reads anything. A page
// without a row is refused to everyone; tests/integration/console-rights.test.ts fails for
// it. Pages before sign-in are `public`; sign-out only needs a session.
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { authorize, commandAction, type Action } from "../domain/rights.js";
import { ForbiddenError } from "../errors.js";
import { commandBodies, type ActionName } from "../http/schemas.js";
import type { ConsoleEnv } from "./env.js";
import { paths } from "./paths.js";

export type PageAccess = Action | "public" | "signed-in";

/** The commands a person issues on a case: those the API has a route and a body for. */
export const CASE_COMMANDS = Object.keys(commandBodies) as ActionName[];

export const pageActions: Readonly<Record<string, PageAccess>> = {
  "GET /sign-in": "public",
  "POST /sign-in": "public",
  "GET /callback": "public",
  "GET /assets/:file": "public",
  "POST /sign-out": "signed-in",
  "GET /": "cases.list",
  "GET /inbox.csv": "cases.list",
  "POST /views": "views.keep",
  "POST /views/:id/delete": "views.keep",
  "POST /route-selected": "command:route",
  "GET /register": "cases.register",
  "POST /register": "cases.register",
  "GET /cases/:id": "cases.read",
  "POST /cases/:id/identity": "cases.revealIdentity",
  "GET /cases/:id/notices/:noticeId": "cases.noticePdf",
  "GET /cases/:id/attachments/:attachmentId": "cases.attachments.read",
  "GET /cases/:id/access-log": "cases.accessLog",
  ...Object.fromEntries(CASE_COMMANDS.map((n) => [`POST /cases/:id/${n}`, commandAction(n)])),
  "GET /notifications": "notifications.list",
  "POST /notifications/:id/read": "notifications.markRead",
  "GET /escalations": "cases.escalations",
  "GET /meetings": "meetings.list",
  "POST /meetings": "meetings.create",
  "GET /meetings/:id": "meetings.read",
  "POST /meetings/:id/decisions": "meetings.decide",
  "POST /meetings/:id/sanctions": "meetings.sanction",
  "POST /meetings/:id/close": "meetings.close",
  "GET /meetings/:id/minutes": "meetings.minutes",
  "GET /statistics": "stats.read",
};

/**
 * The route a request matched (not a middleware nor the catch-all, both ALL), as the console
 * registered it: the mount point (/console) taken off, so the table reads the same wherever
 * the console is mounted.
 */
function matchedPage(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  if (!route) return undefined;
  const mount = route.basePath === "/" ? "" : route.basePath;
  return `${route.method} ${route.path.slice(mount.length) || "/"}`;
}

/** After the session is read: a page's action is granted, or the person signs in, or is refused. */
export const guardPages: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const page = matchedPage(c);
  // No page at all: the catch-all answers 404.
  if (!page) return next();
  const access = pageActions[page];
  if (access === "public") return next();
  const who = c.var.who;
  if (!who) return c.redirect(paths.signIn, 303);
  if (access === undefined)
    throw new ForbiddenError(`No rights are defined for ${page}; refused by default.`);
  if (access !== "signed-in") authorize(who, access);
  await next();
};
