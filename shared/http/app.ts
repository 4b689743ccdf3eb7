// The Hono app: one router per resource under /v1, the OpenAPI 3.1 document at
// /openapi.json, the API reference at /docs, a landing page at /, and /health. The same
// app runs in the `api` Lambda and in the local runtime.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { bodyLimit } from "hono/body-limit";
import { AttachmentService } from "../app/attachments.js";
import { CaseNotices } from "../app/case-notices.js";
import { CaseService } from "../app/cases.js";
import { JurisdictionService } from "../app/jurisdiction.js";
import { StatsService } from "../app/stats.js";
import { MeetingService } from "../app/meetings.js";
import { NotificationService } from "../app/notifications.js";
import { Open311Service } from "../app/open311.js";
import { Open311Clients } from "../app/open311-clients.js";
import { ReferenceService } from "../app/reference.js";
import { ReferenceCache } from "../app/reference-cache.js";
import { RoutingRuleService } from "../app/routing-rules.js";
import type { Deps } from "../app/deps.js";
import { WebhookService } from "../app/webhook-registration.js";
import { attachmentsApp } from "./attachments.js";
import { casesApp } from "./cases.js";
import { noticesApp } from "./notices.js";
import { docsApp } from "./docs.js";
import { newRouter, type Services } from "./env.js";
import { json, problems } from "./openapi.js";
import { authorizeRoute } from "./guard.js";
import { baseHeaders, landingHeaders, noStore } from "./headers.js";
import { identityFromRequest, type ClaimSource } from "./identity.js";
import { landingPage } from "./landing.js";
import { errorToProblem, problemResponse } from "./problem.js";
import { meetingsApp } from "./meetings.js";
import { notificationsApp } from "./notifications.js";
import { jurisdictionApp } from "./jurisdiction.js";
import { referenceApp } from "./reference.js";
import { routingRulesApp } from "./routing-rules.js";
import { webhooksApp } from "./webhooks.js";
import { open311App } from "./open311.js";
import { answer, errorsOf } from "./open311-format.js";
import { open311ClientsApp } from "./open311-clients.js";
import { statsApp } from "./stats.js";

const MAX_BODY_BYTES = 64 * 1024;

export interface AppOptions {
  claims: ClaimSource;
}

/**
 * The one HTTP surface, the same in the `api` Lambda, the local runtime and the tests
 * (which call `app.request()` without a server); only where identity comes from differs
 * (`options.claims`). What it guarantees on every /v1 route: the caller is identified, and
 * the rights table has allowed the route, before any body is read or any case loaded; bodies
 * are JSON and at most 64 KB; every error leaves as problem+json, a 500 with an id only and
 * its detail in the log; nothing under /v1 is cached.
 */
