// Lambda `agenda` (scheduled): puts every case waiting for a joint meeting on the next open one.
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { MeetingService } from "../shared/app/meetings.js";

export const createHandler = (deps: Deps) => {
  const meetings = new MeetingService(deps);
  return async () => meetings.compileAgenda();
};

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = () => (ready ??= createHandler(depsFromEnv("agenda")))();
