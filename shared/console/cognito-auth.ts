// Console sign-in on AWS: the Cognito hosted UI, authorization code with PKCE (RFC 7636,
// S256). The ID token the code buys is verified here against the user pool's keys and
// read by the API's own rules (identityFromCognitoClaims), so the console and the API
// agree on who someone is. Token endpoint and key set are injectable: tests need no AWS.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { systemClock, type Clock } from "../clock.js";
import type { Identity } from "../domain/access.js";
import { ServiceUnavailableError, UnauthorizedError } from "../errors.js";
import { identityFromCognitoClaims, type AgencyDirectory } from "../http/identity.js";
import {
  newSignInState,
  openSignInState,
  pkceChallenge,
  sameValue,
  sealSignInState,
} from "./sign-in-state.js";
import type { ConsoleAuth } from "./auth.js";

/** Where the console is mounted; the callback and sign-in paths below are the ones the app client lists. */
export const CONSOLE_PATH = "/console";
export const CALLBACK_PATH = `${CONSOLE_PATH}/callback`;
export const SIGN_IN_PATH = `${CONSOLE_PATH}/sign-in`;
export const CONSOLE_SCOPES = ["openid", "email", "profile"] as const;

/** Cookie name; sent with the `__Host-` prefix (Secure, Path=/, no Domain), so no sibling host can set it. */
export const SIGN_IN_COOKIE = "casebridge-sign-in";
/**
 * Long enough for a first sign-in at the hosted UI: a new password, then an authenticator
 * app to enrol (MFA is required). A sign-in left longer starts over.
 */
const SIGN_IN_TTL_S = 15 * 60;
const TOKEN_TIMEOUT_MS = 5_000;

export interface CognitoSettings {
  /** The hosted UI's base URL, https://<prefix>.auth.<region>.amazoncognito.com (COGNITO_DOMAIN). */
  readonly domain: string;
  /** The console's app client (CONSOLE_CLIENT_ID): the ID token's audience. */
  readonly clientId: string;
  /** `<region>_<id>` (USER_POOL_ID): names the issuer and its key set. */
  readonly userPoolId: string;
}

export interface CognitoAuthOptions extends CognitoSettings {
  /** 32 bytes that seal the sign-in cookie. */
  readonly signInKey: Uint8Array;
  readonly clock?: Clock;
  /** When given, an identity whose agency the jurisdiction lacks is refused, as the API refuses it. */
  readonly agencies?: AgencyDirectory;
  /** The token endpoint's client; tests pass their own. */
  readonly fetch?: typeof fetch;
  /** The user pool's signing keys; by default its JWKS, fetched and cached by jose. */
  readonly jwks?: JWTVerifyGetKey;
}

