// Lambda `sweeper` (scheduled): runs every clock step that is due now.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { sweepDeadlines } from "../shared/app/delivery.js";
import { injectLambdaContext } from "../shared/logger.js";

export const createHandler = (deps: Deps) => injectLambdaContext(deps.logger, () => sweepDeadlines(deps));

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) => (ready ??= createHandler(depsFromEnv("sweeper")))(event, context);
