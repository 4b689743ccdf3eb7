// Lambda `notices`: the written notices, fed by the table's stream (new images, filtered by
// the event source mapping to the events that call for a notice: shared/domain/notices.ts).
// Each record is one event; issueNotice renders, stores and records its notice at most once,
// so a record seen twice, or retried after a failure, changes nothing twice.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { eventOfImage } from "../shared/adapters/dynamo/stream.js";
import { renderNoticePdf } from "../shared/adapters/notice-pdf.js";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { issueNotice, type NoticeRenderer } from "../shared/app/notices.js";
import { injectLambdaContext } from "../shared/logger.js";

const renderPdf: NoticeRenderer = (doc, createdAt) => renderNoticePdf(doc, undefined, { createdAt });

/**
 * Partial batch failures: a failed record is reported by its sequence number and the stream is
 * read again from there; the notices before it stay issued. Records are handled in order.
 */
export function createHandler(deps: Deps, render: NoticeRenderer = renderPdf) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const recordHandler = async (record: DynamoDBRecord) => {
    const event = eventOfImage(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
    if (!event) return;
    await deps.jurisdiction.refresh();
    await issueNotice({ ...deps, render }, event);
  };
  return injectLambdaContext(
    deps.logger,
    (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
      // One record after another, as the stream gives them: a case's notices go on its chain
      // in the order of the events that called for them, and never race each other.
      processPartialResponse(event, recordHandler, processor, { context, processInParallel: false }),
  );
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  (ready ??= createHandler(depsFromEnv("notices")))(event, context);
