// The local runtime's /dev routes answer only at localhost and only to JSON: a web page
// elsewhere cannot move the clock or mint a token through a visitor's browser.
import { describe, expect, it } from "vitest";
import { useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

const tokenBody = JSON.stringify({ agency: "bureau", roles: ["coordinator"] });

describe("/dev", () => {
  it("answers at localhost and 127.0.0.1, and refuses any other Host", async () => {
    for (const base of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect((await stack.app.request(`${base}/dev/clock`)).status, base).toBe(200);
    }
    for (const base of [
      "http://evil.example:3000",
      "http://127.0.0.1.nip.io:3000",
      "http://casebridge.local",
    ]) {
      const res = await stack.app.request(`${base}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: tokenBody,
      });
      expect(res.status, base).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.text()).not.toContain('"token":');
    }
  });

  it("refuses a body that is not JSON, and changes nothing", async () => {
    const before = ((await (await stack.app.request("/dev/clock")).json()) as { now: string }).now;
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      undefined,
    ]) {
      const res = await stack.app.request("/dev/clock", {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: '{"advance":"P30D"}',
      });
      expect(res.status, String(type)).toBe(415);
      const minted = await stack.app.request("/dev/token", {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: tokenBody,
      });
      expect(minted.status, String(type)).toBe(415);
    }
    const after = ((await (await stack.app.request("/dev/clock")).json()) as { now: string }).now;
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(60_000);
    // The same request as JSON goes through, and a bodiless POST needs no type.
    expect(
      (
        await stack.app.request("/dev/token", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: tokenBody,
        })
      ).status,
    ).toBe(200);
    expect((await stack.app.request("/dev/tick", { method: "POST" })).status).toBe(200);
  });
});
