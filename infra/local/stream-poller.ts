// Reads the table's stream on DynamoDB Local and hands batches of records to a real Lambda
// handler, as the event source mapping does on AWS: only the records the mapping's filter
// lets through (case items for the statistics, the events that call for a notice), in order per shard, and a record the handler reports as failed is read again — with the
// records after it — at the next drain. A restart reads the stream from its oldest record
// again; the handler's marks make that change nothing.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from "@aws-sdk/client-dynamodb-streams";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { NOTICE_FOR_EVENT } from "../../shared/domain/notices.js";
import { logger } from "../../shared/logger.js";
import type { FunctionShape } from "../../shared/resources.js";
import { lambdaContext } from "./poller.js";

type StreamItems = NonNullable<FunctionShape["tableStream"]>["items"];

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

/** As the stack's filters (infra/stack.ts), by what a function reads of the stream. */
export const streamFilters: Record<StreamItems, (r: _Record) => boolean> = {
  // INSERT or MODIFY of an item with pk CASE#… and sk CASE.
  cases: (r) =>
    (r.eventName === "INSERT" || r.eventName === "MODIFY") &&
    (r.dynamodb?.Keys?.pk?.S ?? "").startsWith("CASE#") &&
    r.dynamodb?.Keys?.sk?.S === "CASE",
  // INSERT of an event (pk CASE#…, sk EVENT#…) whose type calls for a notice.
  "notice-events": (r) =>
    r.eventName === "INSERT" &&
    (r.dynamodb?.Keys?.pk?.S ?? "").startsWith("CASE#") &&
    (r.dynamodb?.Keys?.sk?.S ?? "").startsWith("EVENT#") &&
    Object.hasOwn(NOTICE_FOR_EVENT, r.dynamodb?.NewImage?.type?.S ?? ""),
};

export class StreamPoller {
  /** Where each shard is read from next: an iterator, or the sequence number to read again at. */
  private readonly positions = new Map<string, { iterator?: string; retryAt?: string; closed?: boolean }>();
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
    private readonly name: string,
    private readonly handler: StreamHandler,
    private readonly items: StreamItems = "cases",
    private readonly batchSize = 100,
  ) {}

  /** Reads every shard to its end now, once (a drain already under way is waited for instead). */
  drain(): Promise<void> {
    this.running ??= this.readAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(everyMs = 200): void {
    this.timer = setInterval(() => {
      this.drain().catch((err: Error) =>
        logger.error("stream poll failed", { name: this.name, error: err.message }),
      );
    }, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Every shard, parents before children (as DescribeStream lists them), a page of 100 at a time. */
  private async readAll(): Promise<void> {
    let after: string | undefined;
    do {
      const description = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: after }),
      );
      for (const shard of description.StreamDescription?.Shards ?? []) {
        const id = shard.ShardId!;
        if (!this.positions.has(id)) this.positions.set(id, {});
        await this.readShard(id);
      }
      after = description.StreamDescription?.LastEvaluatedShardId;
    } while (after);
  }

  private async iteratorOf(shardId: string): Promise<string | undefined> {
    const at = this.positions.get(shardId)!;
    if (at.iterator) return at.iterator;
    const out = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(at.retryAt
          ? { ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber: at.retryAt }
          : { ShardIteratorType: "TRIM_HORIZON" }),
      }),
    );
    return out.ShardIterator;
  }

  private async readShard(shardId: string): Promise<void> {
    const at = this.positions.get(shardId)!;
    if (at.closed) return;
    let iterator = await this.iteratorOf(shardId);
    while (iterator) {
      const out = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.batchSize }),
      );
      const records = (out.Records ?? []).filter(streamFilters[this.items]);
      if (records.length) {
        const failed = await this.hand(records);
        if (failed) {
          // Read again from the failed record at the next drain, as Lambda retries from it.
          this.positions.set(shardId, { retryAt: failed });
          return;
        }
      }
      at.iterator = out.NextShardIterator;
      at.retryAt = undefined;
      if (!out.NextShardIterator) at.closed = true;
      if (!out.Records?.length) return;
      iterator = out.NextShardIterator;
    }
  }

  /** The first failed record's sequence number, if any; every record when the handler throws. */
  private async hand(records: _Record[]): Promise<string | undefined> {
    const event: DynamoDBStreamEvent = { Records: records as unknown as DynamoDBRecord[] };
    try {
      const response = await this.handler(event, lambdaContext(this.name));
      const failures = response?.batchItemFailures ?? [];
      if (!failures.length) return undefined;
      const failed = new Set(failures.map((f) => f.itemIdentifier));
      return records.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ""))?.dynamodb?.SequenceNumber;
    } catch (err) {
      logger.error("stream handler failed", { name: this.name, error: (err as Error).message });
      return records[0]?.dynamodb?.SequenceNumber;
    }
  }
}

export function streamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}