export function createApp(deps: Deps, options: AppOptions) {
  const references = new ReferenceCache(deps.store, deps.clock);
  const cases = new CaseService(deps, references);
  const services: Services = {
    cases,
    attachments: new AttachmentService(deps, cases),
    notices: new CaseNotices(deps, cases),
    jurisdiction: new JurisdictionService(deps),
    meetings: new MeetingService(deps),
    notifications: new NotificationService(deps),
    reference: new ReferenceService(deps),
    // A change of the rules made here is seen here at once; other instances within the cache's TTL.
    routingRules: new RoutingRuleService({ ...deps, changed: () => references.invalidate() }),
    webhooks: new WebhookService(deps),
    stats: new StatsService(deps),
    open311Clients: new Open311Clients(deps),
  };
  const open311 = new Open311Service(deps, cases, references);
  const app = newRouter();

  app.onError(errorToProblem);
  app.notFound((c) => problemResponse(c, 404, "not-found", `No route ${c.req.method} ${c.req.path}.`));

  // First, so they wrap every answer, the problem+json ones of the middleware below too.
  app.use("*", baseHeaders);
  app.use("/v1/*", noStore);
  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(
    "/open311/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        closing(
          answer(
            c,
            c.req.path.endsWith(".xml") ? "xml" : "json",
            "errors",
            errorsOf(413, `Bodies are limited to ${MAX_BODY_BYTES} bytes.`),
            413,
          ),
        ),
    }),
  );
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        closing(
          problemResponse(c, 413, "payload-too-large", `Bodies are limited to ${MAX_BODY_BYTES} bytes.`),
        ),
    }),
  );
  app.use("/v1/*", async (c, next) => {
    const claims = c.env?.event?.requestContext?.authorizer?.jwt?.claims;
    c.set(
      "identity",
      await identityFromRequest(
        options.claims,
        c.req.header("authorization"),
        claims,
        deps.clock.now(),
        references,
      ),
    );
    await next();
  });
  // The rights table decides before any body is read or any case is loaded.
  app.use("/v1/*", authorizeRoute);
  // Deadlines count with the stored calendar and thresholds (held for a TTL, not read per request).
  for (const path of ["/v1/*", "/open311/*"]) {
    app.use(path, async (_c, next) => {
      await deps.jurisdiction.refresh();
      await next();
    });
  }
  app.use("/v1/*", async (c, next) => {
    // Bodies are JSON only; anything else is refused before validation sees it. A POST
    // with neither body nor content type (a bare action such as agenda/refresh) passes.
    const type = c.req.header("content-type");
    if ((c.req.raw.body !== null || type !== undefined) && ["POST", "PUT", "PATCH"].includes(c.req.method)) {
      if (!/^application\/(problem\+)?json\s*(;|$)/i.test(type ?? "")) {
        return closing(
          problemResponse(c, 415, "unsupported-media-type", "Send the body as application/json."),
        );
      }
    }
    await next();
  });

  app.route("/v1/cases", casesApp);
  app.route("/v1/cases", noticesApp);
  app.route("/v1/cases", attachmentsApp);
  app.route("/v1/meetings", meetingsApp);
  app.route("/v1", referenceApp);
  app.route("/v1", jurisdictionApp);
  app.route("/v1", routingRulesApp);
  app.route("/v1", notificationsApp);
  app.route("/v1", webhooksApp);
  app.route("/v1", statsApp);
  app.route("/v1", open311ClientsApp);
  // Outside /v1: a client app's API key, not a person's token (docs/open311.md).
  app.route("/open311/v2", open311App({ open311, open311Clients: services.open311Clients }));
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      operationId: "health",
      tags: ["health"],
      summary: "Liveness: no token, no case data",
      security: [],
      responses: {
        200: {
          description: "Up",
          content: json(z.object({ status: z.literal("ok"), at: z.string().datetime() }).openapi("Health"), {
            status: "ok",
            at: "2026-09-30T02:00:00.000Z",
          }),
        },
        ...problems(429, 500),
      },
    }),
    (c) => c.json({ status: "ok" as const, at: deps.clock.now().toISOString() }, 200),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const documentConfig = {
    openapi: "3.1.0",
    // Relative: the document is served by the API it describes, locally or behind the HTTP API.
    servers: [{ url: "/", description: "This Casebridge (the origin serving this document)" }],
    tags: [
      {
        name: "cases",
        description: "Register, list and read petitions; the audit trail and who revealed identities.",
      },
      {
        name: "commands",
        description:
          "One command per lifecycle step, checked against the lifecycle table; If-Match for optimistic concurrency.",
      },
      {
        name: "meetings",
        description:
          "Joint meetings (联席会议): compiled agendas, decisions the platform carries out, sanctions, minutes.",
      },
      {
        name: "reference",
        description:
          "The jurisdiction's agencies, categories and regions, the routing rules its coordinator runs, its holiday calendar and its thresholds.",
      },
      { name: "notifications", description: "The caller's notifications, and signed webhook deliveries." },
      {
        name: "open311",
        description:
          "The civic apps that may file online petitions through the Open311 GeoReport v2 facade at /open311/v2 (docs/open311.md).",
      },
      { name: "health", description: "Liveness, without a token." },
    ],
    info: {
      title: "Casebridge API",
      version: "1",
      description:
        "Petition cases handed between agencies against legal deadlines.\n\n" +
        "Every `/v1` request carries `Authorization: Bearer <JWT>`: on AWS a Cognito ID token (its `custom:agency` " +
        "and `cognito:groups`), locally a token from `POST /dev/token`. Identities come masked; " +
        "`GET /v1/cases/{id}?reveal=petitioner` reveals them to those who work the case, and records it. " +
        "Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated (`?cursor=&limit=`, " +
        'answering `{items, nextCursor}`); commands on a case accept `If-Match: "<version>"`.',
    },
  };
  app.doc31("/openapi.json", documentConfig);
  app.route("/docs", docsApp);
  app.get("/", landingHeaders, noStore, landingPage);
  return app;
}

/**
 * A refusal sent before the body was read: the rest of the body is still on the wire, so
 * the connection cannot carry another request. Saying `Connection: close` lets a pooled
 * client open a fresh one instead of sending its next request into a closing socket.
 */
function closing(res: Response): Response {
  res.headers.set("connection", "close");
  return res;
}
