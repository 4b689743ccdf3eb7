// Reference data: agencies, categories and the caller's notifications.
import { createRoute, z } from "@hono/zod-openapi";
import { newRouter } from "./env.js";
import { PageQuery, problemResponses } from "./schemas.js";

const security = [{ bearer: [] }];

export const referenceApp = newRouter();

const AgencySchema = z.object({ id: z.string(), name: z.string(), nameZh: z.string(), superior: z.string().optional(), level: z.enum(["county", "city"]) }).openapi("Agency");
const CategorySchema = z.object({ id: z.string(), name: z.string(), nameZh: z.string(), defaultLead: z.string().optional(), defaultCohandlers: z.array(z.string()) }).openapi("Category");

referenceApp.openapi(createRoute({
  method: "get", path: "/agencies", tags: ["reference"], security, summary: "Agencies of the jurisdiction",
  responses: { 200: { description: "Agencies", content: { "application/json": { schema: z.object({ items: z.array(AgencySchema) }) } } }, 401: problemResponses[401] },
}), async (c) => {
  const ref = await c.var.services.deps.store.getReference();
  return c.json({ items: [...ref.agencies.values()] }, 200);
});

referenceApp.openapi(createRoute({
  method: "get", path: "/categories", tags: ["reference"], security, summary: "Petition categories and their default lead agencies",
  responses: { 200: { description: "Categories", content: { "application/json": { schema: z.object({ items: z.array(CategorySchema), regions: z.array(z.string()) }) } } }, 401: problemResponses[401] },
}), async (c) => {
  const ref = await c.var.services.deps.store.getReference();
  const items = [...ref.categories.values()].map((cat) => {
    const rule = ref.rules.find((r) => r.category === cat.id && r.region === "*");
    return { ...cat, ...(rule ? { defaultLead: rule.lead } : {}), defaultCohandlers: rule?.cohandlers ?? [] };
  });
  return c.json({ items, regions: [...ref.regions] }, 200);
});

const NotificationSchema = z.object({
  id: z.string(), type: z.string(), caseId: z.string(), agency: z.string(), roles: z.array(z.string()), level: z.number().int(), at: z.string(), read: z.boolean(),
}).openapi("Notification");

referenceApp.openapi(createRoute({
  method: "get", path: "/notifications", tags: ["notifications"], security, summary: "The caller's agency's notifications for its roles, newest first",
  request: { query: PageQuery },
  responses: { 200: { description: "Notifications", content: { "application/json": { schema: z.object({ items: z.array(NotificationSchema), nextCursor: z.string().optional() }) } } }, ...problemResponses },
}), async (c) => {
  const { cursor, limit } = c.req.valid("query");
  return c.json(await c.var.services.cases.notifications(c.var.identity, { limit, ...(cursor ? { cursor } : {}) }), 200);
});
