// The early warning on the real stack: petitions registered over several days on the
// controlled clock, the daily watch run by the runtime's tick. A spike of one category ×
// region reaches the bureau's coordinators once, with its figures and the cases behind it,
// and not again while it goes on; a petitioner who keeps coming back is told by case ids.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS } from "../../shared/durations.js";
import { ConsoleBrowser, textOf } from "../support/console.js";
import { watchHotspots } from "../../shared/app/watch.js";
import { HISTORY_DAYS } from "../../shared/domain/hotspots.js";
import {
  coordinator,
  hrssHead,
  intake,
  registration,
  useTestStack,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

type Json = Record<string, any>;

async function call(method: string, path: string, as: Identity, body?: unknown): Promise<Json> {
  const res = await stack.call(method, path, as, body);
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : {};
}

/** A petition without an ID number: no two of them are the same person's. */
const petition = (overrides: Record<string, unknown> = {}) =>
  registration({
    petitioner: { name: "李四" },
    headcount: 1,
    category: "environment",
    region: "chengguan",
    title: "Smell from the paper mill",
    description: "The river smells at night.",
    ...overrides,
  });

async function register(overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await call("POST", "/v1/cases", intake, petition(overrides));
  return id as string;
}

const notices = async (type: string) =>
  ((await call("GET", "/v1/notifications?limit=100", coordinator)).items as Json[]).filter(
    (n) => n.type === type,
  );

describe("the daily watch", () => {
  const today: string[] = [];

  it("tells the coordinators of a spike once, with the day's figures and the cases behind it", async () => {
    // Prepare: ten ordinary days of one petition each (received earlier, registered now), then six on 30 September.
    const now = stack.clock.now().getTime();
    for (let d = 1; d <= 10; d++) await register({ receivedAt: new Date(now - d * DAY_MS).toISOString() });
    for (let i = 0; i < 6; i++) today.push(await register());
    await call("POST", `/v1/cases/${today[0]}/route`, intake, { kind: "transfer" });
    await register({ category: "health", region: "xiangshan" });
    await stack.drain();

    // Act: the next morning's run judges the day that ended.
    stack.clock.advance(DAY_MS);
    const { watch } = await stack.tick();

    // Assess
    expect(watch).toMatchObject({ day: "2026-09-30", alarms: 1, raised: 1 });
    const found = await notices("hotspot");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      agency: "bureau",
      roles: ["coordinator"],
      caseId: today[0],
      hotspot: {
        category: "environment",
        region: "chengguan",
        window: "day",
        day: "2026-09-30",
        observed: 6,
      },
    });
    expect(found[0]!.hotspot.expected).toBe(1);
    expect(found[0]!.hotspot.caseIds).toEqual(today);
    expect(JSON.stringify(found[0])).not.toContain("李四");
    // Agencies are not told: it is the bureau's picture.
    const hrss = (await call("GET", "/v1/notifications", hrssHead)).items as Json[];
    expect(hrss.filter((n) => n.type === "hotspot")).toEqual([]);
  });

  it("raises nothing when it runs twice the same day", async () => {
    const again = await stack.watch();
    expect(again).toMatchObject({ alarms: 1, raised: 0, continued: 0 });
    await stack.drain();
    expect(await notices("hotspot")).toHaveLength(1);
  });

  it("remembers the spike while it goes on the next day, and tells no one again", async () => {
    for (let i = 0; i < 6; i++) await register();
    await stack.drain();

    stack.clock.advance(DAY_MS);
    const { watch } = await stack.tick();

    expect(watch).toMatchObject({ day: "2026-10-01", alarms: 1, raised: 0, continued: 1 });
    expect(await notices("hotspot")).toHaveLength(1);
    expect(await stack.deps.store.getSpike("environment", "chengguan")).toMatchObject({
      startedOn: "2026-09-30",
      lastAlarmOn: "2026-10-01",
    });
    // The tick of the same day later on runs no watch: daily.
    expect((await stack.tick()).watch).toBeNull();
  });

  it("reads one counter partition per day of history, and no case unless a spike is new", async () => {
    const calls = { readStats: 0, getCases: 0, index: 0 };
    const real = stack.deps.store;
    const store = {
      ...real,
      readStats: (...a: Parameters<typeof real.readStats>) => {
        calls.readStats++;
        return real.readStats(...a);
      },
      getCases: (...a: Parameters<typeof real.getCases>) => {
        calls.getCases++;
        return real.getCases(...a);
      },
      caseIdsForAgencyCreated: (...a: Parameters<typeof real.caseIdsForAgencyCreated>) => {
        calls.index++;
        return real.caseIdsForAgencyCreated(...a);
      },
    };
    stack.clock.advance(DAY_MS);

    const report = await watchHotspots({ ...stack.deps, store });

    expect(report.raised).toBe(0);
    expect(calls).toEqual({ readStats: HISTORY_DAYS, getCases: 0, index: 0 });
  });
});

describe("repeat petitioners", () => {
  it("tells the coordinators, by case ids only, when one person's matter comes back a third time", async () => {
    const person = { name: "赵六", idNumber: "410102198002023456", phone: "13900001111" };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await register({ petitioner: person, category: "housing-demolition", region: "xiangshan" }));
    await stack.drain();

    const found = (await notices("repeat_petitioner")).filter(
      (n) => n.repeat.category === "housing-demolition",
    );

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      caseId: ids[2],
      agency: "bureau",
      roles: ["coordinator"],
      repeat: { caseIds: ids, withinDays: 90, afterFinal: false },
    });
    const text = JSON.stringify(found[0]);
    for (const secret of [person.name, person.idNumber, person.phone]) expect(text).not.toContain(secret);
  });

  it("follows the jurisdiction's thresholds: set to two petitions, the second one is told", async () => {
    const current = await stack.call("GET", "/v1/thresholds", coordinator);
    const { escalation, hotspot } = (await current.json()) as Json;
    const set = await stack.call(
      "PUT",
      "/v1/thresholds",
      coordinator,
      { escalation, hotspot: { ...hotspot, repeatPetitions: 2 } },
      { "if-match": current.headers.get("etag")! },
    );
    expect(set.status).toBe(200);
    const person = { name: "钱七", idNumber: "410102198503034567" };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push(await register({ petitioner: person, category: "health", region: "chengguan" }));
    await stack.drain();

    const found = (await notices("repeat_petitioner")).filter((n) => n.repeat.category === "health");
    expect(found.map((n) => n.repeat.caseIds)).toEqual([ids]);
  });
});

describe("the console's Statistics page", () => {
  it("lists the early warnings with their figures and links to the cases, in both languages", async () => {
    const [hotspot] = await notices("hotspot");
    for (const [lang, shown] of [
      [
        "en",
        [
          "Early warnings",
          "Hotspot warning",
          "2026-09-30: 6 petitions (usually about 1)",
          "Repeat petitioner",
        ],
      ],
      ["zh", ["预警", "信访热点预警", "2026-09-30：6 件（通常约 1 件）", "重复信访预警"]],
    ] as const) {
      const browser = new ConsoleBrowser(stack);
      await browser.signIn(coordinator);
      await browser.get(`/console?lang=${lang}`);
      const page = await browser.get("/console/statistics");
      expect(page.status).toBe(200);
      const text = textOf(page.html);
      for (const s of shown) expect(text).toContain(s);
      for (const id of hotspot!.hotspot.caseIds as string[])
        expect(page.html).toContain(`/console/cases/${id}"`);
      expect(text).not.toContain("赵六");
    }
  });
});
