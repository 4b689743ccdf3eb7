// Lambda `router`: applies handoffs from the FIFO queue, each at most once. A record
// that fails comes back after the visibility timeout; later records of the same case
// wait for it (FIFO order per case), other cases go on.
import { SqsFifoPartialProcessorAsync, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { applyHandoff } from "../shared/app/handoffs.js";
import { parseHandoff } from "../shared/app/messages.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Where routing takes effect: each handoff is applied at most once, even when SQS delivers
 * it twice. Partial batch failures: a failed record is reported, and the records after it
 * in the same case (its message group) are handed back unread, so a case never sees its
 * handoffs out of order; other cases in the batch go on.
 */
export function createHandler(deps: Deps) {
  const processor = new SqsFifoPartialProcessorAsync();
  const recordHandler = async (record: SQSRecord) => applyHandoff(deps, parseHandoff(record.body));
  return injectLambdaContext(
    deps.logger,
    async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
      // Clocks the handoffs open count with the stored calendar.
      await deps.jurisdiction.refresh();
      return processPartialResponse(event, recordHandler, processor, { context, skipGroupOnError: true });
    },
  );
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event: SQSEvent, context: Context) =>
  (ready ??= createHandler(depsFromEnv("router")))(event, context);
