// Lambda `watch` (scheduled, daily): the early warning — a category × region receiving
// more petitions than its history says on the day that ended or in the week to it, told to the
// bureau once per spike.
import type { Context } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { watchHotspots } from "../shared/app/watch.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Reads the statistics' daily counters, never a case, unless a spike is found; a run that
 * repeats another the same day raises nothing twice (the spike's record is conditional).
 */
export const createHandler = (deps: Deps) =>
  injectLambdaContext(deps.logger, async () => {
    // The jurisdiction's hotspot thresholds (GET|PUT /v1/thresholds), as last set.
    const { thresholds } = await deps.jurisdiction.refresh();
    return watchHotspots({ ...deps, store: deps.store, hotspotRules: thresholds.hotspot });
  });

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event?: unknown, context?: Context) =>
  (ready ??= createHandler(depsFromEnv("watch")))(event, context);
