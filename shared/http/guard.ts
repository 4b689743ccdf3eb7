// Which action each HTTP route takes, and the middleware that checks it against the
// rights table (shared/domain/rights.ts) before any body is parsed or any case is read.
// A /v1 route missing from this table is refused to everyone (deny by default), and the
// generated rights test fails for it. Path parameters are matched by position, so a
// route spelled /meetings/{meetingId} finds the row written /meetings/{id}.
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { COMMAND_NAMES } from "../domain/lifecycle.js";
import { authorize, commandAction, type Action } from "../domain/rights.js";
import type { AppEnv } from "./env.js";

export const routeActions: Readonly<Record<string, Action>> = {
  "POST /v1/cases": "cases.register",
  "GET /v1/cases": "cases.list",
  "GET /v1/cases/{id}": "cases.read",
  "GET /v1/cases/{id}/events": "cases.events",
  "GET /v1/cases/{id}/events/verify": "cases.verify",
  "GET /v1/cases/{id}/access-log": "cases.accessLog",
  "GET /v1/cases/{id}/notices": "cases.notices",
  "GET /v1/cases/{id}/notices/{noticeId}": "cases.noticePdf",
  "POST /v1/cases/{id}/notices/{noticeId}/delivered": "cases.noticeDelivered",
  "POST /v1/cases/{id}/attachments": "cases.attachments.add",
  "POST /v1/cases/{id}/attachments/{attachmentId}/complete": "cases.attachments.add",
  "GET /v1/cases/{id}/attachments": "cases.attachments.read",
  "GET /v1/cases/{id}/attachments/{attachmentId}": "cases.attachments.read",
  // One route per command the lifecycle table knows; those only the platform issues have no grants.
  ...Object.fromEntries(COMMAND_NAMES.map((n) => [`POST /v1/cases/{id}/${n}`, commandAction(n)])),
  "GET /v1/agencies": "agencies.list",
  "PUT /v1/agencies/{id}/webhook": "agencies.webhook",
  "GET /v1/categories": "categories.list",
  "GET /v1/calendars": "calendars.list",
  "PUT /v1/calendars/{year}": "calendars.set",
  "GET /v1/calendars/history": "calendars.history",
  "GET /v1/thresholds/history": "thresholds.history",
  "GET /v1/thresholds": "thresholds.read",
  "PUT /v1/thresholds": "thresholds.set",
  "GET /v1/routing-rules": "routingRules.read",
  "PUT /v1/routing-rules": "routingRules.write",
  "GET /v1/routing-rules/history": "routingRules.history",
  "GET /v1/notifications": "notifications.list",
  "POST /v1/notifications/{id}/read": "notifications.markRead",
  "POST /v1/meetings": "meetings.create",
  "GET /v1/meetings": "meetings.list",
  "GET /v1/meetings/{id}": "meetings.read",
  "POST /v1/meetings/{id}/decisions": "meetings.decide",
  "POST /v1/meetings/{id}/close": "meetings.close",
  "POST /v1/meetings/{id}/agenda/refresh": "meetings.compileAgenda",
  "POST /v1/meetings/{id}/sanctions": "meetings.sanction",
  "GET /v1/meetings/{id}/minutes": "meetings.minutes",
  "GET /v1/stats": "stats.read",
  "POST /v1/open311/clients": "open311.clients.manage",
  "GET /v1/open311/clients": "open311.clients.read",
  "DELETE /v1/open311/clients/{id}": "open311.clients.manage",
};

/** `GET /v1/cases/:id` or `GET /v1/cases/{caseId}` → `GET /v1/cases/{}`. */
const shapeOf = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\/(?::[^/]+|\{[^}/]+\})/g, "/{}")}`;
const byShape = new Map(
  Object.entries(routeActions).map(([key, action]) => {
    const [method, path] = key.split(" ") as [string, string];
    return [shapeOf(method, path), action];
  }),
);

/** The action of a route, given as the app registers it (`:id`) or as OpenAPI writes it (`{id}`). */
export function actionOf(method: string, path: string): Action | undefined {
  return byShape.get(shapeOf(method, path));
}

/** The route a request matched (not a middleware), as registered: method and path pattern. */
function matchedRoute(c: Parameters<MiddlewareHandler>[0]): { method: string; path: string } | undefined {
  return matchedRoutes(c)
    .filter((r) => r.method !== "ALL")
    .at(-1);
}

/** Values of the path parameters, in order, for the route pattern the request matched. */
function pathParams(pattern: string, path: string): string[] {
  const names = pattern.split("/");
  const values = path.split("/");
  return names.flatMap((segment, i) =>
    segment.startsWith(":") && values[i] !== undefined ? [safeDecode(values[i]!)] : [],
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** After identity: refuse the request unless the rights table grants its route's action. */
export const authorizeRoute: MiddlewareHandler<AppEnv> = async (c, next) => {
  const route = matchedRoute(c);
  // No route at all: the app answers 404 as for any unknown path.
  if (!route) return next();
  const action = actionOf(route.method, route.path) ?? `${route.method} ${route.path}`;
  authorize(c.var.identity, action, { pathAgency: pathParams(route.path, c.req.path)[0] });
  await next();
};
