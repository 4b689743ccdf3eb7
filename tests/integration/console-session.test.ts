// The console's session and what guards every page: local sign-in and its sealed cookie,
// a tampered, foreign or expired cookie being no session, sign-out, CSRF on every POST,
// the language switch, and the headers and self-containment of every page.
import { describe, expect, it } from "vitest";
import { createConsoleApp } from "../../shared/console/app.js";
import { SessionSeal } from "../../shared/console/session.js";
import { DAY_MS } from "../../shared/durations.js";
import {
  ConsoleBrowser,
  ORIGIN,
  buttonsOf,
  inputValue,
  labelsOf,
  textOf,
  titleOf,
  type Page,
} from "../support/console.js";
import { hrssHandler, intake, registration, useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const sessionCookie = (page: Page) =>
  page.headers.getSetCookie().find((c) => c.startsWith("casebridge_session="));

async function signedIn(who = intake) {
  const browser = new ConsoleBrowser(stack);
  await browser.signIn(who);
  return browser;
}

async function caseCount(): Promise<number> {
  const res = await stack.call("GET", "/v1/cases?limit=100", intake);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe("sign-in", () => {
  it("sends a person without a session to the sign-in page, whose form signs them in", async () => {
    const browser = new ConsoleBrowser(stack);
    const before = await browser.get("/console");
    expect(before.status).toBe(303);
    expect(before.location).toBe("/console/sign-in");

    const form = await browser.get("/console/sign-in?lang=en");
    expect(labelsOf(form.html)).toEqual(["Agency", "Role"]);
    expect(buttonsOf(form.html)).toEqual(["Sign in"]);
    const signed = await browser.post("/console/sign-in", { agency: "hrss", role: "handler" });
    expect(signed.status).toBe(303);
    expect(signed.location).toBe("/console");

    const cookie = sessionCookie(signed)!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/console/);
    // Served over plain http locally: a Secure cookie would never come back.
    expect(cookie).not.toMatch(/; Secure/);
    // Sealed: nothing of who signed in can be read from it.
    expect(cookie).not.toMatch(/hrss|handler/);

    const inbox = await browser.follow(signed);
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain("<h1>Inbox</h1>");
    expect(textOf(inbox.html)).toContain("Signed in as handler@hrss");
  });

  it("refuses an agency the jurisdiction does not have, or a role that does not exist", async () => {
    for (const form of [
      { agency: "nowhere", role: "handler" },
      { agency: "hrss", role: "admin" },
    ]) {
      const browser = new ConsoleBrowser(stack);
      await browser.get("/console/sign-in");
      const answer = await browser.post("/console/sign-in", form);
      expect(answer.status).toBe(400);
      expect(sessionCookie(answer)).toBeUndefined();
      expect((await browser.get("/console")).status).toBe(303);
    }
  });

  it("treats a tampered, foreign or expired cookie as no session", async () => {
    const browser = await signedIn();
    const sealed = browser.cookies.get("casebridge_session")!;
    expect((await browser.get("/console")).status).toBe(200);

    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);
    const foreign = new SessionSeal("ab".repeat(32)).seal({
      sub: "coordinator@bureau",
      agency: "bureau",
      roles: ["coordinator"],
      csrf: "x",
      exp: Math.floor(stack.clock.now().getTime() / 1000) + 3600,
    });
    for (const value of [flip(sealed, 20), flip(sealed, sealed.length - 2), foreign, "not-a-session"]) {
      browser.cookies.set("casebridge_session", value);
      const page = await browser.get("/console");
      expect(page.status).toBe(303);
      expect(page.location).toBe("/console/sign-in");
    }

    browser.cookies.set("casebridge_session", sealed);
    stack.clock.advance(44 * DAY_MS);
    try {
      // Within the 45 days of the local clock a session lasts, as a local token does.
      expect((await browser.get("/console")).status).toBe(200);
      stack.clock.advance(2 * DAY_MS);
      expect((await browser.get("/console")).location).toBe("/console/sign-in");
    } finally {
      stack.clock.advance(-46 * DAY_MS);
    }
  });

  it("signs out with a POST that clears the session", async () => {
    const browser = await signedIn();
    const inbox = await browser.get("/console?lang=en");
    expect(buttonsOf(inbox.html)).toContain("Sign out");
    const out = await browser.post("/console/sign-out", {});
    expect(out.status).toBe(303);
    expect(out.location).toBe("/console/sign-in");
    expect(sessionCookie(out)).toMatch(/Max-Age=0/);
    expect((await browser.get("/console")).status).toBe(303);
  });
});

