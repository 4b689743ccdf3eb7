// Lambda `relay` (scheduled): re-sends outbox entries that no consumer has applied yet.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { relayOutbox } from "../shared/app/relay.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * The outbox's safety net: an entry whose send failed, or whose consumer never applied it,
 * goes out again with a growing back-off. Consumers apply each entry at most once, so a
 * re-send that races the first delivery changes nothing.
 */
export const createHandler = (deps: Deps) => injectLambdaContext(deps.logger, () => relayOutbox(deps));

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) =>
  (ready ??= createHandler(depsFromEnv("relay")))(event, context);
