// Lambda `notifier`: stores each notification for its agency, once.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { deliverNotification } from "../shared/app/notifications.js";
import { parseNotification } from "../shared/app/messages.js";

export function createHandler(deps: Deps) {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => deliverNotification(deps, parseNotification(record.body));
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => processPartialResponse(event, recordHandler, processor, { context });
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event: SQSEvent, context: Context) => (ready ??= createHandler(depsFromEnv("notifier")))(event, context);
