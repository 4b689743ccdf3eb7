// The files a case carries (scanned letters, photos, contracts): which a jurisdiction accepts,
// what is checked of one before it joins the case, and the event that puts it on the chain.
// The bytes never touch the case item or the table: they are in the files bucket, the
// record beside the case (shared/ports.ts AttachmentRecord). No clock and no AWS here.
import { PayloadTooLargeError, RuleViolationError, UnsupportedMediaTypeError } from "../errors.js";
import { sniffType, type AttachmentType } from "./attachment-files.js";
import { finish } from "./audit.js";
import type { Decision } from "./decide.js";
import type { Actor, Case } from "./model.js";

/** A jurisdiction's rules for attachments (shared/attachment-rules/). */
export interface AttachmentRules {
  jurisdiction: string;
  types: AttachmentType[];
  maxBytes: number;
  /** How long an upload URL lasts. */
  uploadUrlSeconds: number;
  /** How long a download URL lasts: long enough to start the download, no longer. */
  downloadUrlSeconds: number;
}

/** A file as announced before its upload. */
export interface DeclaredFile {
  contentType: string;
  /** In bytes. */
  size: number;
}

/** Refuses, before any upload, a type or a size the jurisdiction does not take. */
export function checkDeclared(rules: AttachmentRules, file: DeclaredFile): void {
  if (!(rules.types as string[]).includes(file.contentType))
    throw new UnsupportedMediaTypeError(
      `Files of type ${file.contentType} are not accepted; accepted: ${rules.types.join(", ")}.`,
      { accepted: rules.types },
    );
  if (file.size > rules.maxBytes)
    throw new PayloadTooLargeError(
      `A file may be at most ${rules.maxBytes} bytes; this one is ${file.size}.`,
      {
        maxBytes: rules.maxBytes,
      },
    );
}

/** What arrived: refused unless it is the file announced, byte for byte, and of its type. */
export function checkArrived(
  declared: DeclaredFile & { sha256: string },
  arrived: { bytes: Uint8Array; sha256: string },
): AttachmentType {
  if (arrived.bytes.byteLength !== declared.size)
    throw new RuleViolationError(
      "attachment-size-mismatch",
      `The upload is ${arrived.bytes.byteLength} bytes, not the ${declared.size} announced; it was discarded.`,
    );
  if (arrived.sha256 !== declared.sha256)
    throw new RuleViolationError(
      "attachment-checksum-mismatch",
      "The upload's SHA-256 is not the one announced; it was discarded.",
    );
  const type = sniffType(arrived.bytes);
  if (type !== declared.contentType)
    throw new UnsupportedMediaTypeError(
      `The upload is ${type ?? "of no accepted type"}, not the ${declared.contentType} announced; it was discarded.`,
    );
  return type;
}

/** The facts the chain keeps of an attachment: no file name, which may name the petitioner. */
export interface AddedAttachment {
  id: string;
  contentType: string;
  /** As uploaded: what the uploader's copy hashes to. */
  sha256: string;
  /** As kept, metadata taken out: what a download hashes to. */
  storedSha256: string;
  storedSize: number;
}

/** The file put on the case's chain as an `attachment_added` event by whoever completed it. */
export function recordAttachment(
  c: Case,
  file: AddedAttachment,
  actor: Actor,
  role: string,
  now: Date,
): Decision {
  const next: Case = structuredClone(c);
  const { id, ...facts } = file;
  return finish(
    c,
    next,
    [{ type: "attachment_added", data: { attachmentId: id, ...facts } }],
    [],
    { actor, now },
    role,
  );
}
