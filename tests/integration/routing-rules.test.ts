// The routing rules a coordinator runs (docs/jurisdiction.md), on the embedded stack:
// read with an ETag, replaced only by the bureau's coordinator under If-Match (428 without,
// 412 stale, 422 with each broken rule at its field), of two changes from one version
// exactly one kept, each change on the jurisdiction's trail with its diff, and cases routed
// after a change going to the new lead while those routed before stay where they were.
import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { referenceKey, RULESET_KEY } from "../../shared/adapters/dynamo/keys.js";
import type { DynamoStore } from "../../shared/adapters/dynamo/store.js";
import { CaseService } from "../../shared/app/cases.js";
import { ReferenceCache, REFERENCE_TTL_MS } from "../../shared/app/reference-cache.js";
import { RoutingRuleService } from "../../shared/app/routing-rules.js";
import type { Identity } from "../../shared/domain/access.js";
import {
  demoAgencies,
  demoCategories,
  demoRegions,
  demoRoutingRules,
} from "../../shared/domain/demo-county.js";
import { verifyJurisdictionTrail, type JurisdictionEvent } from "../../shared/domain/jurisdiction-audit.js";
import type { RoutingRule } from "../../shared/domain/routing.js";
import { sortRules } from "../../shared/domain/routing-rules.js";
import { PreconditionFailedError } from "../../shared/errors.js";
import {
  auditor,
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

type Json = Record<string, any>;

async function api(
  method: string,
  path: string,
  as?: Identity,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await stack.call(method, path, as, body, headers);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    etag: res.headers.get("etag"),
    text,
    body: (text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : {}) as Json,
  };
}

const put = (rules: RoutingRule[], version?: number | string, as: Identity = coordinator) =>
  api(
    "PUT",
    "/v1/routing-rules",
    as,
    { rules },
    version === undefined ? {} : { "if-match": typeof version === "number" ? `"${version}"` : version },
  );

/** The rules in force with one category's default lead replaced. */
const withLead = (rules: RoutingRule[], category: string, lead: string, cohandlers: string[] = []) =>
  rules.map((r) => (r.category === category && r.region === "*" ? { ...r, lead, cohandlers } : r));

async function current(): Promise<{ version: number; rules: RoutingRule[] }> {
  const got = await api("GET", "/v1/routing-rules", coordinator);
  expect(got.status).toBe(200);
  return got.body as { version: number; rules: RoutingRule[] };
}

async function history(): Promise<JurisdictionEvent[]> {
  const got = await api("GET", "/v1/routing-rules/history?limit=100", auditor);
  expect(got.status).toBe(200);
  return got.body.items as JurisdictionEvent[];
}

/** Register a case and route it by the rules; the router applies the handoff. */
async function routedCase(overrides: Record<string, unknown>) {
  const created = await api(
    "POST",
    "/v1/cases",
    intake,
    registration({ petitioner: { name: "赵六" }, ...overrides }),
  );
  expect(created.status).toBe(201);
  const routed = await api("POST", `/v1/cases/${created.body.id}/route`, intake, { kind: "transfer" });
  await stack.drain();
  return { id: created.body.id as string, routed };
}

const leadOf = async (id: string) => (await api("GET", `/v1/cases/${id}`, coordinator)).body.leadAgency;

describe("GET /v1/routing-rules", () => {
  it("answers the seeded rules at version 1, with the version as ETag, to every role", async () => {
    const got = await api("GET", "/v1/routing-rules", hrssHandler);

    expect(got.status).toBe(200);
    expect(got.etag).toBe('"1"');
    expect(got.body).toEqual({ version: 1, rules: sortRules(demoRoutingRules) });
    expect((await api("GET", "/v1/routing-rules", auditor)).status).toBe(200);
    expect((await api("GET", "/v1/routing-rules")).status).toBe(401);
  });
});

