import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarYears } from "../../shared/app/deps.js";
import { addDays, buildCalendar } from "../../shared/domain/calendar.js";
import {
  calendarYearIssues,
  mergeCalendarYears,
  type CalendarYearEntry,
} from "../../shared/domain/calendar-data.js";
import {
  latestOpenDueAt,
  recomputeClocks,
  latestOpenDueYear,
} from "../../shared/domain/calendar-recompute.js";
import { computeDueAt, startClock, type DeadlinePolicy } from "../../shared/domain/deadlines.js";
import { verifyChain } from "../../shared/domain/audit.js";
import { defaultThresholds, thresholdIssues } from "../../shared/domain/thresholds.js";
import { policy as shippedPolicy, registered } from "../support/domain.js";

const TZ = "Asia/Shanghai";
const paths = (year: number, entry: CalendarYearEntry) => calendarYearIssues(year, entry).map((i) => i.path);
const withYears = (entries: Record<number, CalendarYearEntry>): DeadlinePolicy => ({
  ...shippedPolicy,
  calendar: buildCalendar(
    TZ,
    mergeCalendarYears(
      calendarYears,
      {
        version: 1,
        years: Object.fromEntries(
          Object.entries(entries).map(([y, e]) => [y, { ...e, updatedAt: "", updatedBy: "" }]),
        ),
      },
      { jurisdiction: "cn", timeZone: TZ },
    ),
  ),
});

describe("a calendar year's rules", () => {
  it("accepts the shipped 2026 as it stands", () => {
    const y = calendarYears.find((c) => c.year === 2026)!;
    expect(calendarYearIssues(2026, y)).toEqual([]);
  });

  it("refuses dates outside the year or not real, a range running backwards, overlaps, and empty names or source", () => {
    expect(
      paths(2027, {
        source: "",
        holidays: [
          { name: "a", from: "2027-02-30", to: "2027-03-01" },
          { name: " ", from: "2027-05-01", to: "2027-05-05" },
          { name: "c", from: "2027-05-05", to: "2027-05-06" },
          { name: "d", from: "2027-10-07", to: "2027-10-01" },
          { name: "e", from: "2026-12-31", to: "2027-01-01" },
        ],
        makeUpWorkdays: [],
      }).sort(),
    ).toEqual([
      "holidays.0.from",
      "holidays.1.name",
      "holidays.2.from",
      "holidays.3.to",
      "holidays.4.from",
      "source",
    ]);
  });

  it("refuses a make-up working day on a weekday, inside a holiday, twice, or without the holiday it serves", () => {
    const holidays = [{ name: "劳动节", from: "2027-05-01", to: "2027-05-05" }];
    expect(
      paths(2027, {
        source: "notice",
        holidays,
        makeUpWorkdays: [
          { date: "2027-04-28", for: "劳动节" }, // a Wednesday
          { date: "2027-05-02", for: "劳动节" }, // a Sunday inside the holiday
          { date: "2027-04-25", for: "" }, // a Sunday, no holiday named
          { date: "2027-05-08", for: "劳动节" }, // a Saturday
          { date: "2027-05-08", for: "劳动节" },
        ],
      }).sort(),
    ).toEqual([
      "makeUpWorkdays.0.date",
      "makeUpWorkdays.1.date",
      "makeUpWorkdays.2.for",
      "makeUpWorkdays.4.date",
    ]);
  });

  it("keeps the year to 2000–2100", () => {
    const entry = { source: "x", holidays: [], makeUpWorkdays: [] };
    expect(paths(1999, entry)).toEqual(["year"]);
    expect(paths(2101, entry)).toEqual(["year"]);
    expect(paths(2100, entry)).toEqual([]);
  });

  it("property: disjoint holidays inside the year and weekend make-up days outside them break no rule", () => {
    const year = fc.integer({ min: 2000, max: 2100 });
    fc.assert(
      fc.property(year, fc.array(fc.integer({ min: 0, max: 350 }), { maxLength: 8 }), (y, starts) => {
        // Holidays of 1–3 days starting on distinct days ten apart at least: never overlapping.
        const days = [...new Set(starts.map((s) => s - (s % 10)))];
        const holidays = days.map((d, i) => ({
          name: `h${i}`,
          from: addDays(`${y}-01-01`, d),
          to: addDays(`${y}-01-01`, d + (i % 3)),
        }));
        const inHoliday = (day: string) => holidays.some((h) => h.from <= day && day <= h.to);
        const makeUpWorkdays = [...Array(366).keys()]
          .map((d) => addDays(`${y}-01-01`, d))
          .filter(
            (day) => day.startsWith(`${y}-`) && [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()),
          )
          .filter((day) => !inHoliday(day))
          .slice(0, 3)
          .map((date) => ({ date, for: "h0" }));
        expect(calendarYearIssues(y, { source: "s", holidays, makeUpWorkdays })).toEqual([]);
      }),
    );
  });

  it("lets a stored year replace a shipped one and add a new one", () => {
    const merged = mergeCalendarYears(
      calendarYears,
      {
        version: 2,
        years: {
          2026: { source: "corrected", holidays: [], makeUpWorkdays: [], updatedAt: "", updatedBy: "" },
          2027: { source: "new", holidays: [], makeUpWorkdays: [], updatedAt: "", updatedBy: "" },
        },
      },
      { jurisdiction: "cn", timeZone: TZ },
    );
    expect(merged.map((y) => [y.year, y.source])).toEqual([
      [2026, "corrected"],
      [2027, "new"],
    ]);
  });
});

