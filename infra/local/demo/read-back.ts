// Reading the run back through the API as the bureau's coordinator: this run's cases from
// the case list, and a case's audit trail, each page by page.
import type { CaseEvent } from "../../../shared/domain/model.js";
import { COORDINATOR } from "./county.js";
import type { CaseView, QuarterScript } from "./script.js";

/** Every case of this run, as the bureau lists them (GET /v1/cases); cases of earlier runs are left out. */
export async function listRunCases(script: QuarterScript): Promise<CaseView[]> {
  const found: CaseView[] = [];
  let cursor: string | undefined;
  do {
    const page = await script.act<{ items: CaseView[]; nextCursor?: string }>(
      "list cases",
      COORDINATOR,
      "GET",
      `/v1/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (!page) break;
    found.push(...page.items.filter((c) => script.byId.has(c.id)));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** A case's events in order (GET /v1/cases/{id}/events). */
export async function readEvents(script: QuarterScript, id: string): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await script.act<{ items: CaseEvent[]; nextCursor?: string }>(
      "read events",
      COORDINATOR,
      "GET",
      `/v1/cases/${id}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (!page) break;
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}
