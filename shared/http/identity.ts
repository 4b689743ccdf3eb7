// One module turns a caller's credentials into {sub, agency, roles}. On AWS from the
// claims of a Cognito ID token the HTTP API JWT authorizer has verified — `custom:agency`
// and `cognito:groups`, nothing else; locally from a token the local runtime verifies
// (infra/local/tokens.ts). Either way the agency must be one of the jurisdiction's, and
// the `system:` subjects the platform records its own events under cannot be claimed.
import { UnauthorizedError } from "../errors.js";
import type { Identity } from "../domain/access.js";
import { ROLES, type Role } from "../domain/model.js";

/** Checks a bearer token and returns its claims; throws when it is not valid now. */
export type TokenVerifier = (token: string, now: Date) => Promise<Record<string, unknown>>;

export type ClaimSource = { kind: "apigw" } | { kind: "local"; verify: TokenVerifier };

/** The platform's own actors (router, sweeper) are `system:<name>`; see lifecycle.systemActor. */
const SYSTEM_SUBJECT_PREFIX = "system:";

export interface AgencyDirectory {
  hasAgency(agency: string): Promise<boolean>;
}

/** A Cognito ID token's claims, as the HTTP API authorizer passes them on. Access tokens are refused. */
export function identityFromCognitoClaims(claims: Record<string, unknown>): Identity {
  if (claims.token_use !== "id")
    throw new UnauthorizedError('Send the Cognito ID token (token_use "id"); it carries custom:agency.');
  return identityOf(claims.sub, claims["custom:agency"], parseRoles(claims["cognito:groups"]));
}

/** A local token's claims: `agency` and `roles`. */
export function identityFromLocalClaims(claims: Record<string, unknown>): Identity {
  return identityOf(claims.sub, claims.agency, Array.isArray(claims.roles) ? claims.roles.map(String) : []);
}

/** A subject, agency and roles checked as any token's are; the console checks its sign-ins with it too. */
export function identityOf(sub: unknown, agency: unknown, roles: string[]): Identity {
  if (typeof sub !== "string" || !/^[\x21-\x7e]{1,128}$/.test(sub))
    throw new UnauthorizedError("The token names no valid subject.");
  if (sub.startsWith(SYSTEM_SUBJECT_PREFIX))
    throw new UnauthorizedError("The token names a subject reserved for the platform.");
  if (typeof agency !== "string" || !/^[a-z][a-z0-9-]{0,39}$/.test(agency))
    throw new UnauthorizedError("The token names no valid agency.");
  if (!roles.length) throw new UnauthorizedError("The token carries no role.");
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UnauthorizedError(`Unknown role in token: ${unknown.join(", ")}.`);
  return { sub, agency, roles: [...new Set(roles)] as Role[] };
}

/** Cognito groups arrive as an array, or through the HTTP API authorizer as "[a b]". */
function parseRoles(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string")
    return value
      .replace(/^\[|\]$/g, "")
      .split(/[\s,]+/)
      .filter(Boolean);
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
  if (agencies && !(await agencies.hasAgency(who.agency)))
    throw new UnauthorizedError("The token names an agency this jurisdiction does not have.");
  return who;
}

async function verifiedIdentity(
  source: ClaimSource,
  authorization: string | undefined,
  apigwClaims: Record<string, unknown> | undefined,
  now: Date,
): Promise<Identity> {
  if (source.kind === "apigw") {
    if (!apigwClaims) throw new UnauthorizedError("No verified token claims on the request.");
    return identityFromCognitoClaims(apigwClaims);
  }
  const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw new UnauthorizedError("Send Authorization: Bearer <token>.");
  let claims: Record<string, unknown>;
  try {
    claims = await source.verify(token, now);
  } catch {
    throw new UnauthorizedError("The token is not valid (signature, expiry or age); get a new one.");
  }
  return identityFromLocalClaims(claims);
}
