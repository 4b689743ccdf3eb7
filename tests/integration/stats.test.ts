// GET /v1/stats from the counters the stats function keeps off the table's stream: figures
// as cases move, rows by one or several dimensions, the bureau's view and an agency head's,
// the CSV, bad questions refused, and a state counted once however often it arrives.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { caseContribution } from "../../shared/domain/stats-facts.js";
import type { Case } from "../../shared/domain/model.js";
import { parseCsv } from "../support/csv.js";
import {
  coordinator,
  hrssHandler,
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

async function routed(overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await call("POST", "/v1/cases", intake, registration(overrides));
  await call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
  await stack.drain();
  return id as string;
}

const MONTH = "2026-09";
const stats = (query: string, as: Identity = coordinator) =>
  call("GET", `/v1/stats?from=${MONTH}&to=2026-12&${query}`, as);

describe("GET /v1/stats", () => {
  let first: string;

  it("counts cases as they are received, routed and acknowledged, by agency and by category", async () => {
    first = await routed({ collective: undefined, headcount: 6 });
    await routed({ category: "environment", channel: "online" });
    await call("POST", `/v1/cases/${first}/acknowledge`, hrssHandler, {});
    await stack.drain();

    const byAgency = await stats("by=agency");
    const hrss = byAgency.rows.find((r: Json) => r.key.agency === "hrss");
    const ecoenv = byAgency.rows.find((r: Json) => r.key.agency === "ecoenv");
    expect(hrss).toMatchObject({ received: 1, collective: 1, accepted: 1, acknowledgedOnTime: 1, open: 1 });
    expect(hrss.acknowledgedOnTimeRate).toBe(1);
    expect(ecoenv).toMatchObject({ received: 1, acknowledgedOnTime: 0, open: 1 });
    expect(byAgency.totals).toMatchObject({ received: 2, open: 2, acknowledged: 1 });

    const byCategory = await stats("by=category&by=month");
    expect(byCategory.rows.map((r: Json) => [r.key.category, r.key.month, r.received])).toEqual([
      ["environment", MONTH, 1],
      ["labor-social-security", MONTH, 1],
    ]);
    // Gauges are now, not a month's: rows by month leave them out.
    expect(byCategory.rows[0].open).toBeUndefined();
  });

  it("shows an agency head their own agency only, and refuses a handler", async () => {
    const own = await stats("by=agency", hrssHead);
    expect(own.rows.map((r: Json) => r.key.agency)).toEqual(["hrss"]);
    expect(own.totals.received).toBe(1);
    const res = await stack.call("GET", `/v1/stats?from=${MONTH}&to=${MONTH}`, hrssHandler);
    expect(res.status).toBe(403);
  });

  it("answers the same rows as CSV for Accept: text/csv", async () => {
    const res = await stack.call(
      "GET",
      `/v1/stats?from=${MONTH}&to=2026-12&by=agency`,
      coordinator,
      undefined,
      {
        accept: "text/csv",
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header!.slice(0, 3)).toEqual(["agency", "received", "collective"]);
    expect(rows.find((r) => r[0] === "hrss")![1]).toBe("1");
    expect(rows.at(-1)![0]).toBe("total");
    expect(rows.at(-1)![1]).toBe("2");

    // Asked for no dimension: the period's totals, labelled.
    const whole = await stack.call("GET", `/v1/stats?from=${MONTH}&to=2026-12`, coordinator, undefined, {
      accept: "text/csv",
    });
    expect(parseCsv(await whole.text()).map((r) => r.slice(0, 2))).toEqual([
      ["period", "received"],
      ["total", "2"],
    ]);
  });

  it.each([
    ["from=2026-13&to=2026-12", "from"],
    ["from=2026-12&to=2026-01", "to"],
    ["from=2016-01&to=2026-12", "to"],
    ["from=2026-01&to=2026-12&by=agency&by=agency", "by"],
    ["from=2026-01&to=2026-12&by=petitioner", "by"],
  ])("refuses %s with the field named", async (query, field) => {
    const res = await stack.call("GET", `/v1/stats?${query}`, coordinator);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(JSON.stringify(await res.json())).toContain(field);
  });

  it("counts a state once however often it arrives, and an older state after a newer one not at all", async () => {
    const kase = (await call("GET", `/v1/cases/${first}`, coordinator)) as Case;
    const before = await stats("by=agency");
    const tz = stack.deps.policy.calendar.timeZone;
    expect(await stack.deps.store.countCase(kase.id, kase.version, caseContribution(kase, tz))).toBe("stale");
    const older = {
      ...kase,
      clocks: kase.clocks.map((k) => ({ ...k, stoppedAt: undefined, state: "running" as const })),
    };
    expect(await stack.deps.store.countCase(kase.id, kase.version - 1, caseContribution(older, tz))).toBe(
      "stale",
    );
    // The stream read again from its start changes nothing either.
    await stack.stats.drain();
    expect(await stats("by=agency")).toEqual(before);
  });

  it("moves a case's figures with it when it gets its lead agency", async () => {
    const { id } = await call(
      "POST",
      "/v1/cases",
      intake,
      registration({ category: "other", region: "xiangshan" }),
    );
    await stack.drain();
    const xiangshan = async () =>
      (await stats("by=agency&by=region")).rows
        .filter((r: Json) => r.key.region === "xiangshan")
        .map((r: Json) => [r.key.agency, r.received, r.open]);
    // No rule for `other`: the bureau holds it until it names an agency.
    expect(await xiangshan()).toEqual([["bureau", 1, 1]]);
    await call("POST", `/v1/cases/${id}/route`, coordinator, { kind: "transfer", to: "natres" });
    await stack.drain();
    expect(await xiangshan()).toEqual([["natres", 1, 1]]);
  });
});
