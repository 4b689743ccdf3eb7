// The MessageQueue on SQS: handoffs go to the FIFO queue with the case as message group
// (per-case order) and the handoff id as deduplication id; notifications go to the
// standard queue. Bodies are ids and agency codes only, never petitioner data.
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ConfigError } from "../config.js";
import type { OutboxEntry } from "../domain/model.js";
import type { MessageQueue, SendResult } from "../ports.js";

export interface QueueUrls {
  handoffs: string;
  notifications: string;
}

export class SqsMessageQueue implements MessageQueue {
  /** A function is given only the URLs of the queues it sends to (shared/resources.ts). */
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: Partial<QueueUrls>,
  ) {}

  async send(entries: readonly OutboxEntry[]): Promise<SendResult> {
    const failed: string[] = [];
    for (const queue of ["handoffs", "notifications"] as const) {
      const mine = entries.filter((e) => e.queue === queue);
      const url = this.urls[queue];
      if (mine.length && !url) throw new ConfigError(`Setting ${queue.toUpperCase()}_QUEUE_URL is not set.`);
      for (let i = 0; i < mine.length; i += 10) {
        const batch = mine.slice(i, i + 10);
        try {
          const out = await this.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: url,
              Entries: batch.map((e) => ({
                Id: e.id,
                MessageBody: JSON.stringify({ ...e.body, id: e.id, caseId: e.caseId }),
                ...(queue === "handoffs" ? { MessageGroupId: e.caseId, MessageDeduplicationId: e.id } : {}),
              })),
            }),
          );
          failed.push(...(out.Failed ?? []).map((f) => f.Id!));
        } catch {
          // The outbox keeps every entry; the relay sends what did not go out now.
          failed.push(...batch.map((e) => e.id));
        }
      }
    }
    return { failed };
  }
}
