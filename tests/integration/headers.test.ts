// Response headers: secure headers on every answer, the problem+json ones built as raw
// Responses included; no-store on every /v1 answer; the pages' CSP with a fresh nonce.
import { describe, expect, it } from "vitest";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const UNKNOWN_CASE = "01K00000000000000000000000";

function expectSecureHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

/** Directive name → its sources. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe("secure headers", () => {
  it("are on a 200, a 401, a 404, a 413 and a thrown domain error alike", async () => {
    const answers = {
      200: await stack.app.request("/health"),
      401: await stack.call("GET", "/v1/cases"),
      404: await stack.app.request("/no/such/route"),
      413: await stack.call("POST", "/v1/cases", intake, registration({ description: "x".repeat(70_000) })),
      // NotFoundError thrown by the service, answered by the app's onError.
      thrown: await stack.call("GET", `/v1/cases/${UNKNOWN_CASE}`, intake),
    };
    for (const [expected, res] of Object.entries(answers)) {
      expect(res.status).toBe(expected === "thrown" ? 404 : Number(expected));
      expectSecureHeaders(res);
    }
  });

  it("forbid everything on API answers: JSON is never a page", async () => {
    const res = await stack.app.request("/openapi.json");
    expect(csp(res).get("default-src")).toEqual(["'none'"]);
  });
});

describe("Cache-Control: no-store on /v1", () => {
  it("is on successes and on every kind of problem", async () => {
    const answers = [
      await stack.call("GET", "/v1/agencies", intake),
      await stack.call("GET", "/v1/cases"),
      await stack.call("GET", "/v1/nothing-here", intake),
      await stack.call("GET", `/v1/cases/${UNKNOWN_CASE}`, intake),
      await stack.call("GET", "/v1/cases/not-an-id", intake),
      await stack.call("POST", "/v1/cases", intake, undefined, { "content-type": "text/plain" }),
      await stack.call("POST", "/v1/cases", intake, registration({ description: "x".repeat(70_000) })),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 404, 404, 400, 415, 413]);
    for (const res of answers) expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the pages' Content-Security-Policy", () => {
  it("gives /docs a fresh nonce per answer, the same one its scripts carry", async () => {
    const [first, second] = [await stack.app.request("/docs"), await stack.app.request("/docs")];
    const nonces = [];
    for (const res of [first, second]) {
      const policy = csp(res);
      const [nonce, ...others] = policy.get("script-src") ?? [];
      expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
      expect(others).toEqual([]);
      expect(policy.get("default-src")).toEqual(["'none'"]);
      expect(policy.get("connect-src")).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      const scripts = [...html.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts).toHaveLength(2);
      for (const value of scripts) expect(`'nonce-${value}'`).toBe(nonce);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("lets the landing page run no script at all", async () => {
    const res = await stack.app.request("/");
    const policy = csp(res);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("style-src")?.[0]).toMatch(/^'nonce-/);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expectSecureHeaders(res);
  });
});
