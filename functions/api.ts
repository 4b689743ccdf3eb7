// Lambda `api`: the Hono app behind the HTTP API; identity comes from the claims the
// JWT authorizer verified.
import type { Context } from "aws-lambda";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { createApp } from "../shared/http/app.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * The whole HTTP surface as one Lambda. Identity is taken only from the claims API Gateway's
 * JWT authorizer verified, never from a token the function would check itself, so the bundle
 * carries no verifier and no signing key.
 */
export function createHandler(deps: Deps) {
  const app = handle(createApp(deps, { claims: { kind: "apigw" } }));
  return injectLambdaContext(deps.logger, (event: LambdaEvent, context: Context) => app(event, context));
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler: ReturnType<typeof createHandler> = (event, context) =>
  (ready ??= createHandler(depsFromEnv("api")))(event, context);
