// Tests only: faults injected into the AWS SDK clients the product runs on, and into the
// consumers the local runtime drives, every decision drawn from one seeded generator (a seed
// replays the stream of decisions; which call meets each depends on timing: docs/chaos.md;
// tests/support/chaos-run.ts, `npm run chaos`). Injected outside the
// SDK's own retries (step "initialize"), so the product meets each fault itself:
//   SQS     SendMessage(Batch) failing before the send, or after it actually happened; one
//           entry of a batch reported failed; a message received again (an earlier one
//           appended to a later receive); a delete lost (the message comes back).
//   DynamoDB  throttling (ProvisionedThroughputExceededException, ThrottlingException) on
//           reads and writes, before the call reaches the table; a transaction cancelled
//           with TransactionConflict (another transaction touched its items).
//   consumers  the router or notifier dying mid-batch (part of the batch applied, then the
//           handler throws: nothing is deleted, all of it comes back); the stats function
//           crashing before or after its work, or handed the same records twice.
// Nothing in shared/ is replaced: the middleware sits on the clients the store and the
// queue adapter already use.
import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { Message, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import type { SqsHandler } from "../../infra/local/poller.js";
import type { StreamHandler } from "../../infra/local/stream-poller.js";

export const FAULT_KINDS = [
  "sqs send failed before sending",
  "sqs send failed after sending",
  "sqs batch entry failed",
  "sqs message delivered again",
  "sqs delete lost",
  "dynamodb read throttled",
  "dynamodb write throttled",
  "dynamodb transaction conflict",
  "consumer died mid-batch",
  "stats crashed before counting",
  "stats crashed after counting",
  "stats batch delivered twice",
  "notices crashed before issuing",
  "notices crashed after issuing",
  "notices batch delivered twice",
  "relay ran twice at once",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The chance of each fault at each opportunity (a call, a receive, a batch). */
export interface FaultRates {
  sendFailedBefore: number;
  sendFailedAfter: number;
  batchEntryFailed: number;
  deliveredAgain: number;
  deleteLost: number;
  readThrottled: number;
  writeThrottled: number;
  transactionConflict: number;
  consumerDied: number;
  statsCrashedBefore: number;
  statsCrashedAfter: number;
  statsDeliveredTwice: number;
  relayTwice: number;
}

export const DEFAULT_RATES: FaultRates = {
  sendFailedBefore: 0.08,
  sendFailedAfter: 0.08,
  batchEntryFailed: 0.05,
  deliveredAgain: 0.15,
  deleteLost: 0.08,
  readThrottled: 0.02,
  writeThrottled: 0.02,
  transactionConflict: 0.04,
  consumerDied: 0.1,
  statsCrashedBefore: 0.1,
  statsCrashedAfter: 0.1,
  statsDeliveredTwice: 0.1,
  relayTwice: 0.5,
};

/** Deterministic pseudo-random numbers (mulberry32) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const READS = new Set(["GetItemCommand", "BatchGetItemCommand", "QueryCommand"]);
const WRITES = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);
const MIDDLEWARE = "chaosFaults";
const $metadata = { httpStatusCode: 400 };

/** An error as the SDK throws it when the connection drops: the caller cannot tell whether the send happened. */
function networkError(when: "before" | "after"): Error {
  return Object.assign(new Error(`injected: connection reset ${when} the send`), {
    name: "TimeoutError",
    $metadata: {},
  });
}

export class Chaos {
  /** Faults are drawn only while enabled (the checks, and the final settling, run without). */
  enabled = true;
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
    FaultKind,
    number
  >;
  private readonly random: () => number;
  /** Messages received lately, per queue: the pool a redelivery is drawn from. */
  private readonly received = new Map<string, Message[]>();

  constructor(
    readonly seed: number,
    readonly rates: FaultRates = DEFAULT_RATES,
  ) {
    this.random = seededRandom(seed);
  }

  /** Whether a fault with this chance happens now; counted when it does. */
  roll(rate: number, kind: FaultKind): boolean {
    if (!this.enabled || rate <= 0) return false;
    if (this.random() >= rate) return false;
    this.counts[kind]++;
    return true;
  }

  /** A number in [0, n), from the same generator. */
  pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  total(): number {
    return Object.values(this.counts).reduce((s, n) => s + n, 0);
  }

  /** Throttling and transaction conflicts on every data-plane call of this client. */
  attachDynamo(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "";
        const input = args.input as { TransactItems?: unknown[] };
        if (READS.has(command) && this.roll(this.rates.readThrottled, "dynamodb read throttled"))
          throw this.throttle(command);
        if (WRITES.has(command) && this.roll(this.rates.writeThrottled, "dynamodb write throttled"))
          throw this.throttle(command);
        if (
          command === "TransactWriteItemsCommand" &&
          this.roll(this.rates.transactionConflict, "dynamodb transaction conflict")
        ) {
          const items = input.TransactItems ?? [];
          const at = this.pick(items.length);
          const codes = items.map((_, i) => (i === at ? "TransactionConflict" : "None"));
          throw new TransactionCanceledException({
            message: `injected: Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`,
            $metadata,
            CancellationReasons: codes.map((Code) => ({
              Code,
              ...(Code === "None" ? {} : { Message: "Transaction is ongoing for the item" }),
            })),
          });
        }
        return next(args);
      },
      { step: "initialize", name: MIDDLEWARE },
    );
  }

  private throttle(command: string): Error {
    const message = `injected: ${command.replace(/Command$/, "")} throttled`;
    return this.random() < 0.5
      ? new ProvisionedThroughputExceededException({ message, $metadata })
      : new ThrottlingException({ message, $metadata });
  }

  /** Send failures, failed entries, redeliveries and lost deletes on this client. */
  attachSqs(client: SQSClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "";
        const input = args.input as Record<string, any> & typeof args.input;
        if (command === "SendMessageBatchCommand" || command === "SendMessageCommand") {
          if (this.roll(this.rates.sendFailedBefore, "sqs send failed before sending"))
            throw networkError("before");
          let dropped: { Id: string } | undefined;
          if (
            command === "SendMessageBatchCommand" &&
            input.Entries?.length &&
            this.roll(this.rates.batchEntryFailed, "sqs batch entry failed")
          ) {
            const entries = [...input.Entries];
            dropped = entries.splice(this.pick(entries.length), 1)[0];
            // A batch of one whose only entry fails: SQS answers Failed for it, nothing is sent.
            if (!entries.length)
              return {
                output: {
                  $metadata: {},
                  Successful: [],
                  Failed: [{ Id: dropped!.Id, SenderFault: false, Code: "InternalError" }],
                },
                response: {},
              } as any;
            args = { ...args, input: { ...input, Entries: entries } };
          }
          const result = await next(args);
          if (this.roll(this.rates.sendFailedAfter, "sqs send failed after sending"))
            throw networkError("after");
          if (dropped) {
            const output = result.output as { Failed?: unknown[] };
            output.Failed = [
              ...(output.Failed ?? []),
              { Id: dropped.Id, SenderFault: false, Code: "InternalError" },
            ];
          }
          return result;
        }
        if (command === "DeleteMessageBatchCommand" && input.Entries?.length) {
          if (this.roll(this.rates.deleteLost, "sqs delete lost")) {
            // One entry is not deleted though the answer says it was: the message comes back.
            const entries = [...input.Entries];
            entries.splice(this.pick(entries.length), 1);
            if (entries.length) await next({ ...args, input: { ...input, Entries: entries } });
            return {
              output: { $metadata: {}, Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id })) },
              response: {},
            } as any;
          }
          return next(args);
        }
        if (command === "ReceiveMessageCommand") {
          const result = await next(args);
          const output = result.output as { Messages?: Message[] };
          const url = String(input.QueueUrl);
          const pool = this.received.get(url) ?? [];
          const messages = output.Messages ?? [];
          if (pool.length && this.roll(this.rates.deliveredAgain, "sqs message delivered again")) {
            const again = pool[this.pick(pool.length)]!;
            if (!messages.some((m) => m.MessageId === again.MessageId))
              output.Messages = [...messages, again];
          }
          pool.push(...messages);
          this.received.set(url, pool.slice(-100));
          return result;
        }
        return next(args);
      },
      { step: "initialize", name: MIDDLEWARE },
    );
  }

  /** A router or notifier that, now and then, applies part of its batch and then dies. */
  dyingConsumer(handler: SqsHandler): SqsHandler {
    return async (event, context) => {
      if (!this.roll(this.rates.consumerDied, "consumer died mid-batch")) return handler(event, context);
      const part: SQSEvent = { Records: event.Records.slice(0, 1 + this.pick(event.Records.length)) };
      await handler(part, context);
      throw new Error(
        `injected: consumer died after ${part.Records.length} of ${event.Records.length} records`,
      );
    };
  }

  /** The stats function crashing before or after counting, or handed its batch twice. */
  faultyStats(handler: StreamHandler): StreamHandler {
    return faultyStreamHandler(
      handler,
      () => (this.enabled ? this.random() : 1),
      this.rates,
      (kind) => {
        this.counts[kind]++;
      },
    );
  }

  /** The notices function meets the same faults on the same stream, counted as its own. */
  faultyNotices(handler: StreamHandler): StreamHandler {
    const asNotices = {
      "stats crashed before counting": "notices crashed before issuing",
      "stats crashed after counting": "notices crashed after issuing",
      "stats batch delivered twice": "notices batch delivered twice",
    } as const;
    return faultyStreamHandler(
      handler,
      () => (this.enabled ? this.random() : 1),
      this.rates,
      (kind) => {
        this.counts[asNotices[kind]]++;
      },
    );
  }
}

/**
 * The faults Lambda meets on a stream: a crash before the work, a crash after it (the batch
 * comes again), a batch delivered twice. `random` draws one number per batch.
 */
export function faultyStreamHandler(
  handler: StreamHandler,
  random: () => number,
  rates: Pick<FaultRates, "statsCrashedBefore" | "statsCrashedAfter" | "statsDeliveredTwice">,
  count: (
    kind: "stats crashed before counting" | "stats crashed after counting" | "stats batch delivered twice",
  ) => void,
): StreamHandler {
  return async (event, context) => {
    const roll = random();
    if (roll < rates.statsCrashedBefore) {
      count("stats crashed before counting");
      throw new Error("injected: crashed before counting");
    }
    const answer = await handler(event, context);
    if (roll < rates.statsCrashedBefore + rates.statsCrashedAfter) {
      count("stats crashed after counting");
      throw new Error("injected: crashed after counting");
    }
    if (roll < rates.statsCrashedBefore + rates.statsCrashedAfter + rates.statsDeliveredTwice) {
      count("stats batch delivered twice");
      return handler(event, context);
    }
    return answer;
  };
}
