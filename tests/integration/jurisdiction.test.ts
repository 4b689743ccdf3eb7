// The jurisdiction's calendar and thresholds on the embedded stack: read by everyone, set
// by the bureau's coordinator under If-Match (428 without, 412 stale, 403 to others, 422 with
// each field's issue); a year entered moves the open clocks that run into it, at the
// sweeper's next run, each move an event on its case; lowered thresholds escalate at once.
import { describe, expect, it } from "vitest";
import { recountAfterChanges } from "../../shared/app/recount.js";
import { verifyJurisdictionTrail } from "../../shared/domain/jurisdiction-audit.js";
import { DAY_MS as DAY } from "../../shared/durations.js";
import {
  T0,
  auditor,
  coordinator,
  hrssHandler,
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

type Json = Record<string, any>;
const body = async (res: Response) => (await res.json()) as Json;

const year2027 = {
  source: "国务院办公厅关于2027年部分节假日安排的通知 (test)",
  holidays: [{ name: "元旦 New Year's Day", from: "2027-01-01", to: "2027-01-03" }],
  makeUpWorkdays: [],
};

async function caseOf(id: string) {
  return body(await stack.call("GET", `/v1/cases/${id}`, intake));
}
async function eventsOf(id: string) {
  return (await body(await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake))).items as Json[];
}
/** A case transferred to hrss, its acknowledge and object clocks started at the handoff. */
async function transferredCase(): Promise<string> {
  const { id } = await body(await stack.call("POST", "/v1/cases", intake, registration()));
  await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
  await stack.drain();
  return id as string;
}

describe("thresholds", () => {
  it("serves the defaults at version 0 to every role, and refuses a change without If-Match, stale, or from a non-coordinator", async () => {
    stack.clock.set(T0);
    const read = await stack.call("GET", "/v1/thresholds", auditor);
    const t = await body(read);
    const change = { escalation: { ...t.escalation, warnDaysLeft: 2 }, hotspot: t.hotspot };

    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"0"');
    expect(t.escalation).toEqual({
      warnFraction: 0.8,
      warnDaysLeft: 3,
      listedSupervisionAfterDays: 7,
      meetingAfterDays: 15,
      disputeToMeetingWorkingDays: 5,
    });
    expect(t.hotspot.threshold).toBe(3);
    expect((await stack.call("PUT", "/v1/thresholds", coordinator, change)).status).toBe(428);
    expect(
      (await stack.call("PUT", "/v1/thresholds", coordinator, change, { "if-match": '"5"' })).status,
    ).toBe(412);
    expect((await stack.call("PUT", "/v1/thresholds", intake, change, { "if-match": '"0"' })).status).toBe(
      403,
    );
    expect(
      (await stack.call("PUT", "/v1/thresholds", hrssHandler, change, { "if-match": '"0"' })).status,
    ).toBe(403);
  });

  it("answers 422 naming each field that breaks a rule", async () => {
    const t = await body(await stack.call("GET", "/v1/thresholds", coordinator));
    const res = await stack.call(
      "PUT",
      "/v1/thresholds",
      coordinator,
      {
        escalation: { ...t.escalation, warnFraction: 1, meetingAfterDays: 5 },
        hotspot: { ...t.hotspot, threshold: 0 },
      },
      { "if-match": '"0"' },
    );
    const problem = await body(res);

    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(problem.issues.map((i: Json) => i.path).sort()).toEqual([
      "escalation.meetingAfterDays",
      "escalation.warnFraction",
      "hotspot.threshold",
    ]);
  });

  it("escalates at the lowered listed-supervision threshold: a case overdue by 4 days reaches L2 at the next run", async () => {
    stack.clock.set(T0);
    const id = await transferredCase();
    const due = Date.parse((await caseOf(id)).clocks.find((k: Json) => k.name === "acknowledge").dueAt);
    stack.clock.set(new Date(due + 1000));
    await stack.tick();
    expect((await caseOf(id)).escalation.level).toBe(1);

    const t = await body(await stack.call("GET", "/v1/thresholds", coordinator));
    const set = await stack.call(
      "PUT",
      "/v1/thresholds",
      coordinator,
      { escalation: { ...t.escalation, listedSupervisionAfterDays: 3 }, hotspot: t.hotspot },
      { "if-match": '"0"' },
    );
    expect(set.status).toBe(200);
    expect(set.headers.get("etag")).toBe('"1"');
    stack.clock.set(new Date(due + 4 * DAY));
    await stack.tick();

    const after = await caseOf(id);
    expect(after.escalation).toMatchObject({ level: 2, supervised: true });
    expect((await eventsOf(id)).filter((e) => e.type === "listed_supervision")).toHaveLength(1);
    expect(
      (await body(await stack.call("GET", "/v1/thresholds", auditor))).escalation.listedSupervisionAfterDays,
    ).toBe(3);
  });
});

