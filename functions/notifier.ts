// Lambda `notifier`: stores each notification for its agency, once.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { deliverNotification, WebhookLookup } from "../shared/app/notifications.js";
import { parseNotification } from "../shared/app/messages.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Every notification is stored in its agency's inbox once, however often SQS delivers it,
 * and is POSTed to the agency's webhook where one is registered (at least once: a POST that
 * succeeded but was not recorded is sent again). Partial batch failures: only the records
 * that failed (a webhook down, a refused address) come back to the queue, and after the
 * last retry rest in the dead-letter queue.
 */
export function createHandler(deps: Deps) {
  const processor = new BatchProcessor(EventType.SQS);
  const webhooks = new WebhookLookup(deps.store, deps.clock);
  const recordHandler = async (record: SQSRecord) =>
    deliverNotification({ ...deps, webhooks }, parseNotification(record.body));
  return injectLambdaContext(
    deps.logger,
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, recordHandler, processor, { context }),
  );
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event: SQSEvent, context: Context) =>
  (ready ??= createHandler(depsFromEnv("notifier")))(event, context);
