// The rights matrix, generated from the app's own route table: every /v1 route × every
// role × {own agency, another agency, the respondent agency} and no token, against cases
// in several statuses. The expected answer of each cell is computed from the rights
// table (shared/domain/rights.ts) and the lifecycle table (`machine`), with visibility and
// reveals re-stated here as docs/access.md words them (a respondent sees nothing; identity
// is need to know, not rank); nothing is written down per case. A route that has no row in
// the rights table fails this file.
import { beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { machine, type CommandName, type Party } from "../../shared/domain/lifecycle.js";
import { ROLES, type Case, type Role } from "../../shared/domain/model.js";
import { rights, type Action, type Grant } from "../../shared/domain/rights.js";
import { createApp } from "../../shared/http/app.js";
import { issueLocalToken, localTokenVerifier } from "../../infra/local/tokens.js";
import { actionOf } from "../../shared/http/guard.js";
import { registration, useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const RESPONDENT = "housing";
const LEADER_SUB = "leader@gov";

/** Where each role sits when it is "own": the bureau's roles in the bureau, the owning leader at gov, the rest at the lead agency. */
const OWN: Record<Role, string> = {
  intake: "bureau",
  coordinator: "bureau",
  auditor: "bureau",
  leader: "gov",
  handler: "hrss",
  agency_head: "hrss",
  meeting_member: "hrss",
};
const PLACES = { own: (r: Role) => OWN[r], other: () => "natres", respondent: () => RESPONDENT } as const;

const identities: { label: string; who?: Identity }[] = [
  { label: "no token" },
  ...ROLES.flatMap((role) =>
    (Object.keys(PLACES) as (keyof typeof PLACES)[]).map((place) => {
      const agency = PLACES[place](role);
      return {
        label: `${role}@${agency} (${place})`,
        who: { sub: `${role}@${agency}`, agency, roles: [role] } as Identity,
      };
    }),
  ),
];

/** A valid body for each route that takes one; a route that needs one and has none here fails with a 400 its row cannot explain. */
const bodies: Record<string, (ids: { other: string }) => unknown> = {
  "POST /v1/cases": () => registration({ petitioner: freshPetitioner(), respondent: { agency: RESPONDENT } }),
  route: () => ({ kind: "transfer" }),
  // A case's paper (docs/notices.md, docs/attachments.md): the notice or file named may not exist.
  attachments: () => ({
    filename: "a.pdf",
    contentType: "application/pdf",
    size: 10,
    sha256: "0".repeat(64),
  }),
  complete: () => ({}),
  delivered: () => ({ method: "post", at: "2026-09-30T02:00:00.000Z" }),
  acknowledge: () => ({}),
  decline: () => ({ reason: "Not a petition matter", basis: "信访工作条例 Art. 31" }),
  object: () => ({ reason: "Not ours" }),
  "resolve-dispute": () => ({ to: "natres" }),
  "add-cohandler": () => ({ agency: "sasac" }),
  note: () => ({ text: "Called the factory" }),
  "request-extension": () => ({ days: 10, reason: "Awaiting the audit" }),
  "approve-extension": () => ({ approve: true }),
  pause: () => ({ reason: "awaiting_petitioner" }),
  resume: () => ({}),
  reply: () => ({ summary: "Paid", text: "The arrears are paid." }),
  "request-review": () => ({ reason: "Amount wrong" }),
  "review-opinion": () => ({ decision: "upheld", text: "The reply stands." }),
  "request-re-review": () => ({ reason: "Still wrong" }),
  "re-review-opinion": () => ({ decision: "upheld", text: "Final." }),
  "assign-leader": () => ({ leader: LEADER_SUB }),
  instruct: () => ({ text: "Settle it this month" }),
  supervise: () => ({ note: "Report weekly" }),
  "flag-joint-handling": () => ({ note: "Several agencies" }),
  hearing: () => ({ at: "2026-10-02T02:00:00Z", participants: ["deputies", "lawyers"] }),
  rate: () => ({ rating: "satisfied" }),
  "link-repeat": ({ other }) => ({ caseId: other }),
};

// ---- the oracle: docs/access.md and the lifecycle's parties restated over the two tables --

function inScope(who: Identity, g: Grant, pathAgency: string | undefined): boolean {
  if (g.scope === "bureau") return who.agency === "bureau";
  if (g.scope === "path-agency") return who.agency === pathAgency;
  return true;
}
const granted = (who: Identity, action: Action, pathAgency?: string) =>
  rights.get(action)!.grants.some((g) => who.roles.includes(g.role) && inScope(who, g, pathAgency));

function visible(c: Case, who: Identity): boolean {
  if (c.respondent?.agency === who.agency) return false; // Art. 30, 46
  if (who.agency === "bureau") return true;
  if (c.leader === who.sub && who.roles.includes("leader")) return true;
  return c.involved.includes(who.agency);
}

function partyIs(c: Case, who: Identity, party: Party): boolean {
  const reviewing =
    c.status === "review_requested"
      ? c.reviewer
      : c.status === "re_review_requested"
        ? c.reReviewer
        : undefined;
  return {
    bureau: who.agency === "bureau",
    lead: who.agency === c.leadAgency,
    reviewer: who.agency === reviewing,
    leader: c.leader === who.sub,
    involved: who.agency === "bureau" || c.involved.includes(who.agency) || c.leader === who.sub,
    meeting: who.agency === "bureau",
    system: false,
  }[party];
}

/** Need to know (docs/access.md), restated: who works the case may reveal its identities. */
function mayReveal(c: Case, who: Identity): boolean {
  if (c.respondent?.agency === who.agency) return false;
  if (who.agency === "bureau") return who.roles.some((r) => r === "intake" || r === "coordinator");
  if (!who.roles.some((r) => r === "handler" || r === "agency_head")) return false;
  const reviewing =
    c.status === "review_requested"
      ? c.reviewer
      : c.status === "re_review_requested"
        ? c.reReviewer
        : undefined;
  return who.agency === c.leadAgency || c.cohandlers.includes(who.agency) || who.agency === reviewing;
}

/** Routes outside /v1/cases/{id} whose every answer this file can predict exactly. */
const FIXTURED = new Set([
  "POST /v1/cases",
  "GET /v1/cases",
  "GET /v1/agencies",
  "GET /v1/categories",
  "GET /v1/routing-rules",
  "GET /v1/routing-rules/history",
  "GET /v1/notifications",
]);

type Expectation = { statuses: number[]; why: string };
const PAPER = new Set<string>([
  "cases.noticePdf",
  "cases.noticeDelivered",
  "cases.attachments.add",
  "cases.attachments.read",
]);
const OK_COMMAND = [200, 202, 409, 422]; // allowed: applied, or refused by a rule of the case's own state

function expectation(
  method: string,
  path: string,
  who: Identity | undefined,
  c: Case | undefined,
): Expectation {
  if (!who) return { statuses: [401], why: "no token" };
  const action = actionOf(method, path)!;
  const pathAgency = path.startsWith("/v1/agencies/{") ? who.agency : undefined;
  if (!granted(who, action, pathAgency)) return { statuses: [403], why: `no grant for ${action}` };
  if (!c) return { statuses: method === "POST" ? [201] : [200], why: `${action} granted` };
  if (!visible(c, who)) return { statuses: [404], why: "case not visible" };
  // Paper that names the petitioner: for those who work the case; the notice or file the cell
  // names (acceptance-1, an id never given) may not be there.
  if (PAPER.has(action))
    return mayReveal(c, who)
      ? { statuses: [200, 201, 404], why: `${action} by one who works the case` }
      : { statuses: [403], why: `${action} is for those who work the case` };
  if (!action.startsWith("command:")) return { statuses: [200], why: `${action} on a visible case` };
  const command = action.slice("command:".length) as CommandName;
  const t = machine[c.status][command];
  if (!t) return { statuses: [409], why: `${c.status} takes no ${command}` };
  if (!partyIs(c, who, t.party)) return { statuses: [403], why: `${command} is for the ${t.party}` };
  if (!t.roles.some((r) => who.roles.includes(r)))
    return { statuses: [403], why: `${command} in ${c.status} is for ${t.roles.join("/")}` };
  return { statuses: OK_COMMAND, why: `${command} allowed in ${c.status}` };
}

// ---- fixtures: cases in several statuses, built through the API ------------------------

/** A new petitioner each time: the same one again on a final matter would be closed as a repeat (Art. 36). */
let petitioners = 0;
const freshPetitioner = () => ({
  name: "王建国",
  idNumber: `4101021970${String(++petitioners).padStart(8, "0")}`,
});

const bureau = { sub: "coordinator@bureau", agency: "bureau", roles: ["intake", "coordinator"] } as Identity;

async function post(id: string, action: string, as: Identity, body: unknown) {
  const res = await stack.call("POST", `/v1/cases/${id}/${action}`, as, body);
  expect(res.status, `${action} while building a fixture`).toBeLessThan(300);
}

async function acceptedCase() {
  const id = await builders.transferred!();
  await post(id, "acknowledge", { sub: "h@hrss", agency: "hrss", roles: ["handler"] }, {});
  return id;
}

const builders: Record<string, () => Promise<string>> = {
  async registered() {
    const res = await stack.call(
      "POST",
      "/v1/cases",
      bureau,
      registration({
        petitioner: freshPetitioner(),
        respondent: { agency: RESPONDENT, official: "Director Zhang" },
      }),
    );
    const { id } = (await res.json()) as { id: string };
    await post(id, "assign-leader", bureau, { leader: LEADER_SUB });
    return id;
  },
  async transferred() {
    const id = await builders.registered!();
    await post(id, "route", bureau, { kind: "transfer" });
    await stack.drain();
    return id;
  },
  async accepted() {
    const id = await acceptedCase();
    // Here the owning leader sits at the respondent agency: the respondent rule must win over leader ownership.
    await post(id, "assign-leader", bureau, { leader: `leader@${RESPONDENT}` });
    return id;
  },
  async review_requested() {
    const id = await acceptedCase();
    await post(
      id,
      "reply",
      { sub: "h@hrss", agency: "hrss", roles: ["handler"] },
      { summary: "Paid", text: "Paid." },
    );
    await post(id, "request-review", bureau, { reason: "Amount wrong" });
    return id;
  },
  async final() {
    const id = await builders.review_requested!();
    await post(
      id,
      "review-opinion",
      { sub: "h@gov", agency: "gov", roles: ["handler"] },
      { decision: "upheld", text: "Stands." },
    );
    await post(id, "request-re-review", bureau, { reason: "Still wrong" });
    await post(
      id,
      "re-review-opinion",
      { sub: "h@city-gov", agency: "city-gov", roles: ["agency_head"] },
      { decision: "upheld", text: "Final." },
    );
    return id;
  },
};

/** The action a 403 problem names when the guard refused it. */
function problemAction(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { action?: string }).action;
  } catch {
    return undefined;
  }
}

