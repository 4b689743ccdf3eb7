// A clock that runs into a year without official calendar data says so on the clock, in
// every reply, and not as an audit event in the name of whoever issued the command.
import { describe, expect, it } from "vitest";
import { logCalendarGaps } from "../../shared/app/cases.js";
import { walk, registered, at } from "../support/domain.js";
import { hrssHandler, intake } from "../support/factories.js";

const DECEMBER = new Date("2026-12-01T02:00:00Z");

describe("a clock into a year without calendar data", () => {
  it("carries a calendarWarning naming the year, and the trail has no event for it", () => {
    const start = registered({}, undefined, DECEMBER);
    // The route clock (15 days) ends in December: no warning yet.
    expect(start.case.clocks[0]!.calendarWarning).toBeUndefined();
    const { c, events } = walk(start.case, [
      ["route", { kind: "transfer" }, intake, DECEMBER],
      ["acknowledge", {}, hrssHandler, at(1, DECEMBER)],
    ]);
    const handle = c.clocks.find((k) => k.name === "handle")!;
    expect(handle.dueAt.slice(0, 4)).toBe("2027");
    expect(handle.calendarWarning).toMatch(/2027/);
    // Clocks within 2026 say nothing.
    expect(c.clocks.filter((k) => k.name !== "handle" && k.calendarWarning)).toEqual([]);
    expect([...start.events, ...events].map((e) => e.type)).not.toContain("calendar_data_missing");
    expect(events.filter((e) => e.actor === hrssHandler.sub).map((e) => e.type)).toEqual(["acknowledged"]);
  });

  it("is written to the log once, when the clock starts, not again on later changes", () => {
    const { c: accepted } = walk(registered({}, undefined, DECEMBER).case, [
      ["route", { kind: "transfer" }, intake, DECEMBER],
    ]);
    const { c: after } = walk(accepted, [["acknowledge", {}, hrssHandler, at(1, DECEMBER)]]);
    const lines: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => lines.push(args) } as never;
    logCalendarGaps({ logger }, accepted, after);
    expect(lines).toHaveLength(1);
    const { c: noted } = walk(after, [["note", { text: "called" }, hrssHandler, at(2, DECEMBER)]]);
    logCalendarGaps({ logger }, after, noted);
    expect(lines).toHaveLength(1);
  });
});
