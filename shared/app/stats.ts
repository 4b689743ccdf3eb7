// The statistics: counting each case's newest state (fed by the table's stream, see
// functions/stats.ts) and answering GET /v1/stats from the counters, reading per month only
// the items the question needs — never a case.
import type { Identity } from "../domain/access.js";
import type { Case } from "../domain/model.js";
import { authorize } from "../domain/rights.js";
import { caseContribution, NOW_MONTH, type Dimension } from "../domain/stats-facts.js";
import {
  buildReport,
  monthsBetween,
  type MonthCells,
  type StatsQuery,
  type StatsReport,
} from "../domain/stats-report.js";
import type { StatsSlice, StatsStore } from "../ports.js";

export interface StatsDeps {
  store: StatsStore;
  policy: { calendar: { timeZone: string } };
}

/** Months read at once. */
const PARALLEL_MONTHS = 6;

/** The bureau sees every agency; anyone else granted `stats.read` their own agency only. */
export const ALL_AGENCIES = "bureau";

export class StatsAggregator {
  constructor(private readonly deps: StatsDeps) {}

  /** Counts each case's state in place of its last counted one; returns how many changed the counters. */
  async count(cases: readonly Case[]): Promise<{ counted: number; stale: number }> {
    let counted = 0;
    for (const c of cases) {
      const outcome = await this.deps.store.countCase(
        c.id,
        c.version,
        caseContribution(c, this.deps.policy.calendar.timeZone),
      );
      if (outcome === "counted") counted++;
    }
    return { counted, stale: cases.length - counted };
  }
}

export class StatsService {
  constructor(private readonly deps: StatsDeps) {}

  /** The report for `who`: every agency for the bureau, the caller's own agency for an agency head or leader. */
  async read(who: Identity, query: StatsQuery): Promise<StatsReport & { itemsRead: number }> {
    authorize(who, "stats.read");
    const agency = who.agency === ALL_AGENCIES ? undefined : who.agency;
    const dims = query.by.filter((b): b is Dimension => b !== "month");
    const slice: StatsSlice = agency
      ? { kind: "cells", agency }
      : dims.length === 0
        ? { kind: "total" }
        : dims.length === 1
          ? { kind: "dimension", dimension: dims[0]! }
          : { kind: "cells" };
    let itemsRead = 0;
    const read = async (month: string): Promise<MonthCells> => {
      const out = await this.deps.store.readStats(month, slice);
      itemsRead += out.itemsRead;
      return { month, cells: out.cells };
    };
    const months = monthsBetween(query.from, query.to);
    const cells: MonthCells[] = [];
    for (let i = 0; i < months.length; i += PARALLEL_MONTHS)
      cells.push(...(await Promise.all(months.slice(i, i + PARALLEL_MONTHS).map(read))));
    const gauges = await read(NOW_MONTH);
    return { ...buildReport(query, cells, gauges), itemsRead };
  }
}