describe("CSRF", () => {
  const petition = {
    channel: "visit",
    category: "labor-social-security",
    region: "chengguan",
    title: "Unpaid wages",
    description: "Wages unpaid for three months.",
    "petitioner.name": "李四",
  };

  it("refuses a POST without the session's token, or with another, and changes nothing", async () => {
    const browser = await signedIn();
    const before = await caseCount();
    const other = await signedIn();
    const othersToken = inputValue((await other.get("/console/register")).html, "_csrf")!;
    for (const token of [undefined, "forged", othersToken]) {
      const answer = await browser.request("POST", "/console/register", {
        form: { ...petition, ...(token ? { _csrf: token } : {}) },
      });
      expect(answer.status).toBe(403);
      expect(textOf(answer.html)).toContain("表单已过期");
    }
    expect(await caseCount()).toBe(before);

    // The same form with the page's own token registers.
    await browser.get("/console/register");
    const done = await browser.post("/console/register", petition);
    expect(done.status).toBe(303);
    expect(await caseCount()).toBe(before + 1);
  });

  it("refuses a command without the token and leaves the case as it was", async () => {
    const created = await stack.call("POST", "/v1/cases", intake, registration());
    const id = ((await created.json()) as { id: string }).id;
    const browser = await signedIn();
    const page = await browser.get(`/console/cases/${id}`);
    const version = inputValue(page.html, "_version")!;
    const refused = await browser.request("POST", `/console/cases/${id}/note`, {
      form: { _version: version, text: "forged note" },
    });
    expect(refused.status).toBe(403);
    const after = (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as { version: number };
    expect(after.version).toBe(Number(version));
  });

  it("refuses a POST from another origin even with the right token", async () => {
    const browser = await signedIn();
    const page = await browser.get("/console/register");
    const before = await caseCount();
    const token = inputValue(page.html, "_csrf")!;
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const answer = await browser.request("POST", "/console/register", {
        form: { ...petition, _csrf: token },
        headers,
      });
      expect(answer.status).toBe(403);
    }
    // This origin is fine.
    const same = await browser.request("POST", "/console/register", {
      form: { ...petition, _csrf: token },
      headers: { origin: ORIGIN },
    });
    expect(same.status).toBe(303);
    expect(await caseCount()).toBe(before + 1);
  });

  it("checks the sign-in form against its double-submit cookie", async () => {
    const browser = new ConsoleBrowser(stack);
    const form = await browser.get("/console/sign-in");
    const token = inputValue(form.html, "_csrf")!;
    browser.cookies.delete("casebridge_signin");
    const answer = await browser.request("POST", "/console/sign-in", {
      form: { _csrf: token, agency: "bureau", role: "coordinator" },
    });
    expect(answer.status).toBe(403);
    expect(sessionCookie(answer)).toBeUndefined();
  });
});

describe("language", () => {
  it("is Chinese by default, English with ?lang=en, remembered until ?lang=zh", async () => {
    const browser = await signedIn(hrssHandler);
    const zh = await browser.get("/console");
    expect(zh.html).toMatch(/<html lang="zh-Hans">/);
    expect(zh.html).toContain("<h1>收件箱</h1>");

    const en = await browser.get("/console?lang=en");
    expect(en.html).toMatch(/<html lang="en">/);
    expect(en.html).toContain("<h1>Inbox</h1>");
    const kept = await browser.get("/console/notifications");
    expect(kept.html).toMatch(/<html lang="en">/);
    expect(kept.html).toContain("<h1>Notifications</h1>");

    const back = await browser.get("/console/notifications?lang=zh");
    expect(back.html).toMatch(/<html lang="zh-Hans">/);
    expect(titleOf(back.html)).toBe("通知 · Casebridge");
  });
});

describe("every page", () => {
  it("has a CSP with a fresh nonce and no framing, is not stored, and names no other origin", async () => {
    const created = await stack.call("POST", "/v1/cases", intake, registration());
    const id = ((await created.json()) as { id: string }).id;
    const anonymous = new ConsoleBrowser(stack);
    const browser = await signedIn();
    const pages = [
      await anonymous.get("/console/sign-in"),
      await browser.get("/console"),
      await browser.get("/console/register"),
      await browser.get(`/console/cases/${id}`),
      await browser.get(`/console/cases/${id}/access-log`),
      await browser.get("/console/notifications"),
      await browser.get("/console/no-such-page"),
      await browser.get("/console/cases/01K00000000000000000000000"),
      await browser.request("POST", "/console/register", { form: {} }),
    ];
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 200, 404, 404, 403]);
    const nonces = new Set<string>();
    for (const page of pages) {
      const csp = page.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{16,})'/.exec(csp)?.[1];
      expect(nonce, csp).toBeDefined();
      nonces.add(nonce!);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      // Under no-referrer a browser sends `Origin: null` with a form's POST, which the Origin check refuses.
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
      // No request, link or form leaves this origin.
      expect(page.html).not.toMatch(/https?:\/\//i);
      expect(page.html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
      for (const [, url] of page.html.matchAll(/\b(?:href|src|action)="([^"]*)"/g))
        expect(url, url).toMatch(/^(\/(?!\/)|#|data:image\/svg\+xml,)/);
    }
    expect(nonces.size).toBe(pages.length);
  });

  it("lets a form's redirect go only here, and to where sign-out leads when that is another origin; Secure cookies over https", async () => {
    expect((await stack.app.request("/console/sign-in")).headers.get("content-security-policy")).toContain(
      "form-action 'self';",
    );
    const hosted = createConsoleApp(stack.deps, {
      auth: {
        kind: "cognito",
        signInPage: async (c) => c.redirect("/console/callback"),
        complete: async () => intake,
        signedOutLocation: () => "https://casebridge-demo.auth.example.com/logout?client_id=x",
      },
      sessionKey: "cd".repeat(32),
      secureCookies: true,
      sessionMaxAgeSeconds: 3600,
    });
    const csp = (await hosted.request("/sign-in")).headers.get("content-security-policy");
    expect(csp).toContain("form-action 'self' https://casebridge-demo.auth.example.com;");
    // Over https the session cookie is Secure and __Secure- prefixed; the callback completes sign-in.
    const signed = await hosted.request("/callback");
    expect(signed.status).toBe(303);
    const cookie = signed.headers.getSetCookie().find((c) => c.startsWith("__Secure-casebridge_session="));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it("takes its stylesheet from this origin, cached under a name that changes with it", async () => {
    const browser = await signedIn();
    const page = await browser.get("/console");
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.html)![1]!;
    expect(href).toMatch(/^\/console\/assets\/console\.[0-9a-f]{12}\.css$/);
    const css = await stack.app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await css.text()).toContain(":focus-visible");
    expect((await stack.app.request("/console/assets/console.000000000000.css")).status).toBe(404);
  });
});
