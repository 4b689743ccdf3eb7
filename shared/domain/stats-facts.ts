// What one case adds to the statistics, read from the case alone: a pure function of its
// state, so the counters are the sum of it over all cases, and applying a case's newest
// state in place of the one counted before (stats aggregator) keeps them so whatever
// order and however often the states arrive. Each fact lands in one cell — a month (the
// month it happened, in the jurisdiction's zone) and the agency, category, region and
// channel it belongs to. Nothing of the petitioner is read.
import { localDay } from "./calendar.js";
import { TERMINAL_STATUSES } from "./lifecycle.js";
import type { Case, CaseClock } from "./model.js";

/** Flow counters: things that happened in a month. */
export const FLOW_COUNTERS = [
  "received",
  "collective",
  "repeats",
  "declined",
  "accepted",
  "acknowledgedOnTime",
  "acknowledgedLate",
  "concludedOnTime",
  "concludedLate",
  "backlog",
  "disputes",
  "escalatedL1",
  "escalatedL2",
  "escalatedL3",
  "reviews",
  "reviewsUpheld",
  "reviewsChanged",
  "reReviews",
  "reReviewsUpheld",
  "reReviewsChanged",
  "satisfied",
  "basicallySatisfied",
  "unsatisfied",
] as const;
/** Gauges: how things stand now, kept under the month `NOW_MONTH`. */
export const GAUGES = ["open", "overdue"] as const;
export const COUNTERS = [...FLOW_COUNTERS, ...GAUGES] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Partial<Record<Counter, number>>;

