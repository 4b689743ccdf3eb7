// What officers asked for on the inbox, against the real stack: saved views (kept per person,
// applied in one click, capped, deleted) and bulk routing (each case its own command by the
// rules; a refusal says why and stops nothing; sent again, nothing is routed twice; only for
// those who may route). CSRF on every form. The CSV export: console-officer-export.test.ts.
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import { en } from "../../shared/console/i18n/en.js";
import { ConsoleBrowser, alertsOf, buttonsOf, controlOf, textOf } from "../support/console.js";
import {
  auditor,
  coordinator,
  hrssHandler,
  intake,
  registration,
  useTestStack,
  type TestStack,
} from "../support/factories.js";
import { checkboxesOf, resultsOf, viewsOf } from "../support/inbox.js";
import { scanTable } from "../support/steps.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

interface CaseJson {
  id: string;
  code: string;
  status: string;
  leadAgency?: string;
}

async function register(overrides: Record<string, unknown> = {}): Promise<CaseJson> {
  const res = await stack.call("POST", "/v1/cases", intake, registration(overrides));
  expect(res.status).toBe(201);
  return (await res.json()) as CaseJson;
}

async function apiCase(id: string): Promise<CaseJson> {
  return (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as CaseJson;
}

async function signedIn(who: Identity): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(who);
  await browser.get("/console?lang=en");
  return browser;
}

async function events(id: string) {
  const res = await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake);
  return ((await res.json()) as { items: { type: string; actor: string }[] }).items;
}

