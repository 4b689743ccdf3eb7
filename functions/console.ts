// Lambda `console`: the officers' console, server-rendered pages under /console. No JWT
// authorizer stands in front of it: people sign in through the Cognito hosted UI
// (shared/console/cognito-auth.ts) and stay signed in by the console's own session cookie.
import type { Context } from "aws-lambda";
import { Hono } from "hono";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { deriveConsoleKeys, type ConsoleKeys } from "../shared/adapters/kms-keys.js";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { ReferenceCache } from "../shared/app/reference-cache.js";
import { createConsoleApp } from "../shared/console/app.js";
import { CognitoAuth, CONSOLE_PATH, type CognitoSettings } from "../shared/console/cognito-auth.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * A working day. The session is a cookie, not a server record, so signing out of one
 * browser or disabling the user in Cognito ends it only when it expires: kept short.
 */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

export function createHandler(deps: Deps, keys: ConsoleKeys, cognito: CognitoSettings) {
  const auth = new CognitoAuth({
    ...cognito,
    signInKey: keys.signIn,
    clock: deps.clock,
    // The API's rule: a token naming an agency the jurisdiction lacks is no identity.
    agencies: new ReferenceCache(deps.store, deps.clock),
  });
  const pages = createConsoleApp(deps, {
    auth,
    sessionKey: keys.session,
    secureCookies: true,
    sessionMaxAgeSeconds: SESSION_MAX_AGE_S,
  });
  const serve = handle(new Hono().route(CONSOLE_PATH, pages));
  return injectLambdaContext(deps.logger, (event: LambdaEvent, context: Context) => serve(event, context));
}

/**
 * The cookie keys come from KMS at cold start (GenerateMac over fixed labels under a key
 * only this function's role may use), not from the environment: no key material sits in
 * the function's configuration, where anyone who may read it could forge a session, and
 * every instance derives the same keys, so any instance opens a session another set.
 */
async function fromEnv() {
  const deps = depsFromEnv("console");
  // depsFromEnv has checked that every setting in the console's shape is present.
  const { CONSOLE_SESSION_KEY_ID, COGNITO_DOMAIN, CONSOLE_CLIENT_ID, USER_POOL_ID } = deps.settings;
  // Loaded here, at the first invocation, not with the bundle: the keys are its only KMS call before a request needs one.
  const { KMSClient } = await import("@aws-sdk/client-kms");
  const keys = await deriveConsoleKeys(new KMSClient({}), CONSOLE_SESSION_KEY_ID);
  return createHandler(deps, keys, {
    domain: COGNITO_DOMAIN!,
    clientId: CONSOLE_CLIENT_ID!,
    userPoolId: USER_POOL_ID!,
  });
}

let ready: Promise<ReturnType<typeof createHandler>> | undefined;
export const handler = async (event: LambdaEvent, context: Context) => {
  // A failed start (KMS throttled, a setting missing) is not kept: the next invocation retries.
  ready ??= fromEnv().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
