// Lambda `sweeper` (scheduled): runs every clock step that is due now.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { sweepDeadlines } from "../shared/app/sweeper.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Keeps the statutory clocks honest without anyone watching: warnings, escalations and
 * closings happen on the schedule even when no one opens the case. A run that overlaps
 * another, or repeats one, changes nothing twice (each step commits against the case's
 * version); a case changed meanwhile waits for the next run.
 */
export const createHandler = (deps: Deps) => injectLambdaContext(deps.logger, () => sweepDeadlines(deps));

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) =>
  (ready ??= createHandler(depsFromEnv("sweeper")))(event, context);
