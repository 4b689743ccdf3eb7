// /v1/open311/clients: the civic apps that may file online petitions through the Open311
// facade (docs/open311.md). A coordinator registers an app and is shown its API key once;
// only the key's hash is kept. Revoking keeps the record, so the petitions an app filed
// still name it.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { newRouter } from "./env.js";
import { examples } from "./examples.js";
import { READ_ERRORS, WRITE_ERRORS, documentOnly, json, problems, security } from "./openapi.js";
import { isoDateTime, text } from "./schemas.js";

export const open311ClientsApp = newRouter();

const ClientSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ratePerMinute: z.number().int(),
    createdAt: isoDateTime,
    createdBy: z.string(),
    revokedAt: isoDateTime.optional(),
    revokedBy: z.string().optional(),
  })
  .openapi("Open311Client");

const clientExample = {
  id: "01KAH3Q6J1X2Y3Z4A5B6C7D8E9",
  name: "随手拍 county app",
  ratePerMinute: 60,
  createdAt: "2026-11-30T02:00:00.000Z",
  createdBy: "coordinator-li",
};
const ClientId = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a client id") });

open311ClientsApp.openapi(
  createRoute({
    method: "post",
    path: "/open311/clients",
    operationId: "createOpen311Client",
    tags: ["open311"],
    security,
    summary: "Register a civic app for the Open311 facade (bureau coordinator): its API key, shown once",
    description:
      "The answer holds the app's `apiKey`; Casebridge keeps only its SHA-256 and cannot show it again. The app sends it as `api_key` (or `X-API-Key`) to /open311/v2, at most `ratePerMinute` requests a minute (default 60).",
    request: {
      body: {
        required: true,
        content: json(
          z
            .strictObject({
              name: text(100),
              ratePerMinute: z.number().int().min(1).max(6000).optional(),
            })
            .openapi("NewOpen311Client"),
          documentOnly(examples.open311Client),
        ),
      },
    },
    responses: {
      201: {
        description: "Registered; the key is in this answer only",
        content: json(
          z.object({ client: ClientSchema, apiKey: z.string() }).openapi("Open311ClientCreated"),
          {
            client: clientExample,
            apiKey: "cb311_01KAH3Q6J1X2Y3Z4A5B6C7D8E9_Yk7lq1bJ0mQ9xV3nT5wR2cZ8pL4sH6dF1gA0eU7iO2k",
          },
        ),
      },
      ...problems(...WRITE_ERRORS),
    },
  }),
  async (c) => {
    const created = await c.var.services.open311Clients.create(c.var.identity, c.req.valid("json"));
    return c.json(created, 201);
  },
);

open311ClientsApp.openapi(
  createRoute({
    method: "get",
    path: "/open311/clients",
    operationId: "listOpen311Clients",
    tags: ["open311"],
    security,
    summary: "The registered civic apps, revoked ones too (bureau coordinator); never a key",
    responses: {
      200: {
        description: "Every app, oldest first",
        content: json(z.object({ items: z.array(ClientSchema) }).openapi("Open311ClientList"), {
          items: [clientExample],
        }),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) => c.json({ items: await c.var.services.open311Clients.list(c.var.identity) }, 200),
);

open311ClientsApp.openapi(
  createRoute({
    method: "delete",
    path: "/open311/clients/{id}",
    operationId: "revokeOpen311Client",
    tags: ["open311"],
    security,
    summary: "Revoke an app's key (bureau coordinator): its next request is refused with 403",
    description:
      "The record stays, marked revoked, so the petitions the app filed still name it. Revoking again changes nothing.",
    request: { params: ClientId },
    responses: {
      200: {
        description: "Revoked",
        content: json(ClientSchema, {
          ...clientExample,
          revokedAt: "2026-12-01T02:00:00.000Z",
          revokedBy: "coordinator-li",
        }),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) =>
    c.json(await c.var.services.open311Clients.revoke(c.var.identity, c.req.valid("param").id), 200),
);
