// The bureau's oversight lists — cases escalated to L1, L2 or L3, disputes, cases under
// listed supervision — read from their sparse index entries (never by reading every case),
// the cases then read in one batch and shown only where the caller sees them.
import type { Identity } from "../domain/access.js";
import type { EscalationList } from "../domain/escalation-lists.js";
import type { Case } from "../domain/model.js";
import { authorize, canSeeCase } from "../domain/rights.js";
import type { CaseIndex, CaseStore, Page, PageRequest } from "../ports.js";

export interface EscalationDeps {
  store: Pick<CaseStore, "getCases"> & Pick<CaseIndex, "escalatedCaseIds">;
}

export class EscalationService {
  constructor(private readonly deps: EscalationDeps) {}

  /** One list, by agency then oldest first; a page may hold fewer than `limit` (cases the caller may not see are left out). */
  async list(who: Identity, list: EscalationList, page: PageRequest): Promise<Page<Case>> {
    authorize(who, "cases.escalations");
    const ids = await this.deps.store.escalatedCaseIds(list, page);
    // The respondent never sees the case, the bureau included when a petition complains about it.
    const cases = (await this.deps.store.getCases(ids.items)).filter((c) => canSeeCase(c, who));
    return { items: cases, ...(ids.nextCursor ? { nextCursor: ids.nextCursor } : {}) };
  }
}