describe("PUT /v1/routing-rules", () => {
  it("is for the bureau's coordinator only", async () => {
    const rules = withLead(demoRoutingRules, "environment", "natres");
    for (const as of [intake, auditor, hrssHead, who("hrss", "coordinator"), who("bureau", "agency_head")]) {
      const refused = await put(rules, 1, as);
      expect(refused.status, as.sub).toBe(403);
      expect(refused.type).toBe("application/problem+json");
      expect(refused.body.action).toBe("routingRules.write");
    }
    expect((await current()).version).toBe(1);
  });

  it("requires If-Match (428), refuses a stale or malformed one (412, 400)", async () => {
    const rules = withLead(demoRoutingRules, "environment", "natres");

    const missing = await put(rules);
    expect(missing.status).toBe(428);
    expect(missing.type).toBe("application/problem+json");
    expect(missing.body.type).toBe("urn:casebridge:problem:precondition-required");
    expect((await put(rules, "*")).status).toBe(428);
    const stale = await put(rules, 7);
    expect(stale.status).toBe(412);
    expect(stale.type).toBe("application/problem+json");
    expect(stale.body.currentVersion).toBe(1);
    expect((await put(rules, "v1")).status).toBe(400);
    expect((await current()).version).toBe(1);
  });

  it("refuses a malformed body (400) and a rule-breaking one (422), naming each field", async () => {
    const malformed = await put([{ category: "health", region: "*", lead: "health" } as RoutingRule], 1);
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0].path).toBe("rules.0.cohandlers");

    const broken = await put(
      [
        ...demoRoutingRules.filter((r) => r.category !== "health"),
        { category: "environment", region: "*", lead: "natres", cohandlers: ["natres", "atlantis"] },
        { category: "astrology", region: "mars", lead: "bureau", cohandlers: [] },
      ],
      1,
    );
    expect(broken.status).toBe(422);
    expect(broken.type).toBe("application/problem+json");
    expect(broken.body.rule).toBe("routing-rules");
    expect(broken.body.issues.map((i: Json) => `${i.path} ${i.rule}`)).toEqual([
      "rules.6 one-rule-per-category-and-region",
      "rules.6.cohandlers.0 cohandler-not-lead",
      "rules.6.cohandlers.1 known-agency",
      "rules.7.category known-category",
      "rules.7.region known-region",
      "rules.7.lead known-agency",
      "rules default-lead-kept",
    ]);
    expect((await current()).version).toBe(1);
    expect(await history()).toEqual([]);
  });
});

describe("a change of the rules", () => {
  let before = "";
  /** The clock just before and just after the change was sent. */
  const window = { from: "", to: "" };

  it("applies to cases routed after it; a case routed before stays where it was", async () => {
    before = (await routedCase({ category: "environment", region: "chengguan" })).id;
    expect(await leadOf(before)).toBe("ecoenv");

    window.from = stack.clock.now().toISOString();
    const changed = await put(withLead(demoRoutingRules, "environment", "natres", ["ecoenv"]), 1);
    window.to = stack.clock.now().toISOString();
    expect(changed.status).toBe(200);
    expect(changed.etag).toBe('"2"');
    expect(changed.body.version).toBe(2);
    expect((await current()).rules.find((r) => r.category === "environment" && r.region === "*")).toEqual({
      category: "environment",
      region: "*",
      lead: "natres",
      cohandlers: ["ecoenv"],
    });

    const after = await routedCase({ category: "environment", region: "chengguan" });
    expect(await leadOf(after.id)).toBe("natres");
    expect((await api("GET", `/v1/cases/${after.id}`, coordinator)).body.cohandlers).toEqual(["ecoenv"]);
    expect(await leadOf(before)).toBe("ecoenv");
    const categories = await api("GET", "/v1/categories", hrssHandler);
    expect(categories.body.items.find((c: Json) => c.id === "environment").defaultLead).toBe("natres");
  });

  it("still never routes a case to its respondent, now the rule's new lead", async () => {
    const refused = await routedCase({
      category: "environment",
      region: "chengguan",
      respondent: { agency: "natres" },
    });

    expect(refused.routed.status).toBe(422);
    expect(refused.routed.body.rule).toBe("respondent-never-routed");
    expect((await api("GET", `/v1/cases/${refused.id}`, coordinator)).body.status).toBe("registered");
  });

  it("is recorded on the jurisdiction's trail: who, when, the versions and the diff, no petitioner", async () => {
    const events = await history();

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      seq: 1,
      type: "routing-rules.changed",
      actor: coordinator.sub,
      agency: "bureau",
      role: "coordinator",
      data: {
        versionBefore: 1,
        versionAfter: 2,
        added: [],
        removed: [],
        changed: [
          {
            category: "environment",
            region: "*",
            before: { lead: "ecoenv", cohandlers: [] },
            after: { lead: "natres", cohandlers: ["ecoenv"] },
          },
        ],
      },
    });
    expect(events[0]!.at >= window.from && events[0]!.at <= window.to).toBe(true);
    expect(verifyJurisdictionTrail(events).valid).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/赵六|王建国|410102/);
    expect((await api("GET", "/v1/routing-rules/history", hrssHead)).status).toBe(403);
  });

  it("changes nothing and records nothing when the rules sent are the rules in force", async () => {
    const same = await put([...(await current()).rules].reverse(), 2);

    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    expect(await history()).toHaveLength(1);
  });
});

describe("two changes from the same version", () => {
  it("keep exactly one; the other answers 412, and the trail holds one event for it", async () => {
    const { version, rules } = await current();
    const [a, b] = await Promise.all([
      put(withLead(rules, "health", "hrss"), version),
      put(withLead(rules, "health", "gov"), version),
    ]);

    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const kept = a.status === 200 ? "hrss" : "gov";
    const now = await current();
    expect(now.version).toBe(version + 1);
    expect(now.rules.find((r) => r.category === "health" && r.region === "*")!.lead).toBe(kept);
    const events = await history();
    expect(events).toHaveLength(2);
    expect(events[1]!.data).toMatchObject({ versionBefore: version, versionAfter: version + 1 });
    expect(verifyJurisdictionTrail(events).valid).toBe(true);
  });
});

