// Console sign-in through the Cognito hosted UI, against a pool played by tests/support/cognito.ts:
// the redirect (PKCE S256, state, nonce, the sealed cookie), the return (state, code exchange,
// ID token verification by the API's own identity rules) and sign-out.
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { ControlledClock } from "../../shared/clock.js";
import { CognitoAuth, SIGN_IN_COOKIE } from "../../shared/console/cognito-auth.js";
import { pkceChallenge } from "../../shared/console/sign-in-state.js";
import { HttpError } from "../../shared/errors.js";
import {
  CLIENT_ID,
  CONSOLE_ORIGIN,
  DOMAIN,
  fakeCognito,
  idToken,
  ISSUER,
  POOL_ID,
  signingKey,
  type SigningKey,
} from "../support/cognito.js";

const T0 = new Date("2026-09-30T02:00:00Z");
const messageOf = async (res: Response) => ((await res.json()) as { message: string }).message;
const COOKIE = `__Host-${SIGN_IN_COOKIE}`;

let poolKey: SigningKey;
let strangerKey: SigningKey;
beforeAll(async () => {
  [poolKey, strangerKey] = await Promise.all([signingKey("pool-key"), signingKey("stranger-key")]);
});

/**
 * The console's two sign-in routes over a CognitoAuth. `token` decides what the token endpoint
 * answers, given the nonce of the sign-in; by default a valid ID token for it.
 */