describe("calendars", () => {
  it("lists the shipped 2026 at version 0, and refuses a year without If-Match, stale, or from a non-coordinator", async () => {
    const read = await stack.call("GET", "/v1/calendars", hrssHandler);
    const cal = await body(read);

    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"0"');
    expect(cal.years.map((y: Json) => [y.year, y.origin])).toEqual([[2026, "shipped"]]);
    expect((await stack.call("PUT", "/v1/calendars/2027", coordinator, year2027)).status).toBe(428);
    expect(
      (await stack.call("PUT", "/v1/calendars/2027", coordinator, year2027, { "if-match": '"1"' })).status,
    ).toBe(412);
    expect(
      (await stack.call("PUT", "/v1/calendars/2027", auditor, year2027, { "if-match": '"0"' })).status,
    ).toBe(403);
    expect(
      (
        await stack.call("PUT", "/v1/calendars/2027", who("bureau", "intake"), year2027, {
          "if-match": '"0"',
        })
      ).status,
    ).toBe(403);
  });

  it("answers 422 naming each field that breaks a rule, and the year out of range", async () => {
    const bad = {
      source: " ",
      holidays: [
        { name: "A", from: "2027-05-01", to: "2027-05-05" },
        { name: "", from: "2027-05-04", to: "2027-05-06" },
        { name: "C", from: "2027-10-07", to: "2027-10-01" },
        { name: "D", from: "2028-01-01", to: "2028-01-01" },
      ],
      makeUpWorkdays: [
        { date: "2027-04-28", for: "A" },
        { date: "2027-05-02", for: "A" },
      ],
    };
    const res = await stack.call("PUT", "/v1/calendars/2027", coordinator, bad, { "if-match": '"0"' });
    const problem = await body(res);
    const outOfRange = await stack.call("PUT", "/v1/calendars/1999", coordinator, year2027, {
      "if-match": '"0"',
    });

    expect(res.status).toBe(422);
    expect(problem.issues.map((i: Json) => i.path).sort()).toEqual([
      "holidays.1.from",
      "holidays.1.name",
      "holidays.2.to",
      "holidays.3.from",
      "holidays.3.to",
      "makeUpWorkdays.0.date",
      "makeUpWorkdays.1.date",
      "source",
    ]);
    expect(outOfRange.status).toBe(422);
    expect((await body(outOfRange)).issues[0].path).toBe("year");
  });

  it("recounts a working-day clock that ran into 2027 without data once 2027 is entered, as an event on the case, once", async () => {
    stack.clock.set(new Date("2026-12-28T02:00:00Z")); // a Monday
    const id = await transferredCase();
    const before = (await caseOf(id)).clocks.find((k: Json) => k.name === "object");
    // Weekends only in 2027: Dec 29, 30, 31, Fri Jan 1, Mon Jan 4.
    expect(before.dueAt).toBe("2027-01-04T15:59:59.999Z");
    expect(before.calendarWarning).toMatch(/2027/);

    const put = await stack.call("PUT", "/v1/calendars/2027", coordinator, year2027, { "if-match": '"0"' });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toBe('"1"');
    // Entered, not yet recounted: the case moves at the sweeper's run.
    expect((await caseOf(id)).clocks.find((k: Json) => k.name === "object").dueAt).toBe(before.dueAt);
    await stack.tick();

    const after = (await caseOf(id)).clocks.find((k: Json) => k.name === "object");
    // Jan 1 is now a holiday: Dec 29, 30, 31, Jan 4, Jan 5.
    expect(after.dueAt).toBe("2027-01-05T15:59:59.999Z");
    expect(after.calendarWarning).toBeUndefined();
    const moved = (await eventsOf(id)).filter((e) => e.type === "calendar_changed");
    expect(moved.find((e) => e.data.clock === "object")?.data).toEqual({
      clock: "object",
      from: "2027-01-04T15:59:59.999Z",
      to: "2027-01-05T15:59:59.999Z",
      year: 2027,
      calendarVersion: 1,
    });
    expect(moved.every((e) => e.actor === "system:sweeper")).toBe(true);
    expect((await body(await stack.call("GET", `/v1/cases/${id}/events/verify`, intake))).valid).toBe(true);

    const count = (await eventsOf(id)).length;
    await stack.tick();
    expect((await eventsOf(id)).length).toBe(count);
  });

  it("lists 2027 as stored, and starts new clocks on it at once", async () => {
    const cal = await body(await stack.call("GET", "/v1/calendars", auditor));
    const id = await transferredCase();

    expect(cal.version).toBe(1);
    expect(cal.years.find((y: Json) => y.year === 2027)).toMatchObject({
      origin: "stored",
      holidays: year2027.holidays,
      updatedBy: coordinator.sub,
    });
    expect((await caseOf(id)).clocks.find((k: Json) => k.name === "object").calendarWarning).toBeUndefined();
  });

  it("records each change on the jurisdiction's hash-chained trail: who, when, what, no petitioner", async () => {
    const trail = (await stack.deps.store.listJurisdictionEvents({ limit: 100 })).items;
    const calendarHistory = await stack.call("GET", "/v1/calendars/history", auditor);
    const thresholdHistory = await stack.call("GET", "/v1/thresholds/history", coordinator);

    expect((await body(calendarHistory)).items.map((e: Json) => e.type)).toEqual(["calendar.year-set"]);
    expect((await body(thresholdHistory)).items.map((e: Json) => e.type)).toEqual(["thresholds.changed"]);
    expect((await stack.call("GET", "/v1/calendars/history", hrssHandler)).status).toBe(403);

    expect(verifyJurisdictionTrail(trail).valid).toBe(true);
    expect(trail.map((e) => e.type)).toEqual(["thresholds.changed", "calendar.year-set"]);
    expect(trail[0]).toMatchObject({ actor: coordinator.sub, agency: "bureau", role: "coordinator" });
    expect(trail[0]!.data.changes).toEqual([
      { field: "escalation.listedSupervisionAfterDays", from: 7, to: 3 },
    ]);
    expect(trail[1]!.data).toMatchObject({
      year: 2027,
      versionBefore: 0,
      versionAfter: 1,
      replaced: "none",
      holidays: { added: ["元旦 New Year's Day 2027-01-01–2027-01-03"], removed: [] },
    });
  });
});

