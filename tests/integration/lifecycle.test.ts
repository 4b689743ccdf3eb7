// The legal life of a case through the API on the embedded stack, with the clock moved:
// objection across National Day, one extension, a hearing pause, review and re-review
// to final, and a new petition on a final matter recorded but not accepted.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS } from "../../shared/durations.js";
import {
  T0,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

type CaseBody = Record<string, any> & { id: string; status: string; version: number };

async function command(id: string, action: string, as: Identity, body: unknown = {}) {
  const res = await stack.call("POST", `/v1/cases/${id}/${action}`, as, body);
  return { status: res.status, body: (await res.json()) as CaseBody };
}

async function handedToHrss(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.call("POST", "/v1/cases", intake, registration(overrides));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as CaseBody;
  expect((await command(id, "route", intake, { kind: "transfer" })).status).toBe(202);
  await stack.drain();
  return id;
}

async function verify(id: string) {
  return (await (await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).json()) as {
    valid: boolean;
    events: number;
  };
}

describe("the petition lifecycle on the embedded stack", () => {
  it("accepts an objection on working day 5 and refuses it on day 6, across the holiday and make-up day", async () => {
    stack.clock.set(T0);
    const onTime = await handedToHrss();
    const late = await handedToHrss();
    stack.clock.set(new Date("2026-10-13T09:00:00Z")); // Tue 10-13 17:00 Shanghai: working day 5
    const accepted = await command(onTime, "object", hrssHandler, {
      reason: "Pensions are the SOE's matter",
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe("disputed");
    stack.clock.set(new Date("2026-10-14T01:30:00Z")); // Wed 10-14 09:30 Shanghai: day 6
    const refused = await command(late, "object", hrssHandler, { reason: "Too late" });
    expect(refused.status).toBe(409);
    // The coordinator resolves the dispute; the router hands it to sasac.
    expect((await command(onTime, "resolve-dispute", coordinator, { to: "sasac" })).status).toBe(202);
    await stack.drain();
    const now = (await (await stack.call("GET", `/v1/cases/${onTime}`, intake)).json()) as CaseBody;
    expect(now).toMatchObject({ status: "transferred", leadAgency: "sasac" });
    expect(await verify(onTime)).toMatchObject({ valid: true });
  });

  it("approves one extension and refuses the second; a hearing pause moves the due date by the paused time", async () => {
    stack.clock.set(T0);
    const id = await handedToHrss();
    const acked = await command(id, "acknowledge", hrssHandler);
    const handle0 = acked.body.clocks.find((k: any) => k.name === "handle");
    expect(handle0.dueAt).toBe("2026-11-30T15:59:59.999Z"); // 60 days from Wed 09-30, Shanghai

    expect((await command(id, "request-extension", hrssHandler, { days: 31, reason: "x" })).status).toBe(422);
    expect(
      (await command(id, "request-extension", hrssHandler, { days: 30, reason: "Awaiting the audit" }))
        .status,
    ).toBe(200);
    expect((await command(id, "approve-extension", hrssHandler, { approve: true })).status).toBe(403);
    const approved = await command(id, "approve-extension", hrssHead, { approve: true });
    expect(approved.status).toBe(200);
    // The period becomes 90 days from acceptance: Tue 2026-12-29.
    expect(approved.body.clocks.find((k: any) => k.name === "handle").dueAt).toBe("2026-12-29T15:59:59.999Z");
    const second = await command(id, "request-extension", hrssHandler, { days: 5, reason: "again" });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ rule: "extension-once" });

    stack.clock.set(new Date("2026-10-20T02:00:00Z"));
    expect(
      (await command(id, "pause", hrssHandler, { reason: "hearing", note: "deputies and lawyers" })).status,
    ).toBe(200);
    expect(
      (
        await command(id, "hearing", hrssHead, {
          at: "2026-10-21T02:00:00Z",
          participants: ["deputies", "lawyers", "worker representatives"],
        })
      ).status,
    ).toBe(200);
    stack.clock.set(new Date("2026-10-24T02:00:00Z")); // four days paused
    const resumed = await command(id, "resume", hrssHandler);
    // 12-29 + 4 days = Sat 2027-01-02, a rest day (2027 has no data yet: weekends only): Mon 01-04.
    const handle = resumed.body.clocks.find((k: any) => k.name === "handle");
    expect(handle).toMatchObject({ state: "running", dueAt: "2027-01-04T15:59:59.999Z" });
    // The local clock keeps running between requests: four days, to within seconds.
    expect(Math.abs(handle.pausedMs - 4 * DAY_MS)).toBeLessThan(5_000);
    expect(await verify(id)).toMatchObject({ valid: true });
  });

  it("routes review and re-review to the right superiors and ends final; a new petition on it is not accepted", async () => {
    stack.clock.set(T0);
    const id = await handedToHrss();
    await command(id, "acknowledge", hrssHandler);
    expect((await command(id, "reply", hrssHandler, { summary: "Paid", text: "Arrears paid." })).status).toBe(
      200,
    );
    expect((await command(id, "request-review", intake, { reason: "Amount wrong" })).status).toBe(200);

    const gov = who("gov", "handler");
    const govView = (await (
      await stack.call("GET", `/v1/cases/${id}?reveal=petitioner`, gov)
    ).json()) as CaseBody;
    expect(govView).toMatchObject({ status: "review_requested", reviewer: "gov" });
    expect(govView.petitioner.name).toBe("王建国"); // the reviewing agency works the case now: it may reveal
    expect((await command(id, "review-opinion", hrssHandler, { decision: "upheld", text: "x" })).status).toBe(
      403,
    );
    expect(
      (await command(id, "review-opinion", gov, { decision: "upheld", text: "The reply stands." })).status,
    ).toBe(200);
    expect((await command(id, "request-re-review", intake, { reason: "Still wrong" })).status).toBe(200);
    const cityGov = who("city-gov", "agency_head");
    const final = await command(id, "re-review-opinion", cityGov, { decision: "upheld", text: "Final." });
    expect(final.body).toMatchObject({ status: "final", reReviewer: "city-gov" });
    expect((await command(id, "reply", hrssHandler, { summary: "x", text: "y" })).status).toBe(409);

    const again = await stack.call("POST", "/v1/cases", intake, registration({ title: "Pensions again" }));
    expect(again.status).toBe(201);
    const repeat = (await again.json()) as CaseBody;
    expect(repeat).toMatchObject({ status: "closed", repeatOf: id });
    const events = (await (await stack.call("GET", `/v1/cases/${repeat.id}/events`, intake)).json()) as {
      items: { type: string; data: { basis?: string } }[];
    };
    expect(events.items.map((e) => e.type)).toEqual(["registered", "not_accepted"]);
    expect(events.items[1]!.data.basis).toMatch(/Art\. 36/);
    for (const c of [id, repeat.id]) expect(await verify(c)).toMatchObject({ valid: true });
  });

  it("offers an open case of the same petitioner and category as a repeat, and links it", async () => {
    stack.clock.set(T0);
    const first = await handedToHrss({ petitioner: { name: "李四", idNumber: "11010519491231002X" } });
    const res = await stack.call(
      "POST",
      "/v1/cases",
      intake,
      registration({ petitioner: { name: "李四", idNumber: "11010519491231002x" } }),
    );
    const second = (await res.json()) as CaseBody;
    expect(second.repeatCandidates).toEqual([first]);
    const other = (await (
      await stack.call(
        "POST",
        "/v1/cases",
        intake,
        registration({ petitioner: { name: "李四", idNumber: "110105194912310039" } }),
      )
    ).json()) as CaseBody;
    expect(other.repeatCandidates).toEqual([]);
    const linked = await command(second.id, "link-repeat", intake, { caseId: first });
    expect(linked.body).toMatchObject({ status: "closed", repeatOf: first });
  });
});