describe("saved views", () => {
  it("keeps the filters applied now under a name, opens them in one click, and deletes them — each person their own", async () => {
    const officer = await signedIn(intake);
    const inbox = await officer.get("/console?status=registered&category=other");
    expect(controlOf(inbox.html, en.views.name)).toContain('name="name"');
    expect(buttonsOf(inbox.html)).toContain(en.views.save);
    expect(textOf(inbox.html)).toContain(en.views.none);

    const saved = await officer.post("/console/views", {
      name: "Unrouted others",
      status: "registered",
      category: "other",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe("/console?status=registered&category=other&done=view-saved");
    const shown = await officer.follow(saved);
    expect(textOf(shown.html)).toContain(en.views.saved);
    const [view] = viewsOf(shown.html);
    expect(view).toMatchObject({
      name: "Unrouted others",
      href: "/console?status=registered&category=other",
    });
    expect(view!.current).toBe(true);

    // From the unfiltered inbox the view is one link away, and opens with its filters chosen.
    const plain = await officer.get("/console");
    expect(viewsOf(plain.html)).toEqual([{ ...view, current: false }]);
    const applied = await officer.get(view!.href);
    expect(controlOf(applied.html, en.inbox.status)).toMatch(/<option value="registered" selected="">/);
    expect(controlOf(applied.html, en.inbox.category)).toMatch(/<option value="other" selected="">/);
    expect(viewsOf(applied.html)[0]!.current).toBe(true);

    // The same name again keeps one view, with the new filters.
    await officer.post("/console/views", { name: "Unrouted others", overdue: "true" });
    const replaced = viewsOf((await officer.get("/console")).html);
    expect(replaced).toEqual([
      { id: view!.id, name: "Unrouted others", href: "/console?overdue=true", current: false },
    ]);

    // Held under the person, as filter values only.
    expect(await stack.deps.store.listViews(intake.sub)).toEqual([
      { id: view!.id, name: "Unrouted others", filters: { overdue: "true" }, savedAt: expect.any(String) },
    ]);
    const someoneElse = await signedIn(coordinator);
    expect(viewsOf((await someoneElse.get("/console")).html)).toEqual([]);
    // Nor can they delete it.
    const theirs = await someoneElse.post(`/console/views/${view!.id}/delete`, {});
    expect(theirs.status).toBe(404);
    expect(await stack.deps.store.listViews(intake.sub)).toHaveLength(1);

    const deleted = await officer.post(`/console/views/${view!.id}/delete`, { status: "registered" });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe("/console?status=registered&done=view-deleted");
    const after = await officer.follow(deleted);
    expect(textOf(after.html)).toContain(en.views.deleted);
    expect(viewsOf(after.html)).toEqual([]);
    expect(await stack.deps.store.listViews(intake.sub)).toEqual([]);
  });

  it("checks the name as text, beside its field, keeping what was typed; and stops at the cap", async () => {
    const person = { ...auditor };
    const officer = await signedIn(person);
    const refusals: [string, string][] = [
      ["   ", en.fieldErrors.required],
      ["a".repeat(61), en.fieldErrors.tooLong(60)],
      ["mine\u202etxt", en.fieldErrors.text],
    ];
    for (const [name, message] of refusals) {
      await officer.get("/console?channel=letter");
      const page = await officer.post("/console/views", { name, channel: "letter" });
      expect(page.status, JSON.stringify(name)).toBe(422);
      expect(alertsOf(page.html)).toEqual([message]);
      expect(controlOf(page.html, en.views.name)).toContain('aria-invalid="true"');
      // The inbox is shown with the filters it was sent from.
      expect(controlOf(page.html, en.inbox.channel)).toMatch(/<option value="letter" selected="">/);
    }
    expect(await stack.deps.store.listViews(person.sub)).toEqual([]);

    const form = await officer.get("/console");
    for (let i = 1; i <= 20; i++) {
      const saved = await officer.post("/console/views", { name: `View ${i}`, region: "chengguan" }, form);
      expect(saved.status).toBe(303);
    }
    const full = await officer.post("/console/views", { name: "View 21", region: "xiangshan" }, form);
    expect(full.status).toBe(422);
    expect(alertsOf(full.html)).toEqual([en.views.full(20)]);
    expect(controlOf(full.html, en.views.name)).toContain('value="View 21"');
    expect(await stack.deps.store.listViews(person.sub)).toHaveLength(20);
    // At the cap a view is still replaced under its own name.
    expect((await officer.post("/console/views", { name: "View 3", region: "xiangshan" }, form)).status).toBe(
      303,
    );
    const views = await stack.deps.store.listViews(person.sub);
    expect(views).toHaveLength(20);
    expect(views[2]).toMatchObject({ name: "View 3", filters: { region: "xiangshan" } });
  });

  it("stores views as filter values and names only: no case and no person in the table's VIEWS items", async () => {
    const kase = await register({ title: "Views: pensions" });
    const officer = await signedIn(intake);
    const inbox = await officer.get("/console?status=registered&region=industrial-park");
    expect(inbox.html).toContain(kase.code);
    await officer.post("/console/views", {
      name: "Park, registered",
      status: "registered",
      region: "industrial-park",
    });

    const items = (await scanTable(stack))
      .map((i) => unmarshall(i))
      .filter((i) => String(i.pk).startsWith("VIEWS#"));
    expect(items.map((i) => i.pk)).toContain(`VIEWS#${intake.sub}`);
    const person = registration().petitioner;
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(["pk", "sk", "version", "views"]);
      for (const view of item.views as Record<string, unknown>[]) {
        expect(Object.keys(view).sort()).toEqual(["filters", "id", "name", "savedAt"]);
        for (const [key, value] of Object.entries(view.filters as Record<string, string>)) {
          expect(["status", "category", "region", "channel", "overdue"]).toContain(key);
          expect(value).toMatch(/^[a-z][a-z0-9_-]*$/);
        }
      }
      const text = JSON.stringify(item);
      for (const needle of [person.name, person.idNumber, person.phone, person.address, kase.id, kase.code])
        expect(text).not.toContain(needle);
    }
  });

  it("holds the cap exactly when saves race, each one saved or refused", async () => {
    const owner = "race@bureau";
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        stack.deps.store.saveView(owner, { id: `v${i}`, name: `Race ${i}`, filters: {}, savedAt: "" }, 20),
      ),
    );
    const stored = await stack.deps.store.listViews(owner);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(20);
    expect(stored.map((v) => v.id).sort()).toEqual(outcomes.flatMap((o) => (o.ok ? [o.view.id] : [])).sort());
  });

  it("refuses to save or delete without the form's CSRF token, and changes nothing", async () => {
    const officer = await signedIn(coordinator);
    await officer.get("/console");
    await officer.post("/console/views", { name: "Kept", status: "registered" });
    const [kept] = await stack.deps.store.listViews(coordinator.sub);
    for (const path of ["/console/views", `/console/views/${kept!.id}/delete`]) {
      for (const token of [undefined, "forged"]) {
        const answer = await officer.request("POST", path, {
          form: { name: "Forged", ...(token ? { _csrf: token } : {}) },
        });
        expect(answer.status, path).toBe(403);
      }
    }
    expect(await stack.deps.store.listViews(coordinator.sub)).toEqual([kept]);
  });
});

