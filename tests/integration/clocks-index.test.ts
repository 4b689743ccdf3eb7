// The clocks index (a calendar year's recount reads it) on the embedded stack: a case stays
// filed while it has no clock going but has not ended — in transit to its lead agency —
// instead of leaving the index at the route and coming back with the handoff, and leaves
// it when it closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../shared/durations.js";
import { DEADLINE_SHARDS } from "../../shared/resources.js";
import {
  hrssHandler,
  hrssHead,
  intake,
  registration,
  testStack,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack.stop());

/** Whether the recount of `year` would read the case. */
async function filedFrom(year: number, caseId: string): Promise<boolean> {
  for (let shard = 0; shard < DEADLINE_SHARDS; shard++) {
    let cursor: string | undefined;
    do {
      const page = await stack.deps.store.caseIdsWithClocksDueFrom(shard, year, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      if (page.items.includes(caseId)) return true;
      cursor = page.nextCursor;
    } while (cursor);
  }
  return false;
}

describe("clocks index", () => {
  it("keeps a case in transit filed, and lets a closed case go", async () => {
    const year = stack.clock.now().getUTCFullYear();
    const created = await stack.call("POST", "/v1/cases", intake, registration());
    const { id } = (await created.json()) as { id: string };
    expect(await filedFrom(year, id)).toBe(true);

    expect((await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" })).status).toBe(
      202,
    );
    // Routed, not yet applied: the route clock has stopped and no other clock has started.
    const inTransit = (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as {
      status: string;
      clocks: { stoppedAt?: string }[];
    };
    expect([inTransit.status, inTransit.clocks.every((k) => k.stoppedAt)]).toEqual(["routing", true]);
    expect(await filedFrom(year, id)).toBe(true);

    await stack.drain();
    expect(await filedFrom(year, id)).toBe(true);
    expect((await stack.call("POST", `/v1/cases/${id}/acknowledge`, hrssHandler, {})).status).toBe(200);
    expect(
      (
        await stack.call("POST", `/v1/cases/${id}/reply`, hrssHead, {
          summary: "Paid",
          text: "Paid in full.",
        })
      ).status,
    ).toBe(200);
    stack.clock.advance(40 * DAY_MS);
    await stack.tick();
    const closed = (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as { status: string };
    expect(closed.status).toBe("closed");
    expect(await filedFrom(year, id)).toBe(false);
  });
});
