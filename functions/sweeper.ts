// Lambda `sweeper` (scheduled): runs every clock step that is due now.
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { sweepDeadlines } from "../shared/app/sweeper.js";

export const createHandler = (deps: Deps) => async () => sweepDeadlines(deps);

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = () => (ready ??= createHandler(depsFromEnv("sweeper")))();
