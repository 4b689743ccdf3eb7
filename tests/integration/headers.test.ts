// Response headers: secure headers on every answer, the problem+json ones built as raw
// Responses included; no-store on every /v1 answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake, registration, testStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
beforeAll(async () => { stack = await testStack(); });
afterAll(async () => { await stack.stop(); });

const UNKNOWN_CASE = "01K00000000000000000000000";

function expectSecureHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
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
