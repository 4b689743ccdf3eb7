// Reference data: agencies, categories and the caller's notifications.
import { createRoute, z } from "@hono/zod-openapi";
import { acceptWebhookUrl } from "../app/webhooks.js";
import { BUREAU, type Identity } from "../domain/access.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
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
  const ref = await c.var.services.deps.store.getReference();
  return c.json({ items: [...ref.agencies.values()] }, 200);
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
  const ref = await c.var.services.deps.store.getReference();
  const items = [...ref.categories.values()].map((cat) => {
    const rule = ref.rules.find((r) => r.category === cat.id && r.region === "*");
    return { ...cat, ...(rule ? { defaultLead: rule.lead } : {}), defaultCohandlers: rule?.cohandlers ?? [] };
  });
  return c.json({ items, regions: [...ref.regions] }, 200);
});

const NotificationSchema = z.object({
  id: z.string(), type: z.string(), caseId: z.string(), agency: z.string(), roles: z.array(z.string()), user: z.string().optional(),
  level: z.number().int(), at: z.string(), read: z.boolean(),
}).openapi("Notification");

/** An owning leader reads their own notifications; everyone else their agency's, for their roles. */
const recipientOf = (who: Identity) => (who.roles.includes("leader") ? { user: who.sub } : { agency: who.agency });

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
  return c.json(await c.var.services.cases.notifications(c.var.identity, { limit, ...(cursor ? { cursor } : {}) }), 200);
});

referenceApp.openapi(createRoute({
  method: "post", path: "/notifications/{id}/read", operationId: "markNotificationRead", tags: ["notifications"], security, summary: "Mark one of the caller's notifications read",
  description: "Takes no body.",
  request: { params: z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a notification id") }) },
  responses: { 204: { description: "Marked read" }, ...problems(...READ_ERRORS, 413, 415) },
}), async (c) => {
  const ok = await c.var.services.deps.store.markNotificationRead(recipientOf(c.var.identity), c.req.valid("param").id);
  if (!ok) throw new NotFoundError("No such notification.");
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
  const who = c.var.identity;
  const agency = c.req.valid("param").id;
  const { url, secret } = c.req.valid("json");
  const allowed = (who.agency === BUREAU && who.roles.includes("coordinator")) || (who.agency === agency && who.roles.includes("agency_head"));
  if (!allowed) throw new ForbiddenError("Only the bureau's coordinators or the agency's head register its webhook.");
  const ref = await c.var.services.deps.store.getReference();
  if (!ref.agencies.has(agency)) throw new NotFoundError(`No agency ${agency}.`);
  const { deps } = c.var.services;
  // Checked against what the name resolves to now; the notifier checks again before each POST.
  await acceptWebhookUrl(deps, url);
  // The signing secret is kept sealed, bound to its agency: the table never holds it in the clear.
  const sealedSecret = await deps.secrets.seal(secret, { purpose: "webhook", agency });
  await deps.store.putWebhook(agency, { url, sealedSecret, updatedAt: deps.clock.now().toISOString(), updatedBy: who.sub });
  return c.body(null, 204);
});
