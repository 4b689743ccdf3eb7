// The request and response shapes of a case's files: its written notices and its
// attachments (shared/http/notices.ts, shared/http/attachments.ts), as shared/file-ports.ts
// holds their records.
import * as z from "./zod.js";
import { DELIVERY_METHODS, NOTICE_KINDS } from "../domain/notices.js";
import { CaseIdParam, isoDateTime, text } from "./schemas.js";

export const NoticeSchema = z
  .object({
    id: z
      .string()
      .openapi({ description: "`<kind>-<seq>`: the notice the event with that number called for." }),
    caseId: z.string(),
    kind: z.enum(NOTICE_KINDS),
    createdAt: isoDateTime.openapi({
      description: "The time of the event that called for it; the date it bears.",
    }),
    sha256: z.string().openapi({
      description:
        "Hex SHA-256 of the PDF, as on the case's chain (its `notice_issued` event): a paper copy can be checked against it.",
    }),
    bytes: z.number().int(),
    forSeq: z.number().int().openapi({ description: "The event that called for it." }),
  })
  .openapi("Notice");

export const NoticeParams = z.object({
  id: CaseIdParam.shape.id,
  noticeId: z.string().regex(/^[a-z_]+-\d{1,8}$/, "a notice id such as acceptance-3"),
});

const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "a SHA-256 as 64 lower-case hex digits")
  .openapi({ example: "9f2c4b7e0d1a3c5e7f9b1d3a5c7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a2c" });

export const NewAttachmentBody = z
  .strictObject({
    filename: text(200)
      .refine((s) => !/[\\/]/.test(s), "must be a file name, not a path")
      .openapi({ description: "As the uploader names it; shown only to those who work the case." }),
    contentType: z.string().min(1).max(100).openapi({
      description:
        "One of the jurisdiction's accepted types (Demo County: application/pdf, image/jpeg, image/png).",
    }),
    size: z
      .number()
      .int()
      .min(1)
      .openapi({ description: "In bytes; at most the jurisdiction's limit (20 MB)." }),
    sha256: sha256Hex.openapi({
      description: "Of the file as it will be uploaded: the upload must match it.",
    }),
  })
  .openapi("NewAttachment");

export const AttachmentSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    state: z.enum(["pending", "stored"]).openapi({
      description: "pending: announced, not yet uploaded and completed; stored: checked and kept.",
    }),
    createdAt: isoDateTime,
    createdBy: z.string(),
    agency: z.string(),
    stored: z.object({ size: z.number().int(), sha256: z.string(), at: isoDateTime }).optional().openapi({
      description:
        "The file as kept and served: a photo without its metadata (EXIF, GPS, text chunks), so its size and hash may differ from the upload's.",
    }),
  })
  .openapi("Attachment");

export const AttachmentParams = z.object({
  id: CaseIdParam.shape.id,
  attachmentId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "an attachment id (ULID)"),
});

export const NoticeDeliveryBody = z
  .strictObject({
    method: z.enum(DELIVERY_METHODS).openapi({
      description:
        "in_person: handed over; post: posted; online: fetched from the petition portal; sms_link: a link sent by SMS.",
    }),
    at: isoDateTime.openapi({
      description: "When it reached the petitioner (handed over, posted, opened); not in the future.",
    }),
  })
  .openapi("NoticeDelivery");