describe("two changes that both read the rules before either writes", () => {
  it("are decided by the conditional write: exactly one is kept, the other is 412", async () => {
    // Both reads answer only once both have been made, so both changes pass the version
    // check in the service, and only the transaction's condition can tell them apart.
    let waiting: (() => void)[] = [];
    const store = {
      ...stack.deps.store,
      async getRoutingRules() {
        const read = await stack.deps.store.getRoutingRules();
        if (waiting.length < 2) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === 2) for (const go of waiting) go();
          });
        }
        return read;
      },
    };
    const service = new RoutingRuleService({ ...stack.deps, store });
    const { version, rules } = await current();
    const trailBefore = (await history()).length;

    const outcomes = await Promise.allSettled([
      service.replace(coordinator, withLead(rules, "housing-demolition", "natres"), version),
      service.replace(coordinator, withLead(rules, "housing-demolition", "gov"), version),
    ]);
    waiting = [];

    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(PreconditionFailedError);
    expect((await current()).version).toBe(version + 1);
    const trail = await history();
    expect(trail).toHaveLength(trailBefore + 1);
    expect(verifyJurisdictionTrail(trail).valid).toBe(true);
  });
});

describe("the cached reference data", () => {
  it("is fresh at once on the instance that wrote, and on another within the cache's TTL", async () => {
    const store = stack.deps.store;
    const writer = new ReferenceCache(store, stack.clock);
    const other = new ReferenceCache(store, stack.clock);
    const service = new RoutingRuleService({ ...stack.deps, changed: () => writer.invalidate() });
    const lead = async (cache: ReferenceCache) =>
      (await cache.get()).rules.find((r) => r.category === "public-security" && r.region === "*")!.lead;
    expect(await lead(writer)).toBe("police");
    expect(await lead(other)).toBe("police");

    const { version, rules } = await service.read(coordinator);
    await service.replace(coordinator, withLead(rules, "public-security", "gov"), version);

    expect(await lead(writer)).toBe("gov");
    expect(await lead(other)).toBe("police");
    stack.clock.advance(REFERENCE_TTL_MS);
    expect(await lead(other)).toBe("gov");
  });
  it("does not hold the rules a route follows: another instance with a warm cache routes by a change at once", async () => {
    // Another API instance: its own held reference data, warm before the change.
    const references = new ReferenceCache(stack.deps.store, stack.clock);
    const other = new CaseService(stack.deps, references);
    const lead = async () =>
      (await references.get()).rules.find((r) => r.category === "land-acquisition" && r.region === "*")!.lead;
    const created = await api("POST", "/v1/cases", intake, registration({ category: "land-acquisition" }));
    expect(created.status).toBe(201);
    const first = await other.command(intake, created.body.id, "route", { kind: "transfer" });
    expect(first.pendingHandoff?.to).toBe("natres");
    expect(await lead()).toBe("natres");

    const { version, rules } = await current();
    expect((await put(withLead(rules, "land-acquisition", "housing"), version)).status).toBe(200);
    // The held copy still shows the old lead (it is refreshed within the TTL) ...
    expect(await lead()).toBe("natres");
    // ... yet a case routed there now follows the new rule.
    const next = await api("POST", "/v1/cases", intake, registration({ category: "land-acquisition" }));
    const routed = await other.command(intake, next.body.id, "route", { kind: "transfer" });
    expect(routed.pendingHandoff?.to).toBe("housing");
  });
});

describe("a seed run again (one cut short is completed by the next start)", () => {
  it("keeps the rules a coordinator put in place", async () => {
    const before = await current();
    expect(before.version).toBeGreaterThan(1);

    await stack.deps.store.seedReference({
      agencies: demoAgencies,
      categories: demoCategories,
      regions: demoRegions,
      rules: demoRoutingRules,
    });

    expect(await current()).toEqual(before);
  });
});

describe("a store seeded before the rules had a version", () => {
  it("reads its one-item-per-rule rules as version 0, and the first change from 0 replaces them", async () => {
    const { db } = stack.deps.store as DynamoStore;
    const table = stack.deps.settings.TABLE_NAME;
    await db.send(new DeleteItemCommand({ TableName: table, Key: marshall(RULESET_KEY) }));
    for (const r of demoRoutingRules)
      await db.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({ ...referenceKey("rule", `${r.category}#${r.region}`), value: r }),
        }),
      );

    expect(await current()).toEqual({ version: 0, rules: sortRules(demoRoutingRules) });
    const changed = await put(withLead(demoRoutingRules, "land-acquisition", "housing"), 0);
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(1);
    const routed = await routedCase({ category: "land-acquisition", region: "xiangshan" });
    expect(await leadOf(routed.id)).toBe("housing");
  });
});
