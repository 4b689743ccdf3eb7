// /v1/cases/{id}/notices: the written notices a case's petitioner was given (the notices
// function issues them: shared/app/notices.ts). The list names no one; a notice's PDF is
// addressed to the petitioner, so reading it is an identity reveal, recorded first.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { DELIVERY_METHODS } from "../domain/notices.js";
import { newRouter } from "./env.js";
import { noticeExample } from "./examples.js";
import { READ_ERRORS, WRITE_ERRORS, documentOnly, json, problems, security } from "./openapi.js";
import { NoticeDeliveryBody, NoticeParams, NoticeSchema } from "./file-schemas.js";
import { CaseIdParam } from "./schemas.js";

export const noticesApp = newRouter();

noticesApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/notices",
    operationId: "listCaseNotices",
    tags: ["cases"],
    security,
    summary: "The case's written notices, in the order issued",
    description:
      "One notice per event that calls for one (a transfer or assignment, an acceptance or refusal, a reply, a review " +
      "or re-review opinion, the refusal of a final matter), issued shortly after the event by the notices function: " +
      "kind, date and the SHA-256 of its PDF, the same hash as on the case's chain. No identity.",
    request: { params: CaseIdParam },
    responses: {
      200: {
        description: "The notices",
        content: json(
          z.object({ items: z.array(NoticeSchema) }).openapi("NoticeList"),
          documentOnly({ items: [noticeExample] }),
        ),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) =>
    c.json(
      { items: await c.var.services.notices.list(c.var.identity, c.req.valid("param").id) },
      200,
    ) as never,
);

noticesApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/notices/{noticeId}",
    operationId: "getCaseNotice",
    tags: ["cases"],
    security,
    summary: "A notice's PDF, exactly as issued",
    description:
      "Addressed to the petitioner by name, so only those who work the case may read it (as `?reveal=petitioner`), and " +
      "the read is recorded in the access log first. The bytes are the ones whose SHA-256 the chain holds; they never change.",
    request: { params: NoticeParams },
    responses: {
      200: {
        description: "The PDF",
        headers: {
          "Content-Disposition": {
            schema: { type: "string" },
            description: "attachment; filename=<case id>-<notice id>.pdf",
          },
          "Digest-SHA256": {
            schema: { type: "string" },
            description: "The hex SHA-256 of the body, as on the chain.",
          },
        },
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...problems(...READ_ERRORS, 503),
    },
  }),
  async (c) => {
    const { id, noticeId } = c.req.valid("param");
    const { notice, pdf } = await c.var.services.notices.pdf(c.var.identity, id, noticeId);
    return c.body(new Uint8Array(pdf), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${notice.caseId}-${notice.id}.pdf"`,
      "digest-sha256": notice.sha256,
      "cache-control": "private, no-store",
    }) as never;
  },
);

noticesApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/notices/{noticeId}/delivered",
    operationId: "recordNoticeDelivery",
    tags: ["cases"],
    security,
    summary: "Record how a notice reached the petitioner",
    description:
      "On the case's chain as a `notice_delivered` event: the notice, the way, the time; no address or number. " +
      "Sending the same delivery again (same way and time) records nothing more.",
    request: {
      params: NoticeParams,
      body: {
        required: true,
        content: json(NoticeDeliveryBody, documentOnly({ method: "post", at: "2026-10-02T01:30:00.000Z" })),
      },
    },
    responses: {
      201: {
        description: "Recorded",
        content: json(
          z
            .object({ noticeId: z.string(), method: z.enum(DELIVERY_METHODS), at: z.string() })
            .openapi("NoticeDeliveryRecorded"),
          documentOnly({ noticeId: "acceptance-3", method: "post", at: "2026-10-02T01:30:00.000Z" }),
        ),
      },
      ...problems(...WRITE_ERRORS),
    },
  }),
  async (c) => {
    const { id, noticeId } = c.req.valid("param");
    const body = c.req.valid("json");
    return c.json(
      await c.var.services.notices.recordDelivery(c.var.identity, id, { noticeId, ...body }),
      201,
    ) as never;
  },
);
