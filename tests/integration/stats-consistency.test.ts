// The counters under random lifecycles and faults: the model-based test's steps (commands by
// random people, the clock moved, the schedules run) on several cases, while the stats
// function crashes before or after its work and has records delivered twice. Afterwards every
// counter item must equal a recount — from the cases' own states, cell by cell and month by
// month, and from their audit trails for every counter an event records.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
import { HOUR_MS } from "../../shared/durations.js";
import type { StreamHandler } from "../../infra/local/stream-poller.js";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";
import { actors, resolveStep, step, type Step } from "../support/lifecycle-model.js";

/** A small deterministic generator, so a failing run can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const faults = { crashedBefore: 0, crashedAfter: 0, duplicated: 0, batches: 0 };
const random = prng(20261129);
/** The faults Lambda meets: a crash before the work, a crash after it (the batch comes again), a batch delivered twice. */
const faulty =
  (handler: StreamHandler): StreamHandler =>
  async (event, context) => {
    faults.batches++;
    const roll = random();
    if (roll < 0.15) {
      faults.crashedBefore++;
      throw new Error("injected: crashed before counting");
    }
    const answer = await handler(event, context);
    if (roll < 0.3) {
      faults.crashedAfter++;
      throw new Error("injected: crashed after counting");
    }
    if (roll < 0.45) {
      faults.duplicated++;
      return handler(event, context);
    }
    return answer;
  };

let stack: TestStack;
useTestStack(
  (s) => {
    stack = s;
  },
  { wrapStatsHandler: faulty },
);

const created: string[] = [];
const variants = [
  {},
  { category: "environment", channel: "online", region: "xiangshan" },
  { category: "soe-restructuring", channel: "letter", headcount: 40 },
];

async function take(id: string, s: Step): Promise<void> {
  if (s.kind === "advance") stack.clock.advance(s.hours * HOUR_MS);
  else if (s.kind === "tick") await stack.tick();
  else if (s.kind === "command") {
    await stack.call("POST", `/v1/cases/${id}/${s.command}`, actors[s.actor], s.input);
    await stack.drain();
  }
}

async function caseAndEvents(id: string): Promise<{ c: Case; events: CaseEvent[] }> {
  const c = (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as Case;
  const events: CaseEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = (await (
      await stack.call(
        "GET",
        `/v1/cases/${id}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        intake,
      )
    ).json()) as { items: CaseEvent[]; nextCursor?: string };
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { c, events };
}

const nonZero = (c: Counters) => Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0));

describe("the counters under random lifecycles and faults", () => {
  it("runs random lifecycles while the stats function crashes and sees records twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(variants.length - 1),
        fc.array(step, { minLength: 4, maxLength: 25 }),
        async (v, steps) => {
          const res = await stack.call("POST", "/v1/cases", intake, registration(variants[v]));
          const id = ((await res.json()) as { id: string }).id;
          created.push(id);
          for (const planned of steps) {
            const s = await resolveStep(stack, id, planned);
            if (s) await take(id, s);
          }
        },
      ),
      { numRuns: 20, seed: 20261129 },
    );
    // Every batch that failed is read again until it passes.
    for (let i = 0; i < 20; i++) await stack.stats.drain();
    expect(faults.crashedBefore + faults.crashedAfter + faults.duplicated).toBeGreaterThan(5);
  }, 300_000);

  it("holds, in every counter item, exactly the recount from the cases' states", async () => {
    const tz = stack.deps.policy.calendar.timeZone;
    const expected = new Map<string, Counters>();
    for (const id of created) {
      const { c } = await caseAndEvents(id);
      for (const [month, cells] of Object.entries(caseContribution(c, tz)))
        for (const [cell, counters] of Object.entries(cells)) {
          const key = `${month} ${cell}`;
          expected.set(key, addCounters(expected.get(key) ?? {}, counters));
        }
    }
    // Every month of the runs, the gauges, and each day a petition was received on.
    const days = new Set([...expected.keys()].map((k) => k.split(" ")[0]!).filter((m) => m.startsWith("D")));
    const months = [...monthsBetween("2026-09", "2027-12"), NOW_MONTH, ...days];
    const held = new Map<string, Counters>();
    for (const month of months) {
      const { cells } = await stack.deps.store.readStats(month, { kind: "cells" });
      const total = (await stack.deps.store.readStats(month, { kind: "total" })).cells[0]?.counters ?? {};
      const summed: Counters = {};
      for (const cell of cells) {
        held.set(`${month} ${DIMENSIONS.map((d) => cell.key[d]).join("|")}`, cell.counters);
        addCounters(summed, cell.counters);
      }
      // The month's totals and each dimension's items add up to its cells.
      expect(nonZero(total), `${month} totals`).toEqual(nonZero(summed));
      for (const dimension of DIMENSIONS) {
        const items = (await stack.deps.store.readStats(month, { kind: "dimension", dimension })).cells;
        const bySum = new Map<string, Counters>();
        for (const cell of cells) {
          const value = cellKeyOf(DIMENSIONS.map((d) => cell.key[d]).join("|"))[dimension];
          bySum.set(value, addCounters(bySum.get(value) ?? {}, cell.counters));
        }
        expect(
          Object.fromEntries(items.map((i) => [i.key[dimension], nonZero(i.counters)])),
          `${month} by ${dimension}`,
        ).toEqual(Object.fromEntries([...bySum].map(([k, c]) => [k, nonZero(c)])));
      }
    }
    expect(Object.fromEntries(held)).toEqual(
      Object.fromEntries(
        [...expected].map(([k, c]) => [k, nonZero(c)] as const).filter(([, c]) => Object.keys(c).length > 0),
      ),
    );
  }, 120_000);

  it("agrees with the audit trails on every counter an event records", async () => {
    const fromEvents: Partial<Record<Counter, number>> = {};
    const plus = (counter: Counter) => {
      fromEvents[counter] = (fromEvents[counter] ?? 0) + 1;
    };
    for (const id of created) {
      const { events } = await caseAndEvents(id);
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
    const totals: Counters = {};
    for (const month of monthsBetween("2026-09", "2027-12"))
      addCounters(
        totals,
        (await stack.deps.store.readStats(month, { kind: "total" })).cells[0]?.counters ?? {},
      );
    for (const counter of Object.keys(fromEvents) as Counter[])
      expect(totals[counter] ?? 0, counter).toBe(fromEvents[counter]);
    expect(fromEvents.received).toBe(created.length);
    console.info(
      `stats consistency: ${created.length} cases, faults ${JSON.stringify(faults)}, recounted ${JSON.stringify(fromEvents)}`,
    );
  }, 120_000);
});
