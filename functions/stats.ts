// Lambda `stats`: keeps the statistics' counters, fed by the table's stream (new images,
// filtered to case items by the event source mapping). Each record counts its case's state
// in place of the last counted one (StatsAggregator); a state counted already, or older than
// the one counted, changes nothing — so redelivery and retries apply nothing twice.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { caseOfImage } from "../shared/adapters/dynamo/stream.js";
import { depsFromEnv, type Deps } from "../shared/app/deps.js";
import { StatsAggregator } from "../shared/app/stats.js";
import { injectLambdaContext } from "../shared/logger.js";

/**
 * Partial batch failures: a failed record is reported by its sequence number, and the stream
 * is read again from there; the records before it stay counted.
 */
export function createHandler(deps: Deps) {
  const aggregator = new StatsAggregator(deps);
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const recordHandler = async (record: DynamoDBRecord) => {
    const kase = caseOfImage(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
    if (kase) await aggregator.count([kase]);
  };
  return injectLambdaContext(
    deps.logger,
    (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
      processPartialResponse(event, recordHandler, processor, { context }),
  );
}

let ready: ReturnType<typeof createHandler> | undefined;
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  (ready ??= createHandler(depsFromEnv("stats")))(event, context);
