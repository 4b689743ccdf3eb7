// The ports of the files a case has — its written notices and its attachments — and of the
// bucket that keeps their bytes (shared/adapters/s3-files.ts). Their records sit beside the
// case in the table; the bytes never do. Re-exported by ./ports.ts.
import type { NoticeKind } from "./domain/notices.js";

/** A written notice as stored: its PDF in the files bucket, its hash on the case's chain. */
export interface NoticeRecord {
  /** `<kind>-<seq>`: one notice per event that calls for it. */
  id: string;
  caseId: string;
  kind: NoticeKind;
  /** The time of the event that called for it, and the date the notice bears. */
  createdAt: string;
  /** Hex SHA-256 of the PDF's bytes. */
  sha256: string;
  bytes: number;
  /** The event that called for it. */
  forSeq: number;
}

export interface NoticeStore {
  getNotice(caseId: string, noticeId: string): Promise<NoticeRecord | undefined>;
  /** A case's notices in the order they were issued (a case has a handful). */
  listNotices(caseId: string): Promise<NoticeRecord[]>;
}

/** Files kept in S3 (notices, attachments): bytes by key, and signed URLs for a client. */
export interface FileStore {
  /** Stores the bytes unless the key holds an object already; "exists" leaves that one as it is. */
  putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<"stored" | "exists">;
  read(key: string): Promise<{ bytes: Uint8Array; contentType?: string } | undefined>;
  remove(key: string): Promise<void>;
  /**
   * A URL a client PUTs the file to, for `expiresInSeconds`: on S3 it admits only a body of
   * that type, length and SHA-256 (the headers to send come with it).
   */
  uploadUrl(
    key: string,
    file: { contentType: string; size: number; sha256: string },
    expiresInSeconds: number,
  ): Promise<{ url: string; headers: Record<string, string> }>;
  /** A URL that GETs the file for `expiresInSeconds`, offered for saving under `filename`. */
  downloadUrl(
    key: string,
    file: { filename: string; contentType: string },
    expiresInSeconds: number,
  ): Promise<string>;
}

export type AttachmentState = "pending" | "stored";

/** A file a case carries: its record; the bytes are in the files bucket, never in the table. */
export interface AttachmentRecord {
  id: string;
  caseId: string;
  /** As the uploader named it: it may name the petitioner, so it is shown as identities are. */
  filename: string;
  contentType: string;
  /** In bytes, declared at creation, checked on completion. */
  size: number;
  /** Hex SHA-256 of the file as uploaded, declared at creation, checked on completion. */
  sha256: string;
  state: AttachmentState;
  createdAt: string;
  createdBy: string;
  agency: string;
  /** Once stored: the file as kept, its metadata (EXIF, GPS, text chunks) taken out. */
  stored?: { size: number; sha256: string; at: string };
}

export interface AttachmentStore {
  /** A new pending attachment; false when the id is taken. */
  createAttachment(record: AttachmentRecord): Promise<boolean>;
  getAttachment(caseId: string, attachmentId: string): Promise<AttachmentRecord | undefined>;
  listAttachments(caseId: string): Promise<AttachmentRecord[]>;
}
