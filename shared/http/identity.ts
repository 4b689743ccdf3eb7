// One module turns a caller's credentials into {sub, agency, roles}: on AWS from the
// claims the HTTP API JWT authorizer has verified (Cognito: `custom:agency`,
// `cognito:groups`), locally from an HS256 token issued by /dev/token. Either way the
// agency must be one of the jurisdiction's, and the `system:` subjects the platform
// records its own events under cannot be claimed.
import { SignJWT, jwtVerify } from "jose";
import { UnauthorizedError } from "../errors.js";
import type { Identity } from "../domain/access.js";
import { ROLES, type Role } from "../domain/model.js";

export type ClaimSource = { kind: "apigw" } | { kind: "local"; secret: string };

const ISSUER = "casebridge-local";
const AUDIENCE = "casebridge";
/** The platform's own actors (router, sweeper) are `system:<name>`; see lifecycle.systemActor. */
const SYSTEM_SUBJECT_PREFIX = "system:";

export interface AgencyDirectory {
  hasAgency(agency: string): Promise<boolean>;
}

export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const sub = claims.sub;
  const agency = claims["custom:agency"] ?? claims.agency;
  const roles = parseRoles(claims["cognito:groups"] ?? claims.roles);
  if (typeof sub !== "string" || !/^[\x21-\x7e]{1,128}$/.test(sub)) throw new UnauthorizedError("The token names no valid subject.");
  if (sub.startsWith(SYSTEM_SUBJECT_PREFIX)) throw new UnauthorizedError("The token names a subject reserved for the platform.");
  if (typeof agency !== "string" || !/^[a-z][a-z0-9-]{0,39}$/.test(agency)) throw new UnauthorizedError("The token names no valid agency.");
  if (!roles.length) throw new UnauthorizedError("The token carries no role.");
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UnauthorizedError(`Unknown role in token: ${unknown.join(", ")}.`);
  return { sub, agency, roles: [...new Set(roles)] as Role[] };
}

/** Cognito groups arrive as an array, or through the HTTP API authorizer as "[a b]". */
function parseRoles(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value.replace(/^\[|\]$/g, "").split(/[\s,]+/).filter(Boolean);
  return [];
}

export async function identityFromRequest(
  source: ClaimSource,
  authorization: string | undefined,
  apigwClaims: Record<string, unknown> | undefined,
  now: Date,
  agencies?: AgencyDirectory,
): Promise<Identity> {
  const who = await verifiedIdentity(source, authorization, apigwClaims, now);
  // A signed token for an agency the jurisdiction does not have is no identity at all.
  if (agencies && !(await agencies.hasAgency(who.agency))) throw new UnauthorizedError("The token names an agency this jurisdiction does not have.");
  return who;
}

async function verifiedIdentity(source: ClaimSource, authorization: string | undefined, apigwClaims: Record<string, unknown> | undefined, now: Date): Promise<Identity> {
  if (source.kind === "apigw") {
    if (!apigwClaims) throw new UnauthorizedError("No verified token claims on the request.");
    return identityFromClaims(apigwClaims);
  }
  const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw new UnauthorizedError("Send Authorization: Bearer <token>.");
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(source.secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"], currentDate: now });
    return identityFromClaims(payload as Record<string, unknown>);
  } catch (err) {
    if (err instanceof UnauthorizedError) throw err;
    throw new UnauthorizedError("The token is not valid.");
  }
}

/** Local tokens last long: the local clock is moved by days and weeks while people work. */
export async function issueLocalToken(secret: string, who: { sub: string; agency: string; roles: readonly string[] }, now: Date, ttlSeconds = 400 * 86_400): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ agency: who.agency, roles: [...who.roles] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(who.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