/** Every /v1 route the app has, as OpenAPI writes paths. */
function v1Routes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of stack.app.routes) {
    if (r.method === "ALL" || !r.path.startsWith("/v1/")) continue;
    const path = r.path.replace(/:([^/]+)/g, "{$1}");
    seen.set(`${r.method} ${path}`, { method: r.method, path });
  }
  return [...seen.values()];
}

/** How the matrix calls a route: whether it acts on one case, the command it names, and a valid body, if it takes one. */
function callPlan(route: { method: string; path: string }, other: string) {
  const key = `${route.method} ${route.path}`;
  const caseScoped = route.path.startsWith("/v1/cases/{");
  const command = caseScoped && route.method === "POST" ? route.path.split("/").at(-1)! : undefined;
  const sample = bodies[command ?? key];
  const lacksSample = route.method !== "GET" && !sample && (command !== undefined || FIXTURED.has(key));
  const body = route.method === "GET" ? undefined : (sample?.({ other }) ?? {});
  return { ...route, key, caseScoped, command, lacksSample, body };
}

describe("the rights matrix", () => {
  it("has a row in the rights table for every route the app serves", () => {
    const missing = v1Routes()
      .filter((r) => actionOf(r.method, r.path) === undefined)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing, "routes without a row in shared/http/guard.ts routeActions").toEqual([]);
    expect(v1Routes().length).toBeGreaterThanOrEqual(32);
  });

  it("refuses, at run time, a route added without a row, to every role", async () => {
    const app = createApp(stack.deps, {
      claims: { kind: "local", verify: localTokenVerifier(stack.secret) },
    });
    app.get("/v1/unlisted", (c) => c.json({ secret: true }));
    const token = await issueLocalToken(
      stack.secret,
      { sub: "all@bureau", agency: "bureau", roles: [...ROLES] },
      stack.clock.now(),
    );
    const res = await app.request("/v1/unlisted", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  describe("every route × role × place, against cases in several statuses", () => {
    /** The case of each status in `builders`, rebuilt whenever a cell moves it on. */
    const fixtures: Record<string, string> = {};
    /** A case for link-repeat to point at. */
    let other = "";
    let cells = 0;

    beforeAll(async () => {
      for (const [status, build] of Object.entries(builders)) fixtures[status] = await build();
      other = await builders.registered!();
    });

    /** The routes with a row (a route without one is reported by the first test of this file), each with its plan. */
    const plans = () =>
      v1Routes()
        .filter((r) => actionOf(r.method, r.path))
        .map((r) => callPlan(r, other));

    /** Call one cell and hold it to the oracle: its status, and a failure line when the oracle wants another. */
    async function checkCell(
      method: string,
      path: string,
      label: string,
      who: Identity | undefined,
      url: string,
      body: unknown,
      c: Case | undefined,
    ) {
      const want = expectation(method, path, who, c);
      const res = await stack.call(method, url, who, body);
      cells++;
      if (!want.statuses.includes(res.status)) {
        return {
          status: res.status,
          failure: `${method} ${path} as ${label}${c ? ` on a ${c.status} case` : ""}: got ${res.status}, want ${want.statuses.join("|")} (${want.why}) ${res.status >= 400 ? await res.text() : ""}`,
        };
      }
      if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
      return { status: res.status, failure: undefined };
    }

    it("has a valid sample body for every command and fixtured route that takes one", () => {
      const lacking = plans()
        .filter((p) => p.lacksSample)
        .map(
          (p) =>
            `${p.key}: no sample body in this file's \`bodies\`; add a valid one so its cells can be checked`,
        );

      expect(lacking).toEqual([]);
    });

    it("answers the routes outside a case that it has fixtures for exactly as the tables say", async () => {
      const failures: string[] = [];

      for (const route of plans().filter((p) => !p.caseScoped && FIXTURED.has(p.key) && !p.lacksSample)) {
        for (const { label, who } of identities) {
          const url = route.path.replace(/\{[^}]+\}/g, who?.agency ?? "bureau");
          const { failure } = await checkCell(
            route.method,
            route.path,
            label,
            who,
            url,
            route.body,
            undefined,
          );
          if (failure) failures.push(failure);
        }
      }

      expect(failures).toEqual([]);
    });

    it("answers every route of a case, on a case in each status, as the rights and lifecycle tables say", async () => {
      const failures: string[] = [];

      for (const route of plans().filter((p) => p.caseScoped && !p.lacksSample)) {
        for (const status of Object.keys(builders)) {
          for (const { label, who } of identities) {
            const before = (await stack.deps.store.getCase(fixtures[status]!))!;
            const answer = await checkCell(
              route.method,
              route.path,
              label,
              who,
              route.path
                .replace("{id}", before.id)
                .replace("{noticeId}", "acceptance-1")
                .replace("{attachmentId}", "01ARZ3NDEKTSV4RRFFQ69G5FAV"),
              route.body,
              before,
            );
            if (answer.failure) failures.push(answer.failure);
            // A command that moved the case on: rebuild the fixture, so every cell meets the status it names.
            if (answer.status < 300 && route.command) {
              const after = (await stack.deps.store.getCase(before.id))!;
              if (after.status !== before.status) fixtures[status] = await builders[status]!();
            }
          }
        }
      }

      expect(failures).toEqual([]);
      // Each cell that moves a case on rebuilds its fixture through the API, drains included: on a
      // busy two-core machine the whole grid takes minutes.
    }, 300_000);

    it("holds the routes outside a case that it has no fixtures for to their row: 401, the guard's 403, or through the guard", async () => {
      // Meetings, stats, webhooks, routing rules: 401 without a token, the guard's 403 where
      // the table grants nothing; where it grants, the guard lets the request through.
      const failures: string[] = [];

      for (const route of plans().filter((p) => !p.caseScoped && !FIXTURED.has(p.key))) {
        for (const { label, who } of identities) {
          const url = route.path.replace(/\{[^}]+\}/g, who?.agency ?? "bureau");
          const want = expectation(route.method, route.path, who, undefined);
          const res = await stack.call(route.method, url, who, route.body);
          cells++;
          const text = await res.text();
          const refusedByGuard =
            res.status === 403 && problemAction(text) === actionOf(route.method, route.path);
          const ok =
            want.statuses.includes(401) || want.statuses.includes(403)
              ? want.statuses.includes(res.status)
              : res.status < 500 && res.status !== 401 && !refusedByGuard;
          if (!ok)
            failures.push(
              `${route.key} as ${label}: got ${res.status}, want ${want.statuses.join("|")} (${want.why}) ${text}`,
            );
        }
      }

      expect(failures).toEqual([]);
    });

    it("reveals the petitioner to exactly those who work the case, on every status, to every caller", async () => {
      const failures: string[] = [];
      let reveals = 0;

      for (const status of Object.keys(builders)) {
        for (const { label, who } of identities) {
          const c = (await stack.deps.store.getCase(fixtures[status]!))!;
          const want = !who ? 401 : !visible(c, who) ? 404 : mayReveal(c, who) ? 200 : 403;
          const res = await stack.call("GET", `/v1/cases/${c.id}?reveal=petitioner`, who);
          const body = await res.text();
          cells++;
          reveals++;
          if (res.status !== want)
            failures.push(
              `reveal as ${label} on a ${c.status} case: got ${res.status}, want ${want} ${body}`,
            );
          else if (want === 200 && !body.includes("王建国"))
            failures.push(`reveal as ${label} on a ${c.status} case: 200 without the identity`);
          else if (want !== 200 && body.includes("王建国"))
            failures.push(`reveal as ${label} on a ${c.status} case: ${res.status} leaks the identity`);
        }
      }

      expect(reveals).toBe(Object.keys(builders).length * identities.length);
      expect(failures).toEqual([]);
    });

    it("has checked more than 2,500 cells in all", () => {
      console.info(
        `rights matrix: ${v1Routes().length} routes, ${identities.length} callers, ${cells} cells checked`,
      );

      expect(cells).toBeGreaterThan(2500);
    });
  });
});
