// Reference data: agencies, categories and the caller's notifications.
import { createRoute, z } from "@hono/zod-openapi";
import { newRouter } from "./env.js";
import { agencyExample, categoryExample, examples, notificationExample } from "./examples.js";
import { READ_ERRORS, WRITE_ERRORS, json, problems, security } from "./openapi.js";
import { PageQuery, slug } from "./schemas.js";

export const referenceApp = newRouter();

const AgencySchema = z.object({ id: z.string(), name: z.string(), nameZh: z.string(), superior: z.string().optional(), level: z.enum(["county", "city"]) }).openapi("Agency");
const CategorySchema = z.object({ id: z.string(), name: z.string(), nameZh: z.string(), defaultLead: z.string().optional(), defaultCohandlers: z.array(z.string()) }).openapi("Category");

referenceApp.openapi(createRoute({
  method: "get", path: "/agencies", operationId: "listAgencies", tags: ["reference"], security, summary: "Agencies of the jurisdiction",
  responses: { 200: { description: "Agencies", content: json(z.object({ items: z.array(AgencySchema) }).openapi("AgencyList"), { items: [agencyExample] }) }, ...problems(401, 403, 429, 500) },
}), async (c) => {
  return c.json({ items: await c.var.services.reference.agencies() }, 200);
});

referenceApp.openapi(createRoute({
  method: "get", path: "/categories", operationId: "listCategories", tags: ["reference"], security, summary: "Petition categories and their default lead agencies",
  responses: {
    200: {
      description: "Categories and regions",
      content: json(z.object({ items: z.array(CategorySchema), regions: z.array(z.string()) }).openapi("CategoryList"), { items: [categoryExample], regions: ["chengguan", "xiangshan", "industrial-park"] }),
    },
    ...problems(401, 403, 429, 500),
  },
}), async (c) => {
  return c.json(await c.var.services.reference.categories(), 200);
});

const NotificationSchema = z.object({
  id: z.string(), type: z.string(), caseId: z.string(), agency: z.string(), roles: z.array(z.string()), user: z.string().optional(),
  level: z.number().int(), at: z.string(), read: z.boolean(),
}).openapi("Notification");

referenceApp.openapi(createRoute({
  method: "get", path: "/notifications", operationId: "listNotifications", tags: ["notifications"], security,
  summary: "The caller's notifications (their agency's for their roles, or a leader's own), newest first",
  description: "Only about cases the caller sees; a page may hold fewer than `limit`.",
  request: { query: PageQuery },
  responses: {
    200: { description: "Notifications", content: json(z.object({ items: z.array(NotificationSchema), nextCursor: z.string().optional() }).openapi("NotificationPage"), { items: [notificationExample] }) },
    ...problems(...READ_ERRORS),
  },
}), async (c) => {
  const { cursor, limit } = c.req.valid("query");
  return c.json(await c.var.services.notifications.list(c.var.identity, { limit, ...(cursor ? { cursor } : {}) }), 200);
});

referenceApp.openapi(createRoute({
  method: "post", path: "/notifications/{id}/read", operationId: "markNotificationRead", tags: ["notifications"], security, summary: "Mark one of the caller's notifications read",
  description: "Takes no body.",
  request: { params: z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a notification id") }) },
  responses: { 204: { description: "Marked read" }, ...problems(...READ_ERRORS, 413, 415) },
}), async (c) => {
  await c.var.services.notifications.markRead(c.var.identity, c.req.valid("param").id);
  return c.body(null, 204);
});

referenceApp.openapi(createRoute({
  method: "put", path: "/agencies/{id}/webhook", operationId: "putAgencyWebhook", tags: ["notifications"], security,
  summary: "Register where the agency's notifications are POSTed, signed with the secret (bureau coordinator or that agency's head)",
  request: {
    params: z.object({ id: slug }),
    body: { required: true, content: json(z.strictObject({ url: z.string().max(2000), secret: z.string().min(16).max(200) }).openapi("Webhook"), examples.webhook) },
  },
  responses: { 204: { description: "Registered" }, ...problems(...WRITE_ERRORS) },
}), async (c) => {
  await c.var.services.webhooks.register(c.var.identity, c.req.valid("param").id, c.req.valid("json"));
  return c.body(null, 204);
});
