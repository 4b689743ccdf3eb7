// /v1/cases/{id}/attachments: the files a case carries (shared/app/attachments.ts). A file is
// announced, PUT by the client to the URL the announcement gives, then completed: checked
// byte for byte against what was announced, a photo's metadata taken out, kept, and put on the
// case's chain. Only those who work the case touch its files; reading a name or the bytes is
// recorded as a reveal of the petitioner's identity.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { newRouter } from "./env.js";
import { attachmentExample, newAttachmentExample } from "./examples.js";
import { READ_ERRORS, WRITE_ERRORS, documentOnly, json, problems, security } from "./openapi.js";
import { AttachmentParams, AttachmentSchema, NewAttachmentBody } from "./file-schemas.js";
import { CaseIdParam } from "./schemas.js";

export const attachmentsApp = newRouter();

const UploadSchema = z
  .object({
    id: z.string().openapi({ description: "The attachment's id." }),
    uploadUrl: z
      .string()
      .openapi({ description: "PUT the file's bytes here, with `uploadHeaders`, before `expiresAt`." }),
    method: z.literal("PUT"),
    uploadHeaders: z.record(z.string(), z.string()).openapi({
      description:
        "Send these with the PUT: the type, and the SHA-256 (base64) S3 checks the body against. A body of another length, type or hash is refused.",
    }),
    expiresAt: z.string(),
    attachment: AttachmentSchema,
  })
  .openapi("AttachmentUpload");

attachmentsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/attachments",
    operationId: "announceAttachment",
    tags: ["cases"],
    security,
    summary: "Announce a file, and get the URL to upload it to",
    description:
      "Type and size are checked against the jurisdiction's rules at once (415, 413). Then PUT the bytes to `uploadUrl` " +
      "with `uploadHeaders`, and complete the attachment: only then is it part of the case.",
    request: {
      params: CaseIdParam,
      body: { required: true, content: json(NewAttachmentBody, documentOnly(newAttachmentExample)) },
    },
    responses: {
      201: {
        description: "Announced: upload it now",
        content: json(
          UploadSchema,
          documentOnly({
            id: attachmentExample.id,
            uploadUrl:
              "https://files.example/uploads/01KAH3Q6J1X2Y3Z4A5B6C7D8E9/01KAH4D7E8F9G0H1J2K3M4N5P6?X-Amz-Signature=…",
            method: "PUT",
            uploadHeaders: {
              "content-type": "application/pdf",
              "x-amz-checksum-sha256": "nyxLfg0aPF5/mx06XH6fGz1fepwePl1/mhw+W335Giw=",
            },
            expiresAt: "2026-09-30T03:35:00.000Z",
            attachment: { ...attachmentExample, state: "pending", stored: undefined },
          }),
        ),
      },
      ...problems(...WRITE_ERRORS),
    },
  }),
  async (c) => {
    const { attachment, upload } = await c.var.services.attachments.announce(
      c.var.identity,
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(
      {
        id: attachment.id,
        uploadUrl: upload.url,
        method: upload.method,
        uploadHeaders: upload.headers,
        expiresAt: upload.expiresAt,
        attachment,
      },
      201,
    ) as never;
  },
);

attachmentsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/attachments/{attachmentId}/complete",
    operationId: "completeAttachment",
    tags: ["cases"],
    security,
    summary: "Check the uploaded file and add it to the case",
    description:
      "The upload must be the file announced: its size and SHA-256, and a type its bytes show (422 or 415 otherwise; the " +
      "upload is discarded and may be sent again). A photo's metadata (EXIF, GPS, text) is taken out before anyone can " +
      "read it. The file then joins the case, its hashes on the chain (`attachment_added`). Completing again answers the same.",
    request: { params: AttachmentParams },
    responses: {
      200: { description: "Stored", content: json(AttachmentSchema, documentOnly(attachmentExample)) },
      ...problems(...WRITE_ERRORS, 409),
    },
  }),
  async (c) => {
    const { id, attachmentId } = c.req.valid("param");
    return c.json(await c.var.services.attachments.complete(c.var.identity, id, attachmentId), 200) as never;
  },
);

attachmentsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/attachments",
    operationId: "listAttachments",
    tags: ["cases"],
    security,
    summary: "The case's files, oldest first (a recorded reveal)",
    request: { params: CaseIdParam },
    responses: {
      200: {
        description: "The files, pending ones included",
        content: json(
          z.object({ items: z.array(AttachmentSchema) }).openapi("AttachmentList"),
          documentOnly({ items: [attachmentExample] }),
        ),
      },
      ...problems(...READ_ERRORS, 503),
    },
  }),
  async (c) =>
    c.json(
      { items: await c.var.services.attachments.list(c.var.identity, c.req.valid("param").id) },
      200,
    ) as never,
);

attachmentsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/attachments/{attachmentId}",
    operationId: "getAttachment",
    tags: ["cases"],
    security,
    summary: "The file as kept (a recorded reveal): a redirect to a short-lived download URL",
    request: { params: AttachmentParams },
    responses: {
      303: {
        description: "Follow `Location` within five minutes to download the file.",
        headers: { Location: { schema: { type: "string" }, description: "The download URL." } },
      },
      ...problems(...READ_ERRORS, 409, 503),
    },
  }),
  async (c) => {
    const { id, attachmentId } = c.req.valid("param");
    const url = await c.var.services.attachments.download(c.var.identity, id, attachmentId);
    c.header("cache-control", "private, no-store");
    return c.redirect(url, 303) as never;
  },
);
