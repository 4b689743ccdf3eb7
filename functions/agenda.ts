// Lambda `agenda` (scheduled): puts every case waiting for a joint meeting on the next open one.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { MeetingService } from "../shared/app/meetings.js";
import { injectLambdaContext } from "../shared/logger.js";

export const createHandler = (deps: Deps) => {
  const meetings = new MeetingService(deps);
  return injectLambdaContext(deps.logger, () => meetings.compileAgenda());
};

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) => (ready ??= createHandler(depsFromEnv("agenda")))(event, context);
