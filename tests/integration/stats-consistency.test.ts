// The counters under random lifecycles and faults: the model-based test's steps (commands by
// random people, the clock moved, the schedules run) on several cases, while the stats
// function crashes before or after its work and has records delivered twice. Afterwards every
// counter item must equal a recount — from the cases' own states, cell by cell and month by
// month, and from their audit trails for every counter an event records.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import { HOUR_MS } from "../../shared/durations.js";
import type { StreamHandler } from "../../infra/local/stream-poller.js";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";
import { actors, resolveStep, step, type Step } from "../support/lifecycle-model.js";
import { eventCounterMismatches, recountMismatches } from "../support/stats-recount.js";

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
    const cases = [];
    for (const id of created) cases.push((await caseAndEvents(id)).c);
    expect(await recountMismatches(stack.deps.store, cases, stack.deps.policy.calendar.timeZone)).toEqual([]);
  }, 120_000);

  it("agrees with the audit trails on every counter an event records", async () => {
    const histories = [];
    for (const id of created) histories.push(await caseAndEvents(id));
    const { problems, fromEvents } = await eventCounterMismatches(stack.deps.store, histories);
    expect(problems).toEqual([]);
    expect(fromEvents.received).toBe(created.length);
    console.info(
      `stats consistency: ${created.length} cases, faults ${JSON.stringify(faults)}, recounted ${JSON.stringify(fromEvents)}`,
    );
  }, 120_000);
});
