// /v1/notifications: the caller's notifications (their agency's for their roles, or an
// owning leader's own), and marking one read.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { newRouter } from "./env.js";
import { notificationExample } from "./examples.js";
import { READ_ERRORS, json, problems, security } from "./openapi.js";
import { PageQuery, pageRequest } from "./schemas.js";

export const notificationsApp = newRouter();

const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    caseId: z.string(),
    agency: z.string(),
    roles: z.array(z.string()),
    user: z.string().optional(),
    level: z.number().int(),
    at: z.string(),
    hotspot: z
      .object({
        category: z.string(),
        region: z.string(),
        window: z.enum(["day", "week"]),
        day: z.string(),
        observed: z.number().int(),
        expected: z.number(),
        caseIds: z.array(z.string()),
      })
      .optional()
      .describe("A `hotspot`: more petitions of a category in a region than its history expects (EARS C2)"),
    repeat: z
      .object({
        category: z.string(),
        caseIds: z.array(z.string()),
        withinDays: z.number().int(),
        afterFinal: z.boolean(),
      })
      .optional()
      .describe("A `repeat_petitioner`: one person's petitions on one matter, by case id only"),
    read: z.boolean(),
  })
  .openapi("Notification");

notificationsApp.openapi(
  createRoute({
    method: "get",
    path: "/notifications",
    operationId: "listNotifications",
    tags: ["notifications"],
    security,
    summary: "The caller's notifications (their agency's for their roles, or a leader's own), newest first",
    description: "Only about cases the caller sees; a page may hold fewer than `limit`.",
    request: { query: PageQuery },
    responses: {
      200: {
        description: "Notifications",
        content: json(
          z
            .object({ items: z.array(NotificationSchema), nextCursor: z.string().optional() })
            .openapi("NotificationPage"),
          { items: [notificationExample] },
        ),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) => {
    return c.json(
      await c.var.services.notifications.list(c.var.identity, pageRequest(c.req.valid("query"))),
      200,
    );
  },
);

notificationsApp.openapi(
  createRoute({
    method: "post",
    path: "/notifications/{id}/read",
    operationId: "markNotificationRead",
    tags: ["notifications"],
    security,
    summary: "Mark one of the caller's notifications read",
    description: "Takes no body.",
    request: { params: z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a notification id") }) },
    responses: { 204: { description: "Marked read" }, ...problems(...READ_ERRORS, 413, 415) },
  }),
  async (c) => {
    await c.var.services.notifications.markRead(c.var.identity, c.req.valid("param").id);
    return c.body(null, 204);
  },
);
