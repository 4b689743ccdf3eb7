// The files a case carries: announced (type, size and SHA-256 checked against the
// jurisdiction's rules, a record kept pending, an upload URL handed out), uploaded by the
// client straight to the files bucket, then completed: the upload is checked byte for byte,
// a photo's metadata is taken out, the file is kept under its own key and put on the case's
// chain with its record in one transaction. The upload is then removed. Only those who work
// the case touch a case's files, and a read of a name or of the bytes is recorded first: a
// scanned letter names the petitioner as surely as the case does.
import { ConflictError, NotFoundError, RuleViolationError, ServiceUnavailableError } from "../errors.js";
import type { Identity } from "../domain/access.js";
import { MalformedFileError, stripMetadata } from "../domain/attachment-files.js";
import {
  checkArrived,
  checkDeclared,
  recordAttachment,
  type AttachmentRules,
} from "../domain/attachments.js";
import type { Case } from "../domain/model.js";
import { workingRole } from "../domain/rights.js";
import rules from "../attachment-rules/cn.json" with { type: "json" };
import type { AttachmentRecord, AttachmentStore, CaseStore } from "../ports.js";
import { FILE_PREFIXES } from "../resources.js";
import type { CaseService } from "./cases.js";
import type { Deps } from "./deps.js";
import { sha256Hex } from "./notice-files.js";
import { appendToCase } from "./retry.js";

/** The shipped rules, the jurisdiction's (shared/attachment-rules/). */
export const attachmentRules = rules as AttachmentRules;

export type AttachmentDeps = Pick<Deps, "clock" | "logger" | "files" | "newId"> & {
  store: CaseStore & AttachmentStore;
};

/** Where an upload lands, and where the checked file is kept: ids only, never a name. */
export const uploadKey = (caseId: string, id: string) => `${FILE_PREFIXES.uploads}${caseId}/${id}`;
export const attachmentFileKey = (caseId: string, id: string) =>
  `${FILE_PREFIXES.attachments}${caseId}/${id}`;

export interface AnnouncedFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Upload {
  attachment: AttachmentRecord;
  upload: { method: "PUT"; url: string; headers: Record<string, string>; expiresAt: string };
}

export class AttachmentService {
  constructor(
    private readonly deps: AttachmentDeps,
    private readonly cases: Pick<CaseService, "worked">,
    private readonly rules: AttachmentRules = attachmentRules,
  ) {}

  async announce(who: Identity, caseId: string, file: AnnouncedFile): Promise<Upload> {
    const c = await this.cases.worked(who, caseId, false);
    checkDeclared(this.rules, file);
    const now = this.deps.clock.now();
    const record: AttachmentRecord = {
      id: this.deps.newId(),
      caseId: c.id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      state: "pending",
      createdAt: now.toISOString(),
      createdBy: who.sub,
      agency: who.agency,
    };
    if (!(await this.deps.store.createAttachment(record)))
      throw new ConflictError("An attachment with this id exists already; announce the file again.");
    const { url, headers } = await this.deps.files.uploadUrl(
      uploadKey(c.id, record.id),
      record,
      this.rules.uploadUrlSeconds,
    );
    const expiresAt = new Date(now.getTime() + this.rules.uploadUrlSeconds * 1000).toISOString();
    return { attachment: record, upload: { method: "PUT", url, headers, expiresAt } };
  }

  /**
   * The upload checked and kept. A second call for a file already kept answers it as kept; a
   * refused upload is discarded, and the file may be uploaded again to the same URL while it lasts.
   */
  async complete(who: Identity, caseId: string, attachmentId: string): Promise<AttachmentRecord> {
    const c = await this.cases.worked(who, caseId, false);
    const announced = await this.found(c.id, attachmentId);
    if (announced.state === "stored") return announced;
    const upload = await this.deps.files.read(uploadKey(c.id, attachmentId));
    if (!upload)
      throw new ConflictError(
        "Nothing has been uploaded for this attachment yet: PUT the file to its upload URL first.",
      );
    let kept: Uint8Array;
    try {
      const type = checkArrived(announced, { bytes: upload.bytes, sha256: sha256Hex(upload.bytes) });
      kept = stripMetadata(upload.bytes, type);
    } catch (err) {
      // What is refused is not kept: it may be anything.
      await this.deps.files.remove(uploadKey(c.id, attachmentId));
      if (err instanceof MalformedFileError)
        throw new RuleViolationError(
          "attachment-malformed",
          `The upload is not a well-formed file: ${err.message}`,
        );
      throw err;
    }
    await this.deps.files.putOnce(attachmentFileKey(c.id, attachmentId), kept, announced.contentType);
    const stored: AttachmentRecord = {
      ...announced,
      state: "stored",
      stored: { size: kept.byteLength, sha256: sha256Hex(kept), at: this.deps.clock.now().toISOString() },
    };
    await this.commit(c, stored, who);
    await this.deps.files.remove(uploadKey(c.id, attachmentId));
    return stored;
  }

  /**
   * The case's files: names included, so the read is recorded as a reveal — unless the same
   * request has just recorded one (the console's page after `Show identity`).
   */
  async list(
    who: Identity,
    caseId: string,
    options: { revealRecorded?: boolean } = {},
  ): Promise<AttachmentRecord[]> {
    const c = await this.cases.worked(who, caseId, !options.revealRecorded);
    return this.deps.store.listAttachments(c.id);
  }

  /** How many files the case has, for someone who works it: a count names no one, so nothing is recorded. */
  async count(who: Identity, caseId: string): Promise<number> {
    const c = await this.cases.worked(who, caseId, false);
    return (await this.deps.store.listAttachments(c.id)).length;
  }

  /** A short-lived URL that downloads the file as kept; the read is recorded first. */
  async download(who: Identity, caseId: string, attachmentId: string): Promise<string> {
    const c = await this.cases.worked(who, caseId, false);
    const record = await this.found(c.id, attachmentId);
    if (record.state !== "stored") throw new ConflictError("The file has not been completed yet.");
    await this.cases.worked(who, caseId, true);
    return this.deps.files.downloadUrl(
      attachmentFileKey(c.id, attachmentId),
      record,
      this.rules.downloadUrlSeconds,
    );
  }

  private async found(caseId: string, attachmentId: string): Promise<AttachmentRecord> {
    const record = await this.deps.store.getAttachment(caseId, attachmentId);
    if (!record) throw new NotFoundError(`Case ${caseId} has no attachment ${attachmentId}.`);
    return record;
  }

  /** The record stored and the event on the chain together; a case changed meanwhile is re-read. */
  private async commit(kase: Case, stored: AttachmentRecord, who: Identity): Promise<void> {
    const file = {
      id: stored.id,
      contentType: stored.contentType,
      sha256: stored.sha256,
      storedSha256: stored.stored!.sha256,
      storedSize: stored.stored!.size,
    };
    await appendToCase(
      this.deps.store,
      kase,
      (c) => recordAttachment(c, file, who, workingRole(who) ?? "", this.deps.clock.now()),
      { attachment: stored },
      () =>
        new ServiceUnavailableError(
          "The case kept changing while the file was being added; complete it again.",
        ),
    );
  }
}
