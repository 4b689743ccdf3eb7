// What a console sign-in keeps between the redirect to the Cognito hosted UI and its
// return: the PKCE code verifier (RFC 7636), the `state` that ties the return to this
// browser, and the OIDC `nonce` that ties the ID token to this sign-in. The browser carries
// them in a short-lived cookie sealed with AES-256-GCM: it can neither read nor alter them.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface SignInState {
  /** RFC 7636 §4.1: 43 characters of base64url (32 random bytes), within the unreserved set. */
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  /** Epoch milliseconds after which the sign-in is refused. */
  readonly expiresAt: number;
}

const SEALED_PREFIX = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bound into every seal: a value sealed for another purpose under the same key does not open here. */
const ASSOCIATED_DATA = Buffer.from("casebridge/console/sign-in", "utf8");

const randomToken = () => randomBytes(32).toString("base64url");

export function newSignInState(now: Date, ttlMs: number): SignInState {
  return {
    verifier: randomToken(),
    state: randomToken(),
    nonce: randomToken(),
    expiresAt: now.getTime() + ttlMs,
  };
}

/** RFC 7636 §4.2, method S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function sealSignInState(key: Uint8Array, state: SignInState): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", checkedKey(key), iv).setAAD(ASSOCIATED_DATA);
  const body = Buffer.concat([cipher.update(JSON.stringify(state), "utf8"), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The sealed state if it opens under the key and has not expired; undefined for anything else. */
export function openSignInState(key: Uint8Array, sealed: string, now: Date): SignInState | undefined {
  if (!sealed.startsWith(SEALED_PREFIX)) return undefined;
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  let parsed: unknown;
  try {
    const decipher = createDecipheriv("aes-256-gcm", checkedKey(key), raw.subarray(0, IV_BYTES))
      .setAAD(ASSOCIATED_DATA)
      .setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    parsed = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isSignInState(parsed) || parsed.expiresAt <= now.getTime()) return undefined;
  return parsed;
}

/** Equal strings, compared in constant time. */
export function sameValue(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkedKey(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new Error("The sign-in cookie key must be 32 bytes.");
  return key;
}

function isSignInState(value: unknown): value is SignInState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.verifier === "string" &&
    typeof v.state === "string" &&
    typeof v.nonce === "string" &&
    typeof v.expiresAt === "number"
  );
}