function consoleWith(
  options: {
    token?: (nonce: string, form: Record<string, string>) => Promise<string>;
    tokenError?: { status: number; error: string };
    agencies?: string[];
  } = {},
) {
  const clock = new ControlledClock(T0.getTime() - Date.now());
  let nonce = "";
  const cognito = fakeCognito([poolKey], async (form) =>
    options.tokenError
      ? options.tokenError
      : {
          id_token: options.token
            ? await options.token(nonce, form)
            : await idToken(poolKey, { nonce }, { now: clock.now() }),
        },
  );
  const auth = new CognitoAuth({
    domain: DOMAIN,
    clientId: CLIENT_ID,
    userPoolId: POOL_ID,
    signInKey: randomBytes(32),
    clock,
    fetch: cognito.fetch,
    jwks: cognito.jwks,
    ...(options.agencies
      ? { agencies: { hasAgency: async (a: string) => options.agencies!.includes(a) } }
      : {}),
  });
  const app = new Hono();
  app.get("/console/sign-in", (c) => auth.signInPage(c));
  app.get("/console/callback", async (c) => c.json(await auth.complete(c)));
  app.get("/console/signed-out", (c) => c.text(auth.signedOutLocation(c)));
  app.onError((error, c) =>
    c.json(
      { name: error.name, message: error.message },
      error instanceof HttpError ? (error.status as 401) : 500,
    ),
  );

  /** GET /console/sign-in: the hosted UI URL it redirects to and the cookie it sets. */
  async function signIn() {
    const res = await app.request(`${CONSOLE_ORIGIN}/console/sign-in`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    nonce = location.searchParams.get("nonce")!;
    const setCookie = res.headers.get("set-cookie")!;
    return { res, location, setCookie, cookie: setCookie.split(";")[0]! };
  }

  /** The browser's return to /console/callback with these query parameters and cookie. */
  function callback(query: Record<string, string>, cookie?: string) {
    return app.request(`${CONSOLE_ORIGIN}/console/callback?${new URLSearchParams(query)}`, {
      headers: cookie ? { cookie } : {},
    });
  }

  /** A whole sign-in: redirect, then the return with the pool's code and the sign-in's state. */
  async function signInAndReturn() {
    const { location, cookie } = await signIn();
    return callback({ code: "the-code", state: location.searchParams.get("state")! }, cookie);
  }

  return { app, clock, cognito, signIn, callback, signInAndReturn };
}

describe("the redirect to the hosted UI", () => {
  it("asks for an authorization code for the console client, with openid email profile, back to /console/callback", async () => {
    const { signIn } = consoleWith();

    const { location, res } = await signIn();

    expect(`${location.origin}${location.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: `${CONSOLE_ORIGIN}/console/callback`,
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    for (const random of ["state", "nonce", "code_challenge"])
      expect(location.searchParams.get(random), random).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("computes the S256 challenge as RFC 7636 Appendix B does", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("sends the token endpoint the verifier whose S256 is the challenge it sent the hosted UI", async () => {
    const { signIn, callback, cognito } = consoleWith();
    const { location, cookie } = await signIn();

    const res = await callback({ code: "the-code", state: location.searchParams.get("state")! }, cookie);

    expect(res.status).toBe(200);
    const [request] = cognito.requests;
    expect(request!.url).toBe(`${DOMAIN}/oauth2/token`);
    expect(request!.contentType).toBe("application/x-www-form-urlencoded");
    expect(request!.form).toEqual({
      grant_type: "authorization_code",
      client_id: CLIENT_ID,
      code: "the-code",
      redirect_uri: `${CONSOLE_ORIGIN}/console/callback`,
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(pkceChallenge(request!.form.code_verifier!)).toBe(location.searchParams.get("code_challenge"));
  });

  it("keeps verifier, state and nonce in a sealed __Host- cookie: HttpOnly, Secure, SameSite=Lax, 15 minutes", async () => {
    const { signIn } = consoleWith();

    const { setCookie, cookie, location } = await signIn();

    expect(setCookie).toMatch(new RegExp(`^${COOKIE}=v1\\.[A-Za-z0-9_-]+;`));
    const attributes = setCookie.split(/;\s*/).slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining(["Max-Age=900", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"]),
    );
    expect(attributes.some((a) => /^Domain=/i.test(a))).toBe(false);
    for (const secret of ["state", "nonce"])
      expect(cookie.includes(location.searchParams.get(secret)!), secret).toBe(false);
  });
});

describe("the return from the hosted UI", () => {
  it("resolves the identity from the ID token by the API's rules: sub, custom:agency, cognito:groups", async () => {
    const { signInAndReturn } = consoleWith();

    const res = await signInAndReturn();

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: "1f2e3d4c-0000-4000-8000-000000000001",
      agency: "bureau",
      roles: ["coordinator"],
    });
  });

  it("spends the sign-in cookie whatever the outcome", async () => {
    const { signIn, callback } = consoleWith();
    const { cookie } = await signIn();

    const res = await callback({ code: "the-code", state: "not-this-one" }, cookie);

    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${COOKIE}=;.*Max-Age=0`));
  });

  it("refuses a state that is not the sign-in's, before asking Cognito for anything", async () => {
    const { signIn, callback, cognito } = consoleWith();
    const { cookie } = await signIn();

    const res = await callback({ code: "the-code", state: "x".repeat(43) }, cookie);

    expect(res.status).toBe(401);
    expect(await messageOf(res)).toMatch(/does not belong to this browser/);
    expect(cognito.requests).toEqual([]);
  });

  it("refuses a return without the sign-in cookie, with a cookie sealed under another key, or after 15 minutes", async () => {
    const first = consoleWith();
    const other = consoleWith();
    const { location, cookie } = await first.signIn();
    const state = location.searchParams.get("state")!;

    const missing = await first.callback({ code: "c", state });
    const foreign = await other.callback({ code: "c", state }, cookie);
    first.clock.advance(15 * 60_000);
    const late = await first.callback({ code: "c", state }, cookie);

    for (const res of [missing, foreign, late]) {
      expect(res.status).toBe(401);
      expect(await messageOf(res)).toMatch(/expired or was started in another browser/);
    }
    expect([...first.cognito.requests, ...other.cognito.requests]).toEqual([]);
  });

  it("refuses a return that carries Cognito's error instead of a code", async () => {
    const { signIn, callback, cognito } = consoleWith();
    const { location, cookie } = await signIn();

    const res = await callback(
      { error: "access_denied", state: location.searchParams.get("state")! },
      cookie,
    );

    expect(res.status).toBe(401);
    expect(cognito.requests).toEqual([]);
  });

  it("refuses when Cognito refuses the code (used twice, expired, another verifier)", async () => {
    const { signInAndReturn } = consoleWith({ tokenError: { status: 400, error: "invalid_grant" } });

    const res = await signInAndReturn();

    expect(res.status).toBe(401);
    expect(await messageOf(res)).toBe("Cognito refused the sign-in; sign in again.");
  });

  it("answers 503, not 401, when Cognito's token endpoint fails", async () => {
    const { signInAndReturn } = consoleWith({ tokenError: { status: 503, error: "unavailable" } });

    expect((await signInAndReturn()).status).toBe(503);
  });
});

