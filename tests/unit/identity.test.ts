import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { DAY_MS, DAY_S } from "../../shared/durations.js";
import { UnauthorizedError } from "../../shared/errors.js";
import {
  identityFromCognitoClaims,
  identityFromLocalClaims,
  identityFromRequest,
  type ClaimSource,
} from "../../shared/http/identity.js";
import {
  issueLocalToken,
  localTokenVerifier,
  LOCAL_TOKEN_MAX_AGE_SECONDS,
} from "../../infra/local/tokens.js";

const secret = "s".repeat(64);
const now = new Date("2026-09-30T02:00:00Z");
const local: ClaimSource = { kind: "local", verify: localTokenVerifier(secret) };
const idToken = (claims: Record<string, unknown>) => ({ token_use: "id", ...claims });

/** A token signed with the right secret but shaped by hand, to try what issueLocalToken never makes. */
async function handMade(build: (jwt: SignJWT) => SignJWT): Promise<string> {
  const jwt = new SignJWT({ agency: "bureau", roles: ["intake"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("u")
    .setIssuer("casebridge-local")
    .setAudience("casebridge");
  return build(jwt).sign(new TextEncoder().encode(secret));
}

describe("on AWS: the claims of a Cognito ID token", () => {
  it("reads custom:agency and cognito:groups as the HTTP API authorizer passes them", () => {
    expect(
      identityFromCognitoClaims(
        idToken({ sub: "u-1", "custom:agency": "hrss", "cognito:groups": "[handler agency_head]" }),
      ),
    ).toEqual({ sub: "u-1", agency: "hrss", roles: ["handler", "agency_head"] });
    expect(
      identityFromCognitoClaims(
        idToken({ sub: "u-1", "custom:agency": "hrss", "cognito:groups": ["handler"] }),
      ),
    ).toMatchObject({ roles: ["handler"] });
  });

  it("refuses an access token, or a token without token_use", () => {
    expect(() =>
      identityFromCognitoClaims({
        token_use: "access",
        sub: "u-1",
        "custom:agency": "hrss",
        "cognito:groups": "[handler]",
      }),
    ).toThrow(/ID token/);
    expect(() =>
      identityFromCognitoClaims({ sub: "u-1", "custom:agency": "hrss", "cognito:groups": "[handler]" }),
    ).toThrow(UnauthorizedError);
  });

  it("reads nothing but custom:agency and cognito:groups: plain agency and roles claims are ignored", () => {
    expect(() =>
      identityFromCognitoClaims(idToken({ sub: "u-2", agency: "bureau", roles: ["coordinator"] })),
    ).toThrow(/agency/);
    expect(() =>
      identityFromCognitoClaims(idToken({ sub: "u-2", "custom:agency": "hrss", roles: ["coordinator"] })),
    ).toThrow(/no role/);
    expect(
      identityFromCognitoClaims(
        idToken({
          sub: "u-2",
          "custom:agency": "hrss",
          agency: "bureau",
          "cognito:groups": "[handler]",
          roles: ["coordinator"],
        }),
      ),
    ).toEqual({ sub: "u-2", agency: "hrss", roles: ["handler"] });
  });

  it("takes only the verified claims, never a bearer header", async () => {
    const token = await issueLocalToken(secret, { sub: "x", agency: "bureau", roles: ["intake"] }, now);
    await expect(identityFromRequest({ kind: "apigw" }, `Bearer ${token}`, undefined, now)).rejects.toThrow(
      UnauthorizedError,
    );
    await expect(
      identityFromRequest(
        { kind: "apigw" },
        undefined,
        idToken({ sub: "y", "custom:agency": "hrss", "cognito:groups": "[handler]" }),
        now,
      ),
    ).resolves.toMatchObject({ agency: "hrss" });
  });
});

describe("locally: HS256 tokens from /dev/token", () => {
  it("refuses a token without agency, without roles, or with an unknown role", () => {
    expect(() => identityFromLocalClaims({ sub: "u", roles: ["intake"] })).toThrow(UnauthorizedError);
    expect(() => identityFromLocalClaims({ sub: "u", agency: "hrss" })).toThrow(UnauthorizedError);
    expect(() => identityFromLocalClaims({ sub: "u", agency: "hrss", roles: ["handler", "king"] })).toThrow(
      /king/,
    );
  });

  it("verifies against the secret and the injected clock, within the bounded age", async () => {
    const token = await issueLocalToken(
      secret,
      { sub: "intake@bureau", agency: "bureau", roles: ["intake"] },
      now,
    );
    await expect(identityFromRequest(local, `Bearer ${token}`, undefined, now)).resolves.toEqual({
      sub: "intake@bureau",
      agency: "bureau",
      roles: ["intake"],
    });
    await expect(
      identityFromRequest(
        { kind: "local", verify: localTokenVerifier("t".repeat(64)) },
        `Bearer ${token}`,
        undefined,
        now,
      ),
    ).rejects.toThrow(UnauthorizedError);
    const justInside = new Date(now.getTime() + LOCAL_TOKEN_MAX_AGE_SECONDS * 1000 - 1000);
    await expect(identityFromRequest(local, `Bearer ${token}`, undefined, justInside)).resolves.toMatchObject(
      { agency: "bureau" },
    );
    const tooOld = new Date(now.getTime() + LOCAL_TOKEN_MAX_AGE_SECONDS * 1000 + 1000);
    await expect(identityFromRequest(local, `Bearer ${token}`, undefined, tooOld)).rejects.toThrow(
      UnauthorizedError,
    );
    await expect(identityFromRequest(local, undefined, undefined, now)).rejects.toThrow(UnauthorizedError);
  });

  it("remembers a verified token, yet refuses it again once it has expired, aged past the bound or the clock stands before its issue", async () => {
    const verify = localTokenVerifier(secret);
    const source: ClaimSource = { kind: "local", verify };
    const token = await issueLocalToken(secret, { sub: "u", agency: "bureau", roles: ["intake"] }, now, 3600);
    await expect(identityFromRequest(source, `Bearer ${token}`, undefined, now)).resolves.toMatchObject({
      sub: "u",
    });
    // The second use is served from what was verified: the same claims.
    await expect(verify(token, now)).resolves.toMatchObject({ sub: "u", agency: "bureau" });
    const atExpiry = new Date(now.getTime() + 3600 * 1000);
    await expect(identityFromRequest(source, `Bearer ${token}`, undefined, atExpiry)).rejects.toThrow(
      UnauthorizedError,
    );
    const beforeIssue = new Date(now.getTime() - 1000);
    await expect(identityFromRequest(source, `Bearer ${token}`, undefined, beforeIssue)).rejects.toThrow(
      UnauthorizedError,
    );
    // Still good within its life; a token differing by one character is verified anew, and refused.
    await expect(verify(token, new Date(now.getTime() + 60_000))).resolves.toMatchObject({ sub: "u" });
    const tampered = `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.at(-1)}`;
    await expect(identityFromRequest(source, `Bearer ${tampered}`, undefined, now)).rejects.toThrow(
      UnauthorizedError,
    );
    // A long-lived token is refused past the age bound even when remembered.
    const long = await issueLocalToken(secret, { sub: "v", agency: "bureau", roles: ["intake"] }, now);
    await expect(verify(long, now)).resolves.toMatchObject({ sub: "v" });
    const tooOld = new Date(now.getTime() + LOCAL_TOKEN_MAX_AGE_SECONDS * 1000 + 1000);
    await expect(verify(long, tooOld)).rejects.toThrow();
  });

  it("asks for no longer a life than the bound, whatever the issuer is asked for", async () => {
    const token = await issueLocalToken(
      secret,
      { sub: "u", agency: "bureau", roles: ["intake"] },
      now,
      400 * DAY_S,
    );
    await expect(
      identityFromRequest(local, `Bearer ${token}`, undefined, new Date(now.getTime() + 46 * DAY_MS)),
    ).rejects.toThrow(UnauthorizedError);
  });

  it("refuses a token without exp, without iat, too old by iat, or issued in the future", async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const cases = {
      "no exp": await handMade((j) => j.setIssuedAt(iat)),
      "no iat": await handMade((j) => j.setExpirationTime(iat + 3600)),
      "exp far ahead, iat too old": await handMade((j) =>
        j.setIssuedAt(iat - 60 * DAY_S).setExpirationTime(iat + 400 * DAY_S),
      ),
      "issued in the future": await handMade((j) => j.setIssuedAt(iat + 3600).setExpirationTime(iat + 7200)),
    };
    for (const [what, token] of Object.entries(cases)) {
      await expect(identityFromRequest(local, `Bearer ${token}`, undefined, now), what).rejects.toThrow(
        UnauthorizedError,
      );
    }
    const fine = await handMade((j) => j.setIssuedAt(iat).setExpirationTime(iat + 3600));
    await expect(identityFromRequest(local, `Bearer ${fine}`, undefined, now)).resolves.toMatchObject({
      sub: "u",
    });
  });
});

describe("either source", () => {
  it("refuses the platform's own system: subjects and subjects that are not printable text", () => {
    expect(() =>
      identityFromLocalClaims({ sub: "system:router", agency: "bureau", roles: ["coordinator"] }),
    ).toThrow(/reserved/);
    expect(() =>
      identityFromCognitoClaims(
        idToken({ sub: "system:sweeper", "custom:agency": "bureau", "cognito:groups": "[coordinator]" }),
      ),
    ).toThrow(/reserved/);
    expect(() => identityFromLocalClaims({ sub: "a b", agency: "bureau", roles: ["intake"] })).toThrow(
      UnauthorizedError,
    );
    expect(() =>
      identityFromLocalClaims({ sub: "x".repeat(129), agency: "bureau", roles: ["intake"] }),
    ).toThrow(UnauthorizedError);
  });

  it("refuses an agency the jurisdiction does not have", async () => {
    const directory = { hasAgency: async (a: string) => ["bureau", "hrss"].includes(a) };
    const mars = await issueLocalToken(secret, { sub: "u", agency: "mars", roles: ["handler"] }, now);
    await expect(identityFromRequest(local, `Bearer ${mars}`, undefined, now, directory)).rejects.toThrow(
      /agency this jurisdiction does not have/,
    );
    await expect(
      identityFromRequest(
        { kind: "apigw" },
        undefined,
        idToken({ sub: "y", "custom:agency": "mars", "cognito:groups": "[handler]" }),
        now,
        directory,
      ),
    ).rejects.toThrow(UnauthorizedError);
    await expect(
      identityFromRequest(
        { kind: "apigw" },
        undefined,
        idToken({ sub: "y", "custom:agency": "hrss", "cognito:groups": "[handler]" }),
        now,
        directory,
      ),
    ).resolves.toMatchObject({ agency: "hrss" });
  });
});
