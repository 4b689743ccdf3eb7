// Lambda `relay` (scheduled): re-sends outbox entries that no consumer has applied yet.
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { relayOutbox } from "../shared/app/relay.js";

export const createHandler = (deps: Deps) => async () => relayOutbox(deps);

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = () => (ready ??= createHandler(depsFromEnv("relay")))();
