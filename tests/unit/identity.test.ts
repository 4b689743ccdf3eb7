import { describe, expect, it } from "vitest";
import { UnauthorizedError } from "../../shared/errors.js";
import { identityFromClaims, identityFromRequest, issueLocalToken } from "../../shared/http/identity.js";

const secret = "s".repeat(64);
const now = new Date("2026-09-30T02:00:00Z");

describe("one identity from either source", () => {
  it("reads Cognito claims as the HTTP API authorizer passes them", () => {
    expect(identityFromClaims({ sub: "u-1", "custom:agency": "hrss", "cognito:groups": "[handler agency_head]" }))
      .toEqual({ sub: "u-1", agency: "hrss", roles: ["handler", "agency_head"] });
    expect(identityFromClaims({ sub: "u-2", agency: "bureau", roles: ["intake"] })).toEqual({ sub: "u-2", agency: "bureau", roles: ["intake"] });
  });

  it("refuses a token without agency, without roles, or with an unknown role", () => {
    expect(() => identityFromClaims({ sub: "u", roles: ["intake"] })).toThrow(UnauthorizedError);
    expect(() => identityFromClaims({ sub: "u", agency: "hrss" })).toThrow(UnauthorizedError);
    expect(() => identityFromClaims({ sub: "u", agency: "hrss", roles: ["handler", "king"] })).toThrow(/king/);
  });

  it("verifies local HS256 tokens against the secret and the injected clock", async () => {
    const token = await issueLocalToken(secret, { sub: "intake@bureau", agency: "bureau", roles: ["intake"] }, now);
    await expect(identityFromRequest({ kind: "local", secret }, `Bearer ${token}`, undefined, now)).resolves.toEqual({ sub: "intake@bureau", agency: "bureau", roles: ["intake"] });
    await expect(identityFromRequest({ kind: "local", secret: "t".repeat(64) }, `Bearer ${token}`, undefined, now)).rejects.toThrow(UnauthorizedError);
    const later = new Date(now.getTime() + 401 * 86_400_000);
    await expect(identityFromRequest({ kind: "local", secret }, `Bearer ${token}`, undefined, later)).rejects.toThrow(UnauthorizedError);
    await expect(identityFromRequest({ kind: "local", secret }, undefined, undefined, now)).rejects.toThrow(UnauthorizedError);
  });

  it("on AWS takes only the verified claims, never a bearer header", async () => {
    const token = await issueLocalToken(secret, { sub: "x", agency: "bureau", roles: ["intake"] }, now);
    await expect(identityFromRequest({ kind: "apigw" }, `Bearer ${token}`, undefined, now)).rejects.toThrow(UnauthorizedError);
    await expect(identityFromRequest({ kind: "apigw" }, undefined, { sub: "y", "custom:agency": "hrss", "cognito:groups": "[handler]" }, now))
      .resolves.toMatchObject({ agency: "hrss" });
  });

  it("refuses the platform's own system: subjects and subjects that are not printable text", () => {
    expect(() => identityFromClaims({ sub: "system:router", agency: "bureau", roles: ["coordinator"] })).toThrow(/reserved/);
    expect(() => identityFromClaims({ sub: "a b", agency: "bureau", roles: ["intake"] })).toThrow(UnauthorizedError);
    expect(() => identityFromClaims({ sub: "x".repeat(129), agency: "bureau", roles: ["intake"] })).toThrow(UnauthorizedError);
  });

  it("refuses, from either source, an agency the jurisdiction does not have", async () => {
    const directory = { hasAgency: async (a: string) => ["bureau", "hrss"].includes(a) };
    const mars = await issueLocalToken(secret, { sub: "u", agency: "mars", roles: ["handler"] }, now);
    await expect(identityFromRequest({ kind: "local", secret }, `Bearer ${mars}`, undefined, now, directory)).rejects.toThrow(/agency this jurisdiction does not have/);
    await expect(identityFromRequest({ kind: "apigw" }, undefined, { sub: "y", "custom:agency": "mars", "cognito:groups": "[handler]" }, now, directory)).rejects.toThrow(UnauthorizedError);
    await expect(identityFromRequest({ kind: "apigw" }, undefined, { sub: "y", "custom:agency": "hrss", "cognito:groups": "[handler]" }, now, directory)).resolves.toMatchObject({ agency: "hrss" });
  });
});
