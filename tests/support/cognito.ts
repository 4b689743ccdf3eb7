// A Cognito user pool in a test: its own RSA key and key set, ID tokens shaped as Cognito
// issues them, and a token endpoint that answers one authorization code with the token the
// test chose, recording each form it receives. Nothing here reaches AWS.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { cognitoIssuer } from "../../shared/console/cognito-auth.js";

export const POOL_ID = "eu-west-1_TestPool1";
export const CLIENT_ID = "console-client-id";
export const DOMAIN = "https://casebridge-test.auth.eu-west-1.amazoncognito.com";
export const ISSUER = cognitoIssuer(POOL_ID);
export const CONSOLE_ORIGIN = "https://abc123.execute-api.eu-west-1.amazonaws.com";

export interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** An ID token as Cognito issues one for a console sign-in; `claims` override or add. */
export async function idToken(
  key: SigningKey,
  claims: Record<string, unknown>,
  options: { now: Date; lifetimeS?: number } = { now: new Date() },
): Promise<string> {
  const iat = Math.floor(options.now.getTime() / 1000);
  return new SignJWT({
    sub: "1f2e3d4c-0000-4000-8000-000000000001",
    aud: CLIENT_ID,
    iss: ISSUER,
    token_use: "id",
    auth_time: iat,
    iat,
    exp: iat + (options.lifetimeS ?? 300),
    email: "officer@example.gov.cn",
    "custom:agency": "bureau",
    "cognito:groups": ["coordinator"],
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: key.jwk.kid! })
    .sign(key.privateKey);
}

export interface TokenRequest {
  url: string;
  contentType: string | null;
  form: Record<string, string>;
}

/**
 * The pool's key set (with `keys`) and its token endpoint: `answer` is called with the form
 * and returns the ID token to send back (or a status and error body).
 */
export function fakeCognito(
  keys: SigningKey[],
  answer: (form: Record<string, string>) => Promise<{ id_token: string } | { status: number; error: string }>,
) {
  const requests: TokenRequest[] = [];
  const fetchToken: typeof fetch = async (input, init) => {
    const form = Object.fromEntries(new URLSearchParams(String(init?.body)));
    requests.push({
      url: String(input),
      contentType: new Headers(init?.headers).get("content-type"),
      form,
    });
    const out = await answer(form);
    if ("status" in out) return Response.json({ error: out.error }, { status: out.status });
    return Response.json({
      ...out,
      access_token: "not-read",
      refresh_token: "not-read",
      token_type: "Bearer",
      expires_in: 300,
    });
  };
  return { fetch: fetchToken, jwks: createLocalJWKSet({ keys: keys.map((k) => k.jwk) }), requests };
}
