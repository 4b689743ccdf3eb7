// A case's written notices as the API and the console serve them (the notices function issues
// them: ./notices.ts): the list, which names no one; a notice's PDF, which names the petitioner
// and so is an identity reveal, recorded first; and how a notice reached the petitioner.
import { NotFoundError, RuleViolationError, ServiceUnavailableError } from "../errors.js";
import type { Identity } from "../domain/access.js";
import { recordDelivery, type NoticeDelivery } from "../domain/notices.js";
import { workingRole } from "../domain/rights.js";
import type { CaseStore, FileStore, NoticeRecord, NoticeStore } from "../ports.js";
import type { CaseService } from "./cases.js";
import type { Deps } from "./deps.js";
import { noticeFileKey, sha256Hex } from "./notice-files.js";
import { appendToCase } from "./retry.js";

export type CaseNoticeDeps = Pick<Deps, "clock"> & {
  store: CaseStore & NoticeStore;
  files: FileStore;
};

export class CaseNotices {
  constructor(
    private readonly deps: CaseNoticeDeps,
    private readonly cases: Pick<CaseService, "get" | "worked" | "events">,
  ) {}

  /** The case's written notices, in the order issued: kinds, dates and hashes, no identity. */
  async list(who: Identity, caseId: string): Promise<NoticeRecord[]> {
    await this.cases.get(who, caseId);
    return this.deps.store.listNotices(caseId);
  }

  /**
   * A notice's PDF, as stored. It is addressed to the petitioner by name, so reading it is a
   * reveal of the identity: for those who work the case, recorded first.
   */
  async pdf(
    who: Identity,
    caseId: string,
    noticeId: string,
  ): Promise<{ notice: NoticeRecord; pdf: Uint8Array }> {
    await this.cases.get(who, caseId);
    const notice = await this.found(caseId, noticeId);
    await this.cases.worked(who, caseId, true);
    const file = await this.deps.files.read(noticeFileKey(caseId, noticeId));
    // The bytes must be the ones the chain vouches for: anything else is not served.
    if (!file || sha256Hex(file.bytes) !== notice.sha256)
      throw new ServiceUnavailableError(`Notice ${noticeId} could not be read as issued; try again later.`);
    return { notice, pdf: file.bytes };
  }

  /**
   * How a notice reached the petitioner, on the case's chain. Recording the same delivery
   * again (same notice, way and time: a retried request) adds nothing.
   */
  async recordDelivery(who: Identity, caseId: string, delivery: NoticeDelivery): Promise<NoticeDelivery> {
    const c = await this.cases.worked(who, caseId, false);
    const notice = await this.found(caseId, delivery.noticeId);
    const now = this.deps.clock.now();
    if (Date.parse(delivery.at) > now.getTime())
      throw new RuleViolationError(
        "delivery-in-future",
        "A delivery is recorded once it has happened: `at` is in the future.",
      );
    if (Date.parse(delivery.at) < Date.parse(notice.createdAt))
      throw new RuleViolationError("delivery-before-notice", "`at` is before the notice was issued.");
    const recorded = await this.cases.events(who, caseId, { limit: 500 });
    const same = recorded.items.some(
      (e) =>
        e.type === "notice_delivered" &&
        e.data.noticeId === delivery.noticeId &&
        e.data.method === delivery.method &&
        Date.parse(String(e.data.at)) === Date.parse(delivery.at),
    );
    if (same) return delivery;
    await appendToCase(
      this.deps.store,
      c,
      (k) => recordDelivery(k, delivery, who, workingRole(who) ?? "", now),
      {},
      () => new ServiceUnavailableError("The case kept changing; record the delivery again."),
    );
    return delivery;
  }

  private async found(caseId: string, noticeId: string): Promise<NoticeRecord> {
    const notice = await this.deps.store.getNotice(caseId, noticeId);
    if (!notice) throw new NotFoundError(`Case ${caseId} has no notice ${noticeId}.`);
    return notice;
  }
}
