// Lambda `api`: the Hono app behind the HTTP API; identity comes from the claims the
// JWT authorizer verified.
import { handle } from "hono/aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { createApp } from "../shared/http/app.js";

export const createHandler = (deps: Deps) => handle(createApp(deps, { claims: { kind: "apigw" } }));

let ready: ReturnType<typeof createHandler> | undefined;
export const handler: ReturnType<typeof createHandler> = (event, context) => (ready ??= createHandler(depsFromEnv("api")))(event, context);
