// The console never shows or allows what the API would not for the same person: for every
// role at the bureau, the lead agency, its superior and the respondent, on cases in several
// statuses, a case page is 404 exactly when the API says 404, and its command buttons are
// exactly the case's allowedActions as GET /v1/cases/{id} lists them. Every console route
// has a row in the page-rights table (the oversight pages' included), and the table's rows
// refuse as the rights table says.
import { describe, expect, it } from "vitest";
import { createConsoleApp } from "../../shared/console/app.js";
import { pageActions } from "../../shared/console/guard.js";
import { en } from "../../shared/console/i18n/en.js";
import { ROLES, type Role } from "../../shared/domain/model.js";
import { ConsoleBrowser, buttonsOf } from "../support/console.js";
import {
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

const commandOfLabel = new Map(Object.entries(en.commands).map(([command, label]) => [label, command]));

async function post(path: string, body: unknown, as = intake) {
  const res = await stack.call("POST", path, as, body);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as { id: string; status: string };
}

/** Cases in four statuses: registered, transferred (with an owning leader), accepted, under review. */
async function casesInStatuses(): Promise<string[]> {
  const make = async () => (await post("/v1/cases", registration({ respondent: { agency: "natres" } }))).id;
  const [registered, transferred, accepted, reviewing] = [
    await make(),
    await make(),
    await make(),
    await make(),
  ];
  for (const id of [transferred, accepted, reviewing])
    await post(`/v1/cases/${id}/route`, { kind: "transfer" });
  await stack.drain();
  await post(`/v1/cases/${transferred}/assign-leader`, { leader: "leader@bureau" }, coordinator);
  for (const id of [accepted, reviewing]) await post(`/v1/cases/${id}/acknowledge`, {}, hrssHandler);
  await post(`/v1/cases/${reviewing}/reply`, { summary: "Paid", text: "The arrears were paid." }, hrssHead);
  await post(`/v1/cases/${reviewing}/request-review`, { reason: "Not all was paid." });
  await stack.drain();
  return [registered!, transferred!, accepted!, reviewing!];
}

describe("case pages against the API, role by role", () => {
  it("show exactly the commands the API allows, and 404 exactly where the API does", async () => {
    const ids = await casesInStatuses();
    const statuses = await Promise.all(
      ids.map(
        async (id) =>
          ((await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as { status: string }).status,
      ),
    );
    expect(statuses).toEqual(["registered", "transferred", "accepted", "review_requested"]);

    let compared = 0;
    let withButtons = 0;
    for (const agency of ["bureau", "hrss", "gov", "natres"])
      for (const role of ROLES as readonly Role[]) {
        const person = who(agency, role);
        const browser = new ConsoleBrowser(stack);
        await browser.signIn(person);
        await browser.get("/console?lang=en");
        for (const id of ids) {
          const api = await stack.call("GET", `/v1/cases/${id}`, person);
          const page = await browser.get(`/console/cases/${id}`);
          const where = `${role}@${agency} on ${id}`;
          expect(page.status, where).toBe(api.status);
          compared++;
          if (api.status !== 200) continue;
          const allowed = ((await api.json()) as { allowedActions: string[] }).allowedActions;
          const shown = buttonsOf(page.html)
            .filter((name) => name !== en.signOut && name !== en.case.showIdentity)
            .map((name) => commandOfLabel.get(name) ?? `not a command: ${name}`);
          expect(shown.sort(), where).toEqual([...allowed].sort());
          if (allowed.length) withButtons++;
        }
      }
    expect(compared).toBe(4 * ROLES.length * ids.length);
    // The comparison meant something: many people had commands, and some saw nothing at all.
    expect(withButtons).toBeGreaterThan(10);
  });
});

describe("the page-rights table", () => {
  const consoleRoutes = (app: { routes: { method: string; path: string }[] }, mount: string) =>
    app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith(mount))
      .map((r) => `${r.method} ${r.path.slice(mount.length) || "/"}`);

  it("has a row for every console route, local and Cognito sign-in alike, and none for a route that is not there", () => {
    const cognito = createConsoleApp(stack.deps, {
      auth: {
        kind: "cognito",
        signInPage: async (c) => c.redirect("/console/callback"),
        complete: async () => hrssHandler,
        signedOutLocation: () => "/console/sign-in",
      },
      sessionKey: "cd".repeat(32),
      secureCookies: true,
      sessionMaxAgeSeconds: 3600,
    });
    const routes = new Set([...consoleRoutes(stack.app, "/console"), ...consoleRoutes(cognito, "")]);
    expect([...routes].sort()).toEqual(Object.keys(pageActions).sort());
  });

  it("refuses a page the person's roles and place do not grant, before reading anything", async () => {
    const refusals: [ReturnType<typeof who>, string][] = [
      [hrssHandler, "/console/register"],
      [who("hrss", "coordinator"), "/console/register"],
      [who("bureau", "auditor"), "/console/register"],
      // The bureau's oversight pages: escalations for the bureau, meetings for their readers, statistics for heads and the bureau.
      [hrssHandler, "/console/escalations"],
      [who("hrss", "coordinator"), "/console/escalations"],
      [hrssHandler, "/console/meetings"],
      [who("bureau", "intake"), "/console/meetings"],
      [hrssHandler, "/console/statistics"],
    ];
    for (const [person, path] of refusals) {
      const browser = new ConsoleBrowser(stack);
      await browser.signIn(person);
      expect((await browser.get(path)).status, `${person.sub} ${path}`).toBe(403);
    }
    const id = (await post("/v1/cases", registration())).id;
    const handler = new ConsoleBrowser(stack);
    await handler.signIn(hrssHandler);
    expect((await handler.get(`/console/cases/${id}/access-log`)).status).toBe(403);
    const auditor = new ConsoleBrowser(stack);
    await auditor.signIn(who("bureau", "auditor"));
    expect((await auditor.get(`/console/cases/${id}/access-log`)).status).toBe(200);
    // An auditor changes nothing, not even by a form made up by hand.
    const page = await auditor.get(`/console/cases/${id}`);
    const note = await auditor.post(`/console/cases/${id}/note`, { _version: "1", text: "x" }, page);
    expect(note.status).toBe(403);
  });
});
