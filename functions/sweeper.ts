// Lambda `sweeper` (scheduled): works off the recounts a calendar or thresholds change asked
// for, then runs every clock step that is due now.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { recountAfterChanges } from "../shared/app/recount.js";
import { sweepDeadlines } from "../shared/app/sweeper.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Keeps the statutory clocks honest without anyone watching: warnings, escalations and
 * closings happen on the schedule even when no one opens the case. A run that overlaps
 * another, or repeats one, changes nothing twice (each step commits against the case's
 * version); a case changed meanwhile waits for the next run. Recounts go first, so the
 * sweep sees due times and next actions under the stored calendar and thresholds.
 */
export const createHandler = (deps: Deps) =>
  injectLambdaContext(deps.logger, async () => {
    await deps.jurisdiction.refresh();
    const recount = await recountAfterChanges(deps);
    return { ...(await sweepDeadlines(deps)), recount };
  });

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) =>
  (ready ??= createHandler(depsFromEnv("sweeper")))(event, context);