export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split("_")[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export class CognitoAuth implements ConsoleAuth {
  readonly kind = "cognito";
  private readonly domain: string;
  private readonly issuer: string;
  private readonly clock: Clock;
  private readonly fetch: typeof fetch;
  private readonly jwks: JWTVerifyGetKey;

  constructor(private readonly options: CognitoAuthOptions) {
    this.domain = options.domain.replace(/\/+$/, "");
    this.issuer = cognitoIssuer(options.userPoolId);
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? fetch;
    this.jwks = options.jwks ?? createRemoteJWKSet(new URL(`${this.issuer}/.well-known/jwks.json`));
    if (options.signInKey.length !== 32) throw new Error("The sign-in cookie key must be 32 bytes.");
  }

  async signInPage(c: Context): Promise<Response> {
    const pending = newSignInState(this.clock.now(), SIGN_IN_TTL_S * 1000);
    setCookie(c, SIGN_IN_COOKIE, sealSignInState(this.options.signInKey, pending), {
      prefix: "host",
      path: "/",
      secure: true,
      httpOnly: true,
      // Lax, not Strict: the hosted UI's redirect back is a cross-site top-level GET.
      sameSite: "Lax",
      maxAge: SIGN_IN_TTL_S,
    });
    const authorize = new URL(`${this.domain}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: this.options.clientId,
      redirect_uri: originOf(c) + CALLBACK_PATH,
      scope: CONSOLE_SCOPES.join(" "),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: pkceChallenge(pending.verifier),
      code_challenge_method: "S256",
    }).toString();
    c.header("Cache-Control", "no-store");
    return c.redirect(authorize.toString(), 302);
  }

  async complete(c: Context): Promise<Identity> {
    const sealed = getCookie(c, SIGN_IN_COOKIE, "host");
    // One use: whatever happens next, this sign-in's state is spent.
    deleteCookie(c, SIGN_IN_COOKIE, { prefix: "host", path: "/", secure: true });
    const pending = sealed ? openSignInState(this.options.signInKey, sealed, this.clock.now()) : undefined;
    if (!pending)
      throw new UnauthorizedError("The sign-in expired or was started in another browser; sign in again.");
    const error = c.req.query("error");
    if (error)
      throw new UnauthorizedError(
        "The sign-in was not completed at Cognito; sign in again.",
        {},
        {
          cause: new Error(`Cognito answered error=${error.slice(0, 64)}`),
        },
      );
    const state = c.req.query("state");
    if (!state || !sameValue(state, pending.state))
      throw new UnauthorizedError("The sign-in does not belong to this browser; sign in again.");
    const code = c.req.query("code");
    if (!code || !/^[\x21-\x7e]{1,2048}$/.test(code))
      throw new UnauthorizedError("The sign-in returned no authorization code; sign in again.");

    const idToken = await this.exchange(code, pending.verifier, originOf(c) + CALLBACK_PATH);
    const claims = await this.verify(idToken, pending.nonce);
    const who = identityFromCognitoClaims(claims);
    if (this.options.agencies && !(await this.options.agencies.hasAgency(who.agency)))
      throw new UnauthorizedError("The account names an agency this jurisdiction does not have.");
    return who;
  }

  signedOutLocation(c: Context): string {
    const logout = new URL(`${this.domain}/logout`);
    logout.search = new URLSearchParams({
      client_id: this.options.clientId,
      logout_uri: originOf(c) + SIGN_IN_PATH,
    }).toString();
    return logout.toString();
  }

  /** The token endpoint, form-encoded, with the verifier only this sign-in's cookie held. */
  private async exchange(code: string, verifier: string, redirectUri: string): Promise<string> {
    let res: Response;
    try {
      res = await this.fetch(`${this.domain}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          client_id: this.options.clientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }).toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new ServiceUnavailableError("Cognito did not answer the sign-in; try again.", {}, { cause });
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status >= 500)
      throw new ServiceUnavailableError(
        "Cognito did not complete the sign-in; try again.",
        {},
        {
          cause: new Error(`token endpoint answered ${res.status}`),
        },
      );
    if (!res.ok || typeof body.id_token !== "string")
      // invalid_grant: a code used twice, expired, or not issued for this verifier and redirect.
      throw new UnauthorizedError(
        "Cognito refused the sign-in; sign in again.",
        {},
        {
          cause: new Error(`token endpoint answered ${res.status} ${String(body.error ?? "")}`.trim()),
        },
      );
    return body.id_token;
  }

  /** Signed by the pool, issued by it for the console client, current, and for this sign-in. */
  private async verify(idToken: string, nonce: string): Promise<Record<string, unknown>> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks, {
        issuer: this.issuer,
        audience: this.options.clientId,
        algorithms: ["RS256"],
        currentDate: this.clock.now(),
        requiredClaims: ["exp", "iat", "sub"],
      }));
    } catch (cause) {
      // The key set could not be fetched: Cognito's fault, not the token's.
      if (!(cause instanceof joseErrors.JOSEError) || cause instanceof joseErrors.JWKSTimeout)
        throw new ServiceUnavailableError(
          "The user pool's keys could not be read; try again.",
          {},
          { cause },
        );
      throw new UnauthorizedError("The sign-in's ID token is not valid; sign in again.", {}, { cause });
    }
    if (typeof payload.nonce !== "string" || !sameValue(payload.nonce, nonce))
      throw new UnauthorizedError("The ID token was not issued for this sign-in; sign in again.");
    return payload;
  }
}

/**
 * The console's origin, from the request: on AWS the Lambda adapter builds the URL from
 * API Gateway's own domain name, not from a header the caller sets. Cognito accepts only
 * the callback and sign-out URLs the app client lists, so no other origin gets anywhere.
 */
function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
