// The recounts a change to the calendar or the thresholds asks of the sweeper. A calendar
// year's walks the clocks index from that year (the cases with a clock still going due in
// or after it: no other clock counted a day of the year) and records each moved
// due time on its case; the thresholds' walks the deadline index and files each case under
// its next action time by the new thresholds. A page at a time, its progress saved after
// each: a run killed mid-page does that page again, and a case already recounted changes
// nothing the second time (the case's version guards each commit).
import { recomputeClocks } from "../domain/calendar-recompute.js";
import { nextActionAt } from "../domain/sweep.js";
import { DEADLINE_SHARDS } from "../resources.js";
import type { CaseStore, JurisdictionJob, JurisdictionJobs, Page } from "../ports.js";
import type { Deps } from "./deps.js";

/** Case ids read at a time, as the sweep does. */
export const RECOUNT_PAGE = 100;
/** Pages per run, so a run ends well within the sweeper's timeout; the rest waits for the next run. */
export const RECOUNT_PAGES_PER_RUN = 40;
/** A case changed meanwhile is read again this many times before the page is left for the next run. */
const STALE_RETRIES = 3;

export type RecountDeps = Pick<Deps, "clock" | "jurisdiction" | "logger"> & {
  store: Pick<CaseStore, "getCases" | "getCase" | "commit"> & JurisdictionJobs;
};

export interface RecountReport {
  jobs: number;
  pages: number;
  casesChanged: number;
  events: number;
}

/** Work off the pending recounts, a bounded number of pages per run; what was done. */
export async function recountAfterChanges(
  deps: RecountDeps,
  { pageSize = RECOUNT_PAGE, maxPages = RECOUNT_PAGES_PER_RUN } = {},
): Promise<RecountReport> {
  const report: RecountReport = { jobs: 0, pages: 0, casesChanged: 0, events: 0 };
  const jobs = await deps.store.pendingJobs();
  if (!jobs.length) return report;
  // The change may be younger than this instance's cache: count with what is stored now.
  await deps.jurisdiction.refresh(true);
  for (const job of jobs) {
    let current: JurisdictionJob = job;
    while (current.shard < DEADLINE_SHARDS) {
      if (report.pages >= maxPages) return report;
      const request = { limit: pageSize, ...(current.cursor ? { cursor: current.cursor } : {}) };
      const page: Page<unknown> =
        current.kind === "calendar"
          ? await recountCalendarPage(deps, current.year, current.shard, request, report)
          : await refilePage(deps, current.shard, request);
      report.pages += 1;
      const { cursor: _done, ...rest } = current;
      current = page.nextCursor
        ? { ...current, cursor: page.nextCursor }
        : ({ ...rest, shard: current.shard + 1 } as JurisdictionJob);
      // Replaced by a newer change of the same kind: that job starts over, this one stops.
      if (!(await deps.store.saveJobProgress(current))) break;
    }
    if (current.shard >= DEADLINE_SHARDS) {
      await deps.store.finishJob(current);
      report.jobs += 1;
      deps.logger.info("recount done", { job: current.id, kind: current.kind });
    }
  }
  return report;
}

async function recountCalendarPage(
  deps: RecountDeps,
  year: number,
  shard: number,
  request: { limit: number; cursor?: string },
  report: RecountReport,
): Promise<Page<string>> {
  const { policy, calendar } = deps.jurisdiction.rules;
  const page = await deps.store.caseIdsWithClocksDueFrom(shard, year, request);
  for (let c of await deps.store.getCases(page.items)) {
    for (let attempt = 0; ; attempt++) {
      const change = { year, calendarVersion: calendar.version };
      const decision = recomputeClocks(c, { policy, now: deps.clock.now(), change });
      if (!decision) {
        // A dispute goes to the meeting after working days: its next action may move with no clock moving.
        if (c.status === "disputed")
          await deps.store.refileDeadline(
            c.id,
            c.version,
            nextActionAt(c, policy, deps.jurisdiction.escalation),
          );
        break;
      }
      const outcome = await deps.store.commit(decision, { before: c });
      if (outcome.ok) {
        report.casesChanged += 1;
        report.events += decision.events.length;
        deps.logger.info("clocks recounted", { caseId: c.id, year, events: decision.events.length });
        break;
      }
      const again = await deps.store.getCase(c.id);
      // Throwing leaves the job where it was: the next run does this page again.
      if (!again || attempt >= STALE_RETRIES) throw new Error(`Case ${c.id} kept changing during a recount.`);
      c = again;
    }
  }
  return page;
}

async function refilePage(
  deps: RecountDeps,
  shard: number,
  request: { limit: number; cursor?: string },
): Promise<Page<unknown>> {
  const { policy, escalation } = deps.jurisdiction.rules;
  const page = await deps.store.deadlineEntries(shard, request);
  const filed = new Map(page.items.map((e) => [e.caseId, e.nextActionAt]));
  for (const c of await deps.store.getCases([...filed.keys()])) {
    const next = nextActionAt(c, policy, escalation);
    if (next === filed.get(c.id)) continue;
    // A case changed meanwhile was filed by that commit, with the thresholds of its instance.
    await deps.store.refileDeadline(c.id, c.version, next);
  }
  return page;
}
