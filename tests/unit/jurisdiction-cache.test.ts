import { describe, expect, it } from "vitest";
import { calendarYears } from "../../shared/app/deps.js";
import { JURISDICTION_TTL_MS, JurisdictionCache } from "../../shared/app/jurisdiction-cache.js";
import { ControlledClock } from "../../shared/clock.js";
import { EMPTY_CALENDAR, type StoredCalendar } from "../../shared/domain/calendar-data.js";
import { demoJurisdictionTime } from "../../shared/domain/demo-county.js";
import { defaultThresholds, type StoredThresholds } from "../../shared/domain/thresholds.js";

const year2027: StoredCalendar = {
  version: 1,
  years: {
    2027: {
      source: "s",
      holidays: [{ name: "元旦", from: "2027-01-01", to: "2027-01-03" }],
      makeUpWorkdays: [],
      updatedAt: "",
      updatedBy: "",
    },
  },
};

/** A clock that moves only when told to. */
const frozen = () => new ControlledClock(0, { now: () => new Date("2026-11-20T02:00:00Z") });

/** What the cache reads: the stored calendar and thresholds as this test sets them, and how often it was asked. */
function storeHolding() {
  const held: { calendar: StoredCalendar; thresholds?: StoredThresholds; reads: number } = {
    calendar: EMPTY_CALENDAR,
    reads: 0,
  };
  const store = {
    getJurisdiction: async () => {
      held.reads += 1;
      return { calendar: held.calendar, ...(held.thresholds ? { thresholds: held.thresholds } : {}) };
    },
  };
  return { held, store };
}

describe("the jurisdiction cache", () => {
  it("counts with the shipped calendar and the defaults until it first reads the store, then with the stored years over them", async () => {
    const { held, store } = storeHolding();
    const cache = new JurisdictionCache(store, frozen(), demoJurisdictionTime, calendarYears);
    held.calendar = year2027;

    expect(cache.policy.calendar.hasYear(2027)).toBe(false);
    expect(cache.escalation).toEqual(defaultThresholds.escalation);
    await cache.refresh();
    expect(cache.policy.calendar.hasYear(2026)).toBe(true);
    expect(cache.policy.calendar.hasYear(2027)).toBe(true);
    expect(cache.policy.calendar.isWorkingDay("2027-01-01")).toBe(false);
  });

  it("reads again only after its TTL (or when the clock went back), one read for refreshes at once", async () => {
    const { held, store } = storeHolding();
    const clock = frozen();
    const cache = new JurisdictionCache(store, clock, demoJurisdictionTime, calendarYears);
    await Promise.all([cache.refresh(), cache.refresh(), cache.refresh()]);
    expect(held.reads).toBe(1);

    held.thresholds = {
      ...defaultThresholds,
      escalation: { ...defaultThresholds.escalation, listedSupervisionAfterDays: 3 },
      version: 1,
    };
    clock.advance(JURISDICTION_TTL_MS - 1);
    await cache.refresh();
    expect(cache.escalation.listedSupervisionAfterDays).toBe(7);
    clock.advance(1);
    await cache.refresh();
    expect(cache.escalation.listedSupervisionAfterDays).toBe(3);
    clock.advance(-1000);
    await cache.refresh();
    expect(held.reads).toBe(3);
  });

  it("holds a change this instance stored at once, without a read", async () => {
    const { held, store } = storeHolding();
    const cache = new JurisdictionCache(store, frozen(), demoJurisdictionTime, calendarYears);
    await cache.refresh();
    cache.accept({ calendar: year2027 });

    expect(cache.policy.calendar.hasYear(2027)).toBe(true);
    expect(cache.rules.calendar.version).toBe(1);
    expect(held.reads).toBe(1);
  });

  it("keeps the rules it had when a read fails, and tries again at the next refresh", async () => {
    let fail = true;
    const store = {
      getJurisdiction: async () => {
        if (fail) throw new Error("unavailable");
        return { calendar: year2027 };
      },
    };
    const cache = new JurisdictionCache(store, frozen(), demoJurisdictionTime, calendarYears);
    await expect(cache.refresh()).rejects.toThrow("unavailable");
    expect(cache.policy.calendar.hasYear(2027)).toBe(false);
    fail = false;
    await cache.refresh();
    expect(cache.policy.calendar.hasYear(2027)).toBe(true);
  });
});