describe("recounting clocks after a year is entered", () => {
  const newYear = {
    source: "s",
    holidays: [{ name: "元旦", from: "2027-01-01", to: "2027-01-03" }],
    makeUpWorkdays: [],
  };
  const change = { year: 2027, calendarVersion: 1 };

  /** A registered case with an object clock started at `at`, and its events so far. */
  function caseWithObjectClock(at: Date) {
    const { case: c, events } = registered({}, undefined, at);
    const { clock } = startClock(shippedPolicy, "object", "hrss", at);
    c.clocks = [...c.clocks, clock];
    return Object.assign(c, { eventsSoFar: events });
  }

  it("moves a working-day clock over the new holiday, clears its warning, records it on the case, and does it once", () => {
    const now = new Date("2026-12-28T02:00:00Z");
    const c = caseWithObjectClock(now);
    expect(c.clocks.find((k) => k.name === "object")!.calendarWarning).toMatch(/2027/);

    const decision = recomputeClocks(c, { policy: withYears({ 2027: newYear }), now, change })!;
    const moved = decision.case.clocks.find((k) => k.name === "object")!;

    expect(moved.dueAt).toBe("2027-01-05T15:59:59.999Z");
    expect(moved.calendarWarning).toBeUndefined();
    expect(decision.events.map((e) => [e.type, e.data.clock])).toContainEqual(["calendar_changed", "object"]);
    expect(decision.case.version).toBe(c.version + 1);
    expect(verifyChain([...c.eventsSoFar, ...decision.events]).valid).toBe(true);
    expect(
      recomputeClocks(decision.case, { policy: withYears({ 2027: newYear }), now, change }),
    ).toBeUndefined();
  });

  it("leaves overdue and stopped clocks as they were", () => {
    const now = new Date("2026-12-28T02:00:00Z");
    const c = caseWithObjectClock(now);
    for (const k of c.clocks) k.state = "overdue";
    expect(recomputeClocks(c, { policy: withYears({ 2027: newYear }), now, change })).toBeUndefined();
  });

  it("property: a recount gives the due time the new calendar gives from the start, never earlier when only holidays are added, and a second recount changes nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 6 }),
        (startOffset, length, holidayStart, holidayDays) => {
          const now = new Date(Date.parse("2026-11-20T02:00:00Z") + startOffset * 86_400_000);
          const c = registered({}, undefined, now).case;
          const { clock } = startClock(shippedPolicy, "object", "hrss", now, length);
          c.clocks = [clock];
          const from = addDays("2027-01-01", holidayStart);
          const to = addDays(from, holidayDays);
          const policy = withYears({
            2027: {
              source: "s",
              holidays: to.startsWith("2027") ? [{ name: "h", from, to }] : [],
              makeUpWorkdays: [],
            },
          });
          const decision = recomputeClocks(c, { policy, now, change });
          const after = decision?.case.clocks[0] ?? clock;
          const expected = computeDueAt(policy, now, length, "working").dueAt.toISOString();
          expect(after.dueAt).toBe(expected);
          expect(after.dueAt >= clock.dueAt).toBe(true);
          if (decision) expect(recomputeClocks(decision.case, { policy, now, change })).toBeUndefined();
        },
      ),
    );
  });

  it("files a case by the local year of the latest due time of its open clocks", () => {
    const c = caseWithObjectClock(new Date("2026-12-28T02:00:00Z"));
    expect(latestOpenDueAt(c)).toBe(
      c.clocks
        .map((k) => k.dueAt)
        .sort()
        .at(-1),
    );
    expect(latestOpenDueYear(c, TZ)).toBe(2027);
    const late = registered({}, undefined, new Date("2026-12-16T02:00:00Z")).case;
    expect(late.clocks[0]!.dueAt).toBe("2026-12-31T15:59:59.999Z");
    expect(latestOpenDueYear(late, TZ)).toBe(2026);
  });
});

describe("thresholds' rules", () => {
  it("accept the defaults", () => {
    expect(thresholdIssues(defaultThresholds)).toEqual([]);
  });

  it("refuse a warning fraction outside (0, 1), L3 not after L2, and hotspot settings out of range", () => {
    const issues = thresholdIssues({
      escalation: { ...defaultThresholds.escalation, warnFraction: 0, meetingAfterDays: 7 },
      hotspot: {
        ...defaultThresholds.hotspot,
        threshold: 0,
        minCount: { day: 0, week: 8 },
        repeatPetitions: 1,
      },
    }).map((i) => i.path);
    expect(issues.sort()).toEqual([
      "escalation.meetingAfterDays",
      "escalation.warnFraction",
      "hotspot.minCount.day",
      "hotspot.repeatPetitions",
      "hotspot.threshold",
    ]);
  });

  it("property: any warning fraction strictly between 0 and 1 is accepted, 1 and above are not", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2, noNaN: true }), (f) => {
        const ok =
          thresholdIssues({
            ...defaultThresholds,
            escalation: { ...defaultThresholds.escalation, warnFraction: f },
          }).length === 0;
        expect(ok).toBe(f > 0 && f < 1);
      }),
    );
  });
});