describe("the ID token", () => {
  const refusedWith = async (token: (nonce: string, now: Date) => Promise<string>) => {
    const console_ = consoleWith({ token: (nonce) => token(nonce, T0) });
    const res = await console_.signInAndReturn();
    return { status: res.status, message: (await messageOf(res)) as string };
  };

  it("is refused when issued for another app client (audience)", async () => {
    expect(
      await refusedWith((nonce, now) => idToken(poolKey, { nonce, aud: "the-api-client" }, { now })),
    ).toEqual({ status: 401, message: "The sign-in's ID token is not valid; sign in again." });
  });

  it("is refused when issued by another user pool (issuer)", async () => {
    const otherPool = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OtherPool";
    expect(
      (await refusedWith((nonce, now) => idToken(poolKey, { nonce, iss: otherPool }, { now }))).status,
    ).toBe(401);
    expect(ISSUER).toBe("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1");
  });

  it("is refused when signed by a key not in the pool's key set", async () => {
    expect((await refusedWith((nonce, now) => idToken(strangerKey, { nonce }, { now }))).status).toBe(401);
  });

  it("is refused when it has expired", async () => {
    const issued = new Date(T0.getTime() - 10 * 60_000);
    expect((await refusedWith((nonce) => idToken(poolKey, { nonce }, { now: issued }))).status).toBe(401);
  });

  it("is refused when its nonce is not the sign-in's", async () => {
    expect(await refusedWith((_nonce, now) => idToken(poolKey, { nonce: "y".repeat(43) }, { now }))).toEqual({
      status: 401,
      message: "The ID token was not issued for this sign-in; sign in again.",
    });
  });

  it("is refused when it is an access token, whether shaped as Cognito issues one or given the client as audience", async () => {
    const asIssued = await refusedWith((nonce, now) =>
      idToken(
        poolKey,
        { nonce, token_use: "access", aud: undefined, client_id: CLIENT_ID, scope: "openid email profile" },
        { now },
      ),
    );
    const withAudience = await refusedWith((nonce, now) =>
      idToken(poolKey, { nonce, token_use: "access" }, { now }),
    );

    expect(asIssued.status).toBe(401);
    expect(withAudience).toEqual({
      status: 401,
      message: expect.stringMatching(/Send the Cognito ID token/),
    });
  });

  it("is refused when it names no role, an unknown role or a platform subject, as the API refuses it", async () => {
    for (const claims of [{ "cognito:groups": [] }, { "cognito:groups": ["root"] }, { sub: "system:router" }])
      expect(
        (await refusedWith((nonce, now) => idToken(poolKey, { nonce, ...claims }, { now }))).status,
        JSON.stringify(claims),
      ).toBe(401);
  });

  it("is refused when it names an agency the jurisdiction does not have", async () => {
    const { signInAndReturn } = consoleWith({ agencies: ["hrss"] });

    const res = await signInAndReturn();

    expect(res.status).toBe(401);
    expect(await messageOf(res)).toMatch(/agency this jurisdiction does not have/);
  });
});

describe("sign-out", () => {
  it("leads to the hosted UI's logout, which returns to the console's sign-in", async () => {
    const { app } = consoleWith();

    const location = new URL(await (await app.request(`${CONSOLE_ORIGIN}/console/signed-out`)).text());

    expect(`${location.origin}${location.pathname}`).toBe(`${DOMAIN}/logout`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: CLIENT_ID,
      logout_uri: `${CONSOLE_ORIGIN}/console/sign-in`,
    });
  });
});
