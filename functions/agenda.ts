// Lambda `agenda` (scheduled): puts every case waiting for a joint meeting on the next open one.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { MeetingService } from "../shared/app/meetings.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Cases waiting for a joint meeting (escalated, disputed, handled jointly) reach it without a
 * coordinator copying them over: each lands on the next open meeting once, and the bureau's
 * coordinators and meeting members are told. With no open meeting they wait for the
 * next run.
 */
export const createHandler = (deps: Deps) => {
  const meetings = new MeetingService(deps);
  return injectLambdaContext(deps.logger, async () => {
    await deps.jurisdiction.refresh();
    return meetings.compileAgenda();
  });
};

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) =>
  (ready ??= createHandler(depsFromEnv("agenda")))(event, context);
