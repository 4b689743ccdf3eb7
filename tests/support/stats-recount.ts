// The statistics counters against a recount (tests only): from the cases' own states, cell
// by cell and month by month — each month's totals and each dimension's items adding up to
// its cells — and from their audit trails for every counter an event records. Each check
// answers with the mismatches it found (none when the counters hold), so a vitest file and
// the chaos run (`npm run chaos`, no vitest there) share them.
import { isDeepStrictEqual } from "node:util";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import {
  addCounters,
  caseContribution,
  cellKeyOf,
  DIMENSIONS,
  NOW_MONTH,
  type Counter,
  type Counters,
} from "../../shared/domain/stats-facts.js";
import { monthsBetween } from "../../shared/domain/stats-report.js";
import type { StatsStore } from "../../shared/ports.js";

export const nonZero = (c: Counters) => Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0));

/** The months the checks read: every month of the runs (Sep 2026 to Dec 2027), the gauges. */
export const RECOUNT_MONTHS = [...monthsBetween("2026-09", "2027-12"), NOW_MONTH];

function differs(what: string, held: unknown, expected: unknown): string[] {
  return isDeepStrictEqual(held, expected)
    ? []
    : [`${what}: held ${JSON.stringify(held)}, recounted ${JSON.stringify(expected)}`];
}

/** Every counter item against the recount from the cases' states; the mismatches. */
export async function recountMismatches(
  store: Pick<StatsStore, "readStats">,
  cases: readonly Case[],
  timeZone: string,
): Promise<string[]> {
  const problems: string[] = [];
  const expected = new Map<string, Counters>();
  for (const c of cases)
    for (const [month, cells] of Object.entries(caseContribution(c, timeZone)))
      for (const [cell, counters] of Object.entries(cells)) {
        const key = `${month} ${cell}`;
        expected.set(key, addCounters(expected.get(key) ?? {}, counters));
      }
  // And each day a petition was received on.
  const days = new Set([...expected.keys()].map((k) => k.split(" ")[0]!).filter((m) => m.startsWith("D")));
  const held = new Map<string, Counters>();
  for (const month of [...RECOUNT_MONTHS, ...days]) {
    const { cells } = await store.readStats(month, { kind: "cells" });
    const total = (await store.readStats(month, { kind: "total" })).cells[0]?.counters ?? {};
    const summed: Counters = {};
    for (const cell of cells) {
      held.set(`${month} ${DIMENSIONS.map((d) => cell.key[d]).join("|")}`, cell.counters);
      addCounters(summed, cell.counters);
    }
    // A day keeps its full cells only; a month's totals and each dimension's items add up to its cells.
    if (month.startsWith("D")) continue;
    problems.push(...differs(`${month} totals`, nonZero(total), nonZero(summed)));
    for (const dimension of DIMENSIONS) {
      const items = (await store.readStats(month, { kind: "dimension", dimension })).cells;
      const bySum = new Map<string, Counters>();
      for (const cell of cells) {
        const value = cellKeyOf(DIMENSIONS.map((d) => cell.key[d]).join("|"))[dimension];
        bySum.set(value, addCounters(bySum.get(value) ?? {}, cell.counters));
      }
      problems.push(
        ...differs(
          `${month} by ${dimension}`,
          Object.fromEntries(items.map((i) => [i.key[dimension], nonZero(i.counters)])),
          Object.fromEntries([...bySum].map(([k, c]) => [k, nonZero(c)])),
        ),
      );
    }
  }
  const recounted = new Map(
    [...expected].map(([k, c]) => [k, nonZero(c)] as const).filter(([, c]) => Object.keys(c).length > 0),
  );
  for (const key of new Set([...held.keys(), ...recounted.keys()]))
    problems.push(...differs(`cell ${key}`, held.get(key) ?? {}, recounted.get(key) ?? {}));
  return problems;
}

/** The counters each case's audit trail records: one per event of a counted kind, the last rating. */
export function countersFromEvents(histories: readonly { events: readonly CaseEvent[] }[]) {
  const fromEvents: Partial<Record<Counter, number>> = {};
  const plus = (counter: Counter) => {
    fromEvents[counter] = (fromEvents[counter] ?? 0) + 1;
  };
  for (const { events } of histories) {
    let rating: string | undefined;
    for (const e of events) {
      if (e.type === "registered") plus("received");
      if (e.type === "declined") plus("declined");
      if (e.type === "objected") plus("disputes");
      if (e.type === "escalated" && e.data.level === 1) plus("escalatedL1");
      if (e.type === "listed_supervision") plus("escalatedL2");
      if (e.type === "escalated" && e.data.level === 3) plus("escalatedL3");
      if (e.type === "review_requested") plus("reviews");
      if (e.type === "review_opinion_given")
        plus(e.data.decision === "upheld" ? "reviewsUpheld" : "reviewsChanged");
      if (e.type === "re_review_requested") plus("reReviews");
      if (e.type === "re_review_opinion_given")
        plus(e.data.decision === "upheld" ? "reReviewsUpheld" : "reReviewsChanged");
      if (e.type === "rated") rating = String(e.data.rating);
    }
    if (rating)
      plus(
        rating === "satisfied"
          ? "satisfied"
          : rating === "basically_satisfied"
            ? "basicallySatisfied"
            : "unsatisfied",
      );
  }
  return fromEvents;
}

/** The months' totals against the audit trails, for every counter an event records; the mismatches. */
export async function eventCounterMismatches(
  store: Pick<StatsStore, "readStats">,
  histories: readonly { events: readonly CaseEvent[] }[],
): Promise<{ problems: string[]; fromEvents: Partial<Record<Counter, number>> }> {
  const fromEvents = countersFromEvents(histories);
  const totals: Counters = {};
  for (const month of monthsBetween("2026-09", "2027-12"))
    addCounters(totals, (await store.readStats(month, { kind: "total" })).cells[0]?.counters ?? {});
  const problems: string[] = [];
  for (const counter of Object.keys(fromEvents) as Counter[])
    if ((totals[counter] ?? 0) !== fromEvents[counter])
      problems.push(
        `${counter}: counted ${totals[counter] ?? 0}, the audit trails record ${fromEvents[counter]}`,
      );
  if (fromEvents.received !== histories.length)
    problems.push(`received: ${fromEvents.received ?? 0} registrations for ${histories.length} cases`);
  return { problems, fromEvents };
}
