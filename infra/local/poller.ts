// Long-polls a queue and hands SQS-shaped event batches to a real Lambda handler, as the
// Lambda event source mapping does: messages the handler reports as failed (or all of
// them, if it throws) stay on the queue, come back after the visibility timeout and, past
// maxReceiveCount, go to the dead-letter queue.
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { logger } from "../../shared/logger.js";

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function toRecord(m: Message, queueArn: string): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? "",
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
      SentTimestamp: a.SentTimestamp ?? "0",
      SenderId: a.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? "0",
      ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
      ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private inFlight = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly functionName: string,
    private readonly handler: SqsHandler,
    private readonly batchSize = 10,
  ) {}

  /** One receive and one handler call; the number of messages handled. */
  async pollOnce(waitSeconds: number): Promise<number> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: this.batchSize,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    const messages = out.Messages ?? [];
    if (!messages.length) return 0;
    this.inFlight++;
    try {
      const arn = `arn:aws:sqs:us-east-1:000000000000:${this.queueUrl.split("/").pop()}`;
      const records = messages.map((m) => toRecord(m, arn));
      let failed = new Set(records.map((r) => r.messageId));
      try {
        const response = await this.handler({ Records: records }, lambdaContext(this.functionName));
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (err) {
        logger.warn("handler failed the whole batch; it returns to the queue", {
          functionName: this.functionName,
          error: (err as Error).message,
        });
      }
      const done = records.filter((r) => !failed.has(r.messageId));
      if (done.length) {
        await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      }
      return messages.length;
    } finally {
      this.inFlight--;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.pollOnce(1);
        } catch (err) {
          logger.warn("poll failed", { functionName: this.functionName, error: (err as Error).message });
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Until a receive finds nothing and no batch of this poller is being handled. */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const handled = await this.pollOnce(0);
      if (handled === 0 && this.inFlight === 0) return;
      if (handled === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }
}
