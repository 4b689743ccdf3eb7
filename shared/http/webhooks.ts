// /v1/agencies/{id}/webhook: where an agency's notifications are POSTed, signed with its
// secret (docs/webhooks.md).
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { newRouter } from "./env.js";
import { examples } from "./examples.js";
import { WRITE_ERRORS, documentOnly, json, problems, security } from "./openapi.js";
import { slug } from "./schemas.js";

export const webhooksApp = newRouter();

webhooksApp.openapi(
  createRoute({
    method: "put",
    path: "/agencies/{id}/webhook",
    operationId: "putAgencyWebhook",
    tags: ["notifications"],
    security,
    summary:
      "Register where the agency's notifications are POSTed, signed with the secret (bureau coordinator or that agency's head)",
    request: {
      params: z.object({ id: slug }),
      body: {
        required: true,
        content: json(
          z
            .strictObject({ url: z.string().max(2000), secret: z.string().min(16).max(200) })
            .openapi("Webhook"),
          documentOnly(examples.webhook),
        ),
      },
    },
    responses: { 204: { description: "Registered" }, ...problems(...WRITE_ERRORS) },
  }),
  async (c) => {
    await c.var.services.webhooks.register(c.var.identity, c.req.valid("param").id, c.req.valid("json"));
    return c.body(null, 204);
  },
);
