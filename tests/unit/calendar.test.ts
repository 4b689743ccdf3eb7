import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addWorkingDays, buildCalendar, endOfLocalDay } from "../../shared/domain/calendar.js";
import { computeDueAt, defaultClockRules, type DeadlinePolicy } from "../../shared/domain/deadlines.js";
import { calendarYears } from "../../shared/app/deps.js";

const cn = buildCalendar("Asia/Shanghai", calendarYears);
const policy: DeadlinePolicy = { calendar: cn, clocks: defaultClockRules, restDayRollsForward: true };

describe("the 2026 mainland China calendar", () => {
  it("knows holidays, weekends and make-up working days", () => {
    expect(cn.isWorkingDay("2026-10-01")).toBe(false); // National Day
    expect(cn.isWorkingDay("2026-10-10")).toBe(true); // make-up Saturday
    expect(cn.isWorkingDay("2026-10-11")).toBe(false); // ordinary Sunday
    expect(cn.isWorkingDay("2026-09-30")).toBe(true);
    expect(cn.isWorkingDay("2026-02-14")).toBe(true); // Spring Festival make-up Saturday
    expect(cn.isWorkingDay("2026-02-16")).toBe(false);
  });

  it("runs a 5-working-day objection period from Wed 2026-09-30 to the end of Tue 2026-10-13, Shanghai time", () => {
    // Day of receipt not counted; 10-01..10-07 holiday; 10-08, 10-09, 10-10 (make-up), 10-12, 10-13.
    const received = new Date("2026-09-30T02:00:00Z");
    const { dueAt, yearsWithoutData } = computeDueAt(policy, received, 5, "working");
    expect(dueAt.toISOString()).toBe("2026-10-13T15:59:59.999Z");
    expect(yearsWithoutData).toEqual([]);
  });

  it("moves a calendar-day period ending on a rest day to the next working day", () => {
    // 2026-09-20 + 15 days = 2026-10-05, inside the holiday: it ends on Thu 2026-10-08.
    const { dueAt } = computeDueAt(policy, new Date("2026-09-20T04:00:00Z"), 15, "calendar");
    expect(dueAt.toISOString()).toBe(endOfLocalDay("2026-10-08", "Asia/Shanghai").toISOString());
    const fixed = computeDueAt(
      { ...policy, restDayRollsForward: false },
      new Date("2026-09-20T04:00:00Z"),
      15,
      "calendar",
    );
    expect(fixed.dueAt.toISOString()).toBe("2026-10-05T15:59:59.999Z");
  });

  it("counts a local day by Shanghai time, not UTC", () => {
    // 2026-09-30T20:00Z is already Thu 10-01 04:00 in Shanghai.
    const { dueAt } = computeDueAt(policy, new Date("2026-09-30T20:00:00Z"), 1, "calendar");
    expect(dueAt.toISOString()).toBe(endOfLocalDay("2026-10-08", "Asia/Shanghai").toISOString());
  });

  it("says which years it had no data for", () => {
    const { yearsWithoutData } = computeDueAt(policy, new Date("2026-12-01T02:00:00Z"), 60, "calendar");
    expect(yearsWithoutData).toEqual([2027]);
  });

  const day = fc
    .date({
      min: new Date("2026-01-01T00:00:00Z"),
      max: new Date("2027-12-31T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it("property: adding n working days lands on a working day, after the start", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const end = addWorkingDays(cn, start, n);
        expect(cn.isWorkingDay(end)).toBe(true);
        expect(end > start).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("property: on a calendar without rest days, working and calendar days agree", () => {
    const everyDay = { timeZone: "Asia/Shanghai", isWorkingDay: () => true, hasYear: () => true };
    const flat: DeadlinePolicy = { calendar: everyDay, clocks: defaultClockRules, restDayRollsForward: true };
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 90 }), (start, n) => {
        const at = endOfLocalDay(start, "Asia/Shanghai");
        expect(computeDueAt(flat, at, n, "working").dueAt).toEqual(
          computeDueAt(flat, at, n, "calendar").dueAt,
        );
        expect(addWorkingDays(everyDay, start, n)).toBe(addDays(start, n));
      }),
      { numRuns: 300 },
    );
  });
});

describe("per-jurisdiction clock rules", () => {
  it("lets a jurisdiction count a clock in working days with its own length", async () => {
    const { policyFor } = await import("../../shared/app/deps.js");
    const { startClock } = await import("../../shared/domain/deadlines.js");
    const county = policyFor({
      timeZone: "Asia/Shanghai",
      clocks: { acknowledge: { length: 10, unit: "working" } },
      restDayRollsForward: true,
    });
    const { clock } = startClock(county, "acknowledge", "hrss", new Date("2026-09-30T02:00:00Z"));
    // 10 working days from Wed 09-30: 10-08, 09, 10 (make-up), 12, 13, 14, 15, 16, 19, 20.
    expect(clock).toMatchObject({ unit: "working", length: 10, dueAt: "2026-10-20T15:59:59.999Z" });
    expect(startClock(policyFor(), "acknowledge", "hrss", new Date("2026-09-30T02:00:00Z")).clock.dueAt).toBe(
      "2026-10-15T15:59:59.999Z",
    );
  });
});

describe("calendar data", () => {
  it("learns a year from data alone: a 2027 entry turns its holidays into rest days", () => {
    const y2027 = {
      jurisdiction: "CN",
      year: 2027,
      timeZone: "Asia/Shanghai",
      source: "test entry",
      holidays: [{ name: "元旦", from: "2027-01-01", to: "2027-01-03" }],
      makeUpWorkdays: [],
    };
    const before = buildCalendar("Asia/Shanghai", calendarYears);
    const after = buildCalendar("Asia/Shanghai", [...calendarYears, y2027]);
    expect(before.hasYear(2027)).toBe(false);
    expect(before.isWorkingDay("2027-01-01")).toBe(true); // a Friday, weekends only
    expect(after.hasYear(2027)).toBe(true);
    expect(after.isWorkingDay("2027-01-01")).toBe(false);
  });

  it("holds only well-formed years: dates in their year, ranges in order, make-up days on weekends, each with its source", () => {
    const isDate = (d: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    const years = calendarYears.map((y) => y.year);
    expect(new Set(years).size).toBe(years.length);
    for (const y of calendarYears) {
      expect(y.source.length, `${y.year} source`).toBeGreaterThan(10);
      for (const h of y.holidays) {
        expect(isDate(h.from) && isDate(h.to), `${y.year} ${h.name}`).toBe(true);
        expect(h.from <= h.to && h.from.startsWith(String(y.year)), `${y.year} ${h.name}`).toBe(true);
      }
      for (const m of y.makeUpWorkdays) {
        expect(isDate(m.date), m.date).toBe(true);
        expect([0, 6], `${m.date} is a weekend day`).toContain(new Date(`${m.date}T00:00:00Z`).getUTCDay());
        expect(
          y.holidays.some((h) => h.from <= m.date && m.date <= h.to),
          `${m.date} is not also a holiday`,
        ).toBe(false);
      }
    }
  });
});
