// The Hono environment shared by the app and its sub-apps, and the sub-app factory that
// answers validation failures as problem+json.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Identity } from "../domain/access.js";
import type { AttachmentService } from "../app/attachments.js";
import type { CaseNotices } from "../app/case-notices.js";
import type { CaseService } from "../app/cases.js";
import type { JurisdictionService } from "../app/jurisdiction.js";
import type { MeetingService } from "../app/meetings.js";
import type { NotificationService } from "../app/notifications.js";
import type { Open311Clients } from "../app/open311-clients.js";
import type { ReferenceService } from "../app/reference.js";
import type { RoutingRuleService } from "../app/routing-rules.js";
import type { StatsService } from "../app/stats.js";
import type { WebhookService } from "../app/webhook-registration.js";
import { problemResponse } from "./problem.js";

/** What the routes call: services only, never a store. */
export interface Services {
  cases: CaseService;
  attachments: AttachmentService;
  notices: CaseNotices;
  jurisdiction: JurisdictionService;
  meetings: MeetingService;
  notifications: NotificationService;
  reference: ReferenceService;
  routingRules: RoutingRuleService;
  webhooks: WebhookService;
  stats: StatsService;
  open311Clients: Open311Clients;
}

export interface AppEnv {
  Variables: { identity: Identity; services: Services };
  Bindings: { event?: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } } };
}

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues
        .slice(0, 20)
        .map((i) => ({ path: i.path.join("."), message: i.message }));
      const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
      return problemResponse(c, 400, "validation", detail, { issues });
    },
  });
}
