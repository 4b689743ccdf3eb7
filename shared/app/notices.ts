// The notices function's work (functions/notices.ts): for an event on a case's chain that
// calls for a written notice, word it from the jurisdiction's templates, render it, store
// the PDF once, and put its hash on the chain with the notice's record, in one transaction.
// At most once per event: a delivery seen twice, or a retry after a crash anywhere in
// between, finds the record or the stored PDF and changes nothing twice.
import {
  composeNotice,
  NOTICE_FOR_EVENT,
  noticeId,
  recordNotice,
  type NoticeDocument,
  type NoticeKind,
  type NoticeTemplates,
} from "../domain/notices.js";
import type { Case, CaseEvent } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import cn from "../notice-templates/cn.json" with { type: "json" };
import type { CaseStore, NoticeRecord, NoticeStore, ReferenceStore } from "../ports.js";
import type { Deps } from "./deps.js";
import { noticeFileKey, sha256Hex } from "./notice-files.js";
import { appendToCase, RetryLaterError } from "./retry.js";

/** The shipped wording, the jurisdiction's (shared/notice-templates/). */
export const noticeTemplates = cn as NoticeTemplates;

/** Draws a notice as a PDF; the same document and date give the same bytes. */
export type NoticeRenderer = (doc: NoticeDocument, createdAt: Date) => Promise<Uint8Array>;

export type NoticeDeps = Pick<Deps, "clock" | "logger" | "policy" | "files"> & {
  store: CaseStore & NoticeStore & ReferenceStore;
  render: NoticeRenderer;
  templates?: NoticeTemplates;
};

export type NoticeOutcome = "issued" | "duplicate" | "no-notice";

/** The agency a review (of a reply) or a re-review (of a review) would go to: the superior. */
function reviewTo(kind: NoticeKind, c: Case, reference: Reference): string | undefined {
  const answering =
    kind === "handling_opinion" ? c.leadAgency : kind === "review_opinion" ? c.reviewer : undefined;
  return answering ? reference.agencies.get(answering)?.superior : undefined;
}

/** The notice `event` calls for, issued once. */
export async function issueNotice(deps: NoticeDeps, event: CaseEvent): Promise<NoticeOutcome> {
  const kind = NOTICE_FOR_EVENT[event.type];
  if (!kind) return "no-notice";
  const id = noticeId(kind, event.seq);
  if (await deps.store.getNotice(event.caseId, id)) return "duplicate";
  const kase = await deps.store.getCase(event.caseId);
  if (!kase) {
    deps.logger.warn("notice for an unknown case dropped", { caseId: event.caseId, seq: event.seq });
    return "no-notice";
  }
  const reference = await deps.store.getReference();
  const repeatOf =
    typeof event.data.repeatOf === "string" ? await deps.store.getCase(event.data.repeatOf) : undefined;
  const doc = composeNotice(
    {
      kind,
      case: kase,
      event,
      agencyName: (agency) => (agency ? reference.agencies.get(agency)?.nameZh : undefined),
      reviewTo: reviewTo(kind, kase, reference),
      repeatOfCode: repeatOf?.code,
      timeZone: deps.policy.calendar.timeZone,
    },
    deps.templates ?? noticeTemplates,
  );
  const rendered = await deps.render(doc, new Date(event.at));
  const key = noticeFileKey(kase.id, id);
  // A retry after a crash finds the PDF stored: that one is the notice, whatever this run drew.
  const stored =
    (await deps.files.putOnce(key, rendered, "application/pdf")) === "stored"
      ? rendered
      : ((await deps.files.read(key))?.bytes ?? rendered);
  const record: NoticeRecord = {
    id,
    caseId: kase.id,
    kind,
    createdAt: event.at,
    sha256: sha256Hex(stored),
    bytes: stored.byteLength,
    forSeq: event.seq,
  };

  const outcome = await appendToCase(
    deps.store,
    kase,
    (c) =>
      recordNotice(
        c,
        { id, kind, sha256: record.sha256, bytes: record.bytes, forSeq: event.seq },
        deps.clock.now(),
      ),
    { file: record },
    () => new RetryLaterError(`case ${kase.id} kept changing`),
  );
  if (outcome === "already") return "duplicate";
  if (outcome === "gone") return "no-notice";
  deps.logger.info("notice issued", { caseId: kase.id, noticeId: id, kind, bytes: record.bytes });
  return "issued";
}