describe("a recount cut short", () => {
  it("loses nothing and applies nothing twice: a page at a time, a run killed mid-page, then the rest", async () => {
    stack.clock.set(new Date("2026-12-28T03:00:00Z"));
    const ids = [await transferredCase(), await transferredCase(), await transferredCase()];
    const objectDue = async (id: string) =>
      (await caseOf(id)).clocks.find((k: Json) => k.name === "object").dueAt as string;
    expect(await Promise.all(ids.map(objectDue))).toEqual(Array(3).fill("2027-01-05T15:59:59.999Z"));
    // A correction: Monday Jan 4 rests too.
    const corrected = {
      ...year2027,
      holidays: [{ name: "元旦 New Year's Day", from: "2027-01-01", to: "2027-01-04" }],
    };
    expect(
      (await stack.call("PUT", "/v1/calendars/2027", coordinator, corrected, { "if-match": '"1"' })).status,
    ).toBe(200);

    const first = await recountAfterChanges(stack.deps, { pageSize: 1, maxPages: 1 });
    const [job] = await stack.deps.store.pendingJobs();
    let commits = 0;
    const killed = {
      ...stack.deps,
      store: {
        ...stack.deps.store,
        commit: async (...args: Parameters<typeof stack.deps.store.commit>) => {
          if (commits++ >= 1) throw new Error("killed");
          return stack.deps.store.commit(...args);
        },
      },
    };
    await expect(recountAfterChanges(killed, { pageSize: 2, maxPages: 1000 })).rejects.toThrow("killed");
    await stack.tick();

    expect(first.pages).toBe(1);
    expect(job).toMatchObject({ kind: "calendar", year: 2027 });
    expect(await stack.deps.store.pendingJobs()).toEqual([]);
    for (const id of ids) {
      expect(await objectDue(id)).toBe("2027-01-06T15:59:59.999Z");
      const moves = (await eventsOf(id)).filter(
        (e) => e.type === "calendar_changed" && e.data.clock === "object",
      );
      expect(moves.map((e) => [e.data.from, e.data.to, e.data.calendarVersion])).toEqual([
        ["2027-01-05T15:59:59.999Z", "2027-01-06T15:59:59.999Z", 2],
      ]);
      expect((await body(await stack.call("GET", `/v1/cases/${id}/events/verify`, intake))).valid).toBe(true);
    }
    const counts = await Promise.all(ids.map(async (id) => (await eventsOf(id)).length));
    await stack.tick();
    expect(await Promise.all(ids.map(async (id) => (await eventsOf(id)).length))).toEqual(counts);
  });
});
