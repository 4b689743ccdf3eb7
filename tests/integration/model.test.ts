// Model-based test: random command sequences by random roles, with the clock moved and
// the schedules run, against the real handlers on DynamoDB Local and the SQS emulator.
// After every step the case must satisfy the lifecycle's invariants; over all runs the
// walks must reach at least seven statuses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TERMINAL_STATUSES } from "../../shared/domain/lifecycle.js";
import { STATUSES, type Case, type CaseEvent, type Status } from "../../shared/domain/model.js";
import { HOUR_MS } from "../../shared/durations.js";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";
import { actors, resolveStep, step, type Step } from "../support/lifecycle-model.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const UNCHANGED_BY: ReadonlySet<string> = new Set(["note", "rate"]);
const LEAD_REQUIRED: ReadonlySet<Status> = new Set([
  "accepted",
  "replied",
  "review_requested",
  "reviewed",
  "re_review_requested",
  "final",
]);

async function read(id: string): Promise<{ c: Case; events: CaseEvent[] }> {
  const c = (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as Case;
  const events = (
    (await (await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake)).json()) as {
      items: CaseEvent[];
    }
  ).items;
  return { c, events };
}

/** The last due time the audit trail records for each clock. */
function dueAtFromEvents(events: CaseEvent[]): Map<string, string> {
  const due = new Map<string, string>();
  for (const e of events) {
    const clocks = e.data.clocks as { started?: { name: string; dueAt: string }[] } | undefined;
    for (const s of clocks?.started ?? []) due.set(s.name, s.dueAt);
    if (e.type === "clock_resumed") due.set(e.data.clock as string, e.data.dueAt as string);
    if (e.type === "extension_approved")
      for (const name of ["handle", "report_back"])
        if (e.data[`${name}DueAt`]) due.set(name, e.data[`${name}DueAt`] as string);
  }
  return due;
}

let runs = 0;
let commands = 0;
const applied = new Map<string, number>();
const reached = new Set<string>();

async function newCase(): Promise<string> {
  const created = await stack.call("POST", "/v1/cases", intake, registration());
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** Take one step; a command's status (200 for the clock and the schedules). A command answers as the API promises. */
async function take(id: string, s: Step): Promise<number> {
  if (s.kind === "advance") stack.clock.advance(s.hours * HOUR_MS);
  else if (s.kind === "tick") await stack.tick();
  else if (s.kind === "command") {
    commands++;
    const res = await stack.call("POST", `/v1/cases/${id}/${s.command}`, actors[s.actor], s.input);
    if (res.status < 300) applied.set(s.command, (applied.get(s.command) ?? 0) + 1);
    expect([200, 202, 403, 404, 409, 422]).toContain(res.status);
    if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
    await stack.drain();
    return res.status;
  }
  return 200;
}

/** The lifecycle's invariants over the case before and after a step; the case after. */
async function expectInvariants(id: string, before: Case, s: Step, answer: number): Promise<Case> {
  const { c, events } = await read(id);
  expect(STATUSES).toContain(c.status);
  if (LEAD_REQUIRED.has(c.status)) {
    expect(c.leadAgency).toEqual(expect.any(String));
    expect(c.cohandlers).not.toContain(c.leadAgency);
  }
  if (TERMINAL_STATUSES.has(before.status)) {
    expect(c.status).toBe(before.status);
    expect(c.clocks).toEqual(before.clocks);
    if (s.kind === "command" && !UNCHANGED_BY.has(s.command)) expect(answer).toBeGreaterThanOrEqual(400);
  }
  if (answer >= 400) expect(c.version).toBe(before.version);
  const recorded = dueAtFromEvents(events);
  for (const clock of c.clocks) expect(clock.dueAt).toBe(recorded.get(clock.name));
  const verdict = (await (await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).json()) as {
    valid: boolean;
  };
  expect(verdict.valid).toBe(true);
  return c;
}

describe("the lifecycle under random commands", () => {
  it("keeps its invariants through every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        runs++;
        const id = await newCase();
        for (const planned of steps) {
          const before = (await read(id)).c;
          const s = await resolveStep(stack, id, planned);
          if (!s) continue;

          const answer = await take(id, s);

          const after = await expectInvariants(id, before, s, answer);
          reached.add(after.status);
        }
      }),
      { numRuns: 30, seed: 20261126 },
    ); // a fixed seed: the coverage check below must not depend on luck
  }, 240_000);

  it("reaches deep into the lifecycle, not bouncing off 403s", () => {
    console.info(
      `model-based test: ${runs} runs, ${commands} commands, applied ${JSON.stringify(Object.fromEntries(applied))}, statuses reached ${[...reached].sort().join(" ")}`,
    );

    expect(reached.size).toBeGreaterThanOrEqual(7);
  });
});
