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

/**
 * Verifies a local token against the secret and the injected clock: it must carry `exp`
 * and `iat`, be no older than the bound, and not be issued in the future.
 */
export function localTokenVerifier(secret: string): TokenVerifier {
  return async (token, now) => {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
      maxTokenAge: LOCAL_TOKEN_MAX_AGE_SECONDS,
    });
    if (payload.iat! > Math.floor(now.getTime() / 1000) + 60) throw new Error("issued in the future");
    return payload as Record<string, unknown>;
  };
}
