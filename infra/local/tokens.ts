// Local runtime only: the HS256 tokens /dev/token issues for the demo roles, and their
// verification. Nothing here ships in a Lambda bundle; on AWS the HTTP API's JWT
// authorizer verifies Cognito ID tokens and the app reads only their claims.
import { SignJWT, jwtVerify } from "jose";
import { DAY_S } from "../../shared/durations.js";
import type { TokenVerifier } from "../../shared/http/identity.js";

const ISSUER = "casebridge-local";
const AUDIENCE = "casebridge";
/**
 * How long a local token lasts, in the local clock's time. Bounded, yet longer than a
 * review window: people move the local clock by weeks (POST /dev/clock {"advance":"P31D"})
 * and should not have to sign in again for each step of a walk.
 */
export const LOCAL_TOKEN_MAX_AGE_SECONDS = 45 * DAY_S;

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueLocalToken(
  secret: string,
  who: { sub: string; agency: string; roles: readonly string[] },
  now: Date,
  ttlSeconds = LOCAL_TOKEN_MAX_AGE_SECONDS,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ agency: who.agency, roles: [...who.roles] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(who.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.min(ttlSeconds, LOCAL_TOKEN_MAX_AGE_SECONDS))
    .sign(key(secret));
}

/** Verified tokens kept per verifier, so a token's signature is checked once, not on every request. */
const VERIFIED_CACHE_SIZE = 1_024;

/**
 * Verifies a local token against the secret and the injected clock: it must carry `exp`
 * and `iat`, be no older than the bound, and not be issued in the future.
 *
 * The signature, issuer, audience, algorithm and required claims of a token do not change
 * with time: a token that passed them is remembered (by its exact string, the newest
 * VERIFIED_CACHE_SIZE) and on its next use only the checks that depend on `now` run again —
 * the same ones jose runs (exp, nbf, the age bound, iat not in the future), so a remembered
 * token is refused the moment it expires or the clock moves past its age bound.
 */
export function localTokenVerifier(secret: string): TokenVerifier {
  const secretKey = key(secret);
  const verified = new Map<string, Record<string, unknown>>();
  return async (token, now) => {
    const known = verified.get(token);
    if (known) {
      checkTimes(known, now);
      return known;
    }
    const { payload } = await jwtVerify(token, secretKey, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
      maxTokenAge: LOCAL_TOKEN_MAX_AGE_SECONDS,
    });
    checkTimes(payload, now);
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, payload);
    return payload as Record<string, unknown>;
  };
}

/** The time-dependent checks of a verified token's claims at `now` (as jose runs them, with no tolerance). */
function checkTimes(claims: { exp?: unknown; nbf?: unknown; iat?: unknown }, now: Date): void {
  const at = Math.floor(now.getTime() / 1000);
  const { exp, nbf, iat } = claims;
  if (typeof exp !== "number" || exp <= at) throw new Error("expired");
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > at)) throw new Error("not yet valid");
  if (typeof iat !== "number" || at - iat > LOCAL_TOKEN_MAX_AGE_SECONDS) throw new Error("too old");
  if (iat > at) throw new Error("issued in the future");
}