describe("bulk routing", () => {
  it("routes each ticked case by the rules as its own command, says why one was refused, and routes nothing twice", async () => {
    const pensions = await register({ title: "Bulk: pensions" });
    const wages = await register({ title: "Bulk: wages", region: "chengguan" });
    const other = await register({ title: "Bulk: a fence", category: "other" });
    const ids = [pensions.id, wages.id, other.id];

    const chair = await signedIn(coordinator);
    const inbox = await chair.get("/console?status=registered");
    expect(checkboxesOf(inbox.html)).toEqual(expect.arrayContaining(ids));
    expect(inbox.html).toContain(`aria-label="Select ${other.code}"`);
    expect(buttonsOf(inbox.html)).toContain(en.bulkRoute.submit);

    const answer = await chair.post("/console/route-selected", { case: ids });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain(`<h1>${en.bulkRoute.heading}</h1>`);
    expect(textOf(answer.html)).toContain(en.bulkRoute.summary(2, 1));
    const results = resultsOf(answer.html);
    expect(results.map((r) => [r.code, r.title, r.result])).toEqual([
      [pensions.code, "Bulk: pensions", en.bulkRoute.routed],
      [wages.code, "Bulk: wages", en.bulkRoute.routed],
      [other.code, "Bulk: a fence", en.bulkRoute.refused],
    ]);
    expect(results[0]!.why).toBe(en.bulkRoute.routedTo("Human Resources and Social Security Bureau"));
    expect(results[2]!.why).toContain(en.bulkRoute.reasons.noRule);
    expect(results[2]!.why).toContain('No routing rule covers category "other"');

    // Each its own command, by the coordinator; the router applies the two.
    expect((await apiCase(other.id)).status).toBe("registered");
    await stack.drain();
    for (const k of [pensions, wages]) {
      expect(await apiCase(k.id)).toMatchObject({ status: "transferred", leadAgency: "hrss" });
      const routed = (await events(k.id)).filter((e) => e.type === "route_requested");
      expect(routed.map((e) => e.actor)).toEqual([coordinator.sub]);
    }

    // Sent again (a reload, a second click): nothing is routed twice.
    const again = await chair.post("/console/route-selected", { case: ids }, inbox);
    expect(again.status).toBe(200);
    expect(textOf(again.html)).toContain(en.bulkRoute.summary(0, 3));
    const second = resultsOf(again.html);
    expect(second.map((r) => r.result)).toEqual(Array(3).fill(en.bulkRoute.refused));
    expect(second[0]!.why).toBe(en.bulkRoute.reasons.alreadyRouted(en.statuses.transferred));
    expect(second[2]!.why).toContain(en.bulkRoute.reasons.noRule);
    await stack.drain();
    for (const k of [pensions, wages])
      expect((await events(k.id)).filter((e) => e.type === "route_requested")).toHaveLength(1);
    expect((await events(other.id)).map((e) => e.type)).toEqual(["registered"]);
  });

  it("shows no boxes to those who may not route, and refuses their hand-made POST", async () => {
    const kase = await register({ title: "Bulk: not theirs" });
    for (const person of [auditor, hrssHandler]) {
      const browser = await signedIn(person);
      const page = await browser.get("/console?status=registered");
      expect(checkboxesOf(page.html), person.sub).toEqual([]);
      expect(buttonsOf(page.html)).not.toContain(en.bulkRoute.submit);
      const forged = await browser.post("/console/route-selected", { case: kase.id }, page);
      expect(forged.status, person.sub).toBe(403);
    }
    // Only registered cases carry a box, even for the coordinator.
    const chair = await signedIn(coordinator);
    const open = await chair.get("/console");
    const registeredIds = (await Promise.all(checkboxesOf(open.html).map(apiCase))).map((k) => k.status);
    expect(new Set(registeredIds)).toEqual(new Set(["registered"]));
    expect(await apiCase(kase.id)).toMatchObject({ status: "registered" });
  });

  it("refuses a batch without the CSRF token, an empty one and one over the cap, routing nothing", async () => {
    const kase = await register({ title: "Bulk: held back" });
    const chair = await signedIn(coordinator);
    for (const token of [undefined, "forged"]) {
      const answer = await chair.request("POST", "/console/route-selected", {
        form: { case: kase.id, ...(token ? { _csrf: token } : {}) },
      });
      expect(answer.status).toBe(403);
    }
    await chair.get("/console?status=registered");
    const none = await chair.post("/console/route-selected", {});
    expect(none.status).toBe(422);
    expect(alertsOf(none.html)).toEqual([en.bulkRoute.none]);
    const fifty = Array.from({ length: 50 }, (_, i) => `01K${String(i).padStart(23, "0")}`);
    const over = await chair.post("/console/route-selected", { case: [kase.id, ...fifty] }, none);
    expect(over.status).toBe(422);
    expect(alertsOf(over.html)).toEqual([en.bulkRoute.tooMany(50, 51)]);
    expect((await chair.post("/console/route-selected", { case: "not-a-case" }, none)).status).toBe(400);
    expect(await apiCase(kase.id)).toMatchObject({ status: "registered" });
  });
});