export const NOW_MONTH = "NOW";
/** Days are kept too, for received petitions only (the early warning's daily counts): key `D<YYYY-MM-DD>`. */
export const dayKey = (day: string) => `D${day}`;
export const isDayKey = (key: string) => key.startsWith("D");
export const DIMENSIONS = ["agency", "category", "region", "channel"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type CellKey = Record<Dimension, string>;

/** The bureau holds a case until it has a lead agency. */
export const UNROUTED = "bureau";

/** A case's contribution: month → cell (its dimensions joined by `|`) → counters. */
export type Contribution = Record<string, Record<string, Counters>>;

export const cellId = (k: CellKey) => DIMENSIONS.map((d) => k[d]).join("|");
export function cellKeyOf(id: string): CellKey {
  const [agency = "", category = "", region = "", channel = ""] = id.split("|");
  return { agency, category, region, channel };
}

/** A clock has gone past its due time once it is stopped late or the sweeper has escalated it. */
const wentOverdue = (k: CaseClock) => k.state === "overdue" || (k.level ?? 0) >= 1;

/**
 * Every fact of the case, by month and cell. The definitions (docs/statistics.md):
 * - received, collective, repeats: the month it was received, under its lead agency now
 *   (the bureau until it has one); received also by the day (`D<date>`, the early warning's);
 * - declined: the month of the decision; disputes: each objection, the month it was raised,
 *   under the objecting agency;
 * - acknowledged on time / late: each acknowledge clock stopped, the month it stopped,
 *   under the agency that owned it; concluded on time / late the same for handle clocks;
 * - accepted: each handle clock, the month it started, under its owner; backlog: those of
 *   them still in force that went past their due time and have not stopped, on a case still
 *   open (not concluded);
 * - escalations L1–L3: each step of the ladder taken (as its `escalated` or `listed_supervision`
 *   event), the month it was taken, under the agency it concerned;
 * - reviews and re-reviews: requested (the month the review clock started) and their
 *   decisions, under the reviewing agency;
 * - satisfaction: the rating of the reply, the month of the reply, under the lead;
 * - open and overdue (now): an open case, and one of its running clocks gone overdue,
 *   under the lead.
 */
export function caseContribution(c: Case, timeZone: string): Contribution {
  const out: Contribution = {};
  const month = (iso: string) => localDay(new Date(iso), timeZone).slice(0, 7);
  const add = (when: string, agency: string, counter: Counter) => {
    const cell = cellId({ agency, category: c.category, region: c.region, channel: c.channel });
    const counters = ((out[when] ??= {})[cell] ??= {});
    counters[counter] = (counters[counter] ?? 0) + 1;
  };
  const lead = c.leadAgency ?? UNROUTED;
  const received = month(c.receivedAt);
  add(received, lead, "received");
  add(dayKey(localDay(new Date(c.receivedAt), timeZone)), lead, "received");
  if (c.collective) add(received, lead, "collective");
  if (c.repeatOf) add(received, lead, "repeats");
  if (c.outcome?.kind === "declined") add(month(c.outcome.at), lead, "declined");
  for (const o of c.objections ?? (c.objection ? [c.objection] : [])) add(month(o.at), o.by, "disputes");

  const clocks = [...(c.pastClocks ?? []), ...c.clocks];
  const current = new Set(c.clocks);
  const open = !TERMINAL_STATUSES.has(c.status);
  for (const k of clocks) {
    if (k.name === "acknowledge" && k.stoppedAt)
      add(month(k.stoppedAt), k.owner, k.state === "overdue" ? "acknowledgedLate" : "acknowledgedOnTime");
    if (k.name === "handle") {
      add(month(k.startedAt), k.owner, "accepted");
      if (k.stoppedAt)
        add(month(k.stoppedAt), k.owner, k.state === "overdue" ? "concludedLate" : "concludedOnTime");
      // Only a clock still in force: one a re-routing replaced without stopping is history, not backlog.
      else if (wentOverdue(k) && current.has(k) && open) add(month(k.startedAt), k.owner, "backlog");
    }
    if (k.name === "review") {
      add(month(k.startedAt), k.owner, "reviews");
      if (c.reviewDecision && k.stoppedAt)
        add(month(k.stoppedAt), k.owner, c.reviewDecision === "upheld" ? "reviewsUpheld" : "reviewsChanged");
    }
    if (k.name === "re_review") {
      add(month(k.startedAt), k.owner, "reReviews");
      if (c.reReviewDecision && k.stoppedAt)
        add(
          month(k.stoppedAt),
          k.owner,
          c.reReviewDecision === "upheld" ? "reReviewsUpheld" : "reReviewsChanged",
        );
    }
  }
  for (const e of c.escalations ?? []) add(month(e.at), e.owner, `escalatedL${e.level}`);
  if (c.rating && c.outcome?.kind === "replied")
    add(
      month(c.outcome.at),
      lead,
      c.rating === "satisfied"
        ? "satisfied"
        : c.rating === "basically_satisfied"
          ? "basicallySatisfied"
          : "unsatisfied",
    );

  if (open) {
    add(NOW_MONTH, lead, "open");
    if (c.clocks.some((k) => !k.stoppedAt && wentOverdue(k))) add(NOW_MONTH, lead, "overdue");
  }
  return out;
}

/** What changes when `next` replaces `before`: per month and cell, the counters' differences (zeros left out). */
export function contributionDelta(before: Contribution, next: Contribution): Contribution {
  const out: Contribution = {};
  const months = new Set([...Object.keys(before), ...Object.keys(next)]);
  for (const m of months) {
    const cells = new Set([...Object.keys(before[m] ?? {}), ...Object.keys(next[m] ?? {})]);
    for (const cell of cells) {
      const a = before[m]?.[cell] ?? {};
      const b = next[m]?.[cell] ?? {};
      for (const counter of COUNTERS) {
        const d = (b[counter] ?? 0) - (a[counter] ?? 0);
        if (d !== 0) ((out[m] ??= {})[cell] ??= {})[counter] = d;
      }
    }
  }
  return out;
}

/** Counters added up: `into` grows by `add`. */
export function addCounters(into: Counters, add: Counters): Counters {
  for (const counter of COUNTERS) {
    const n = add[counter];
    if (n) into[counter] = (into[counter] ?? 0) + n;
  }
  return into;
}
