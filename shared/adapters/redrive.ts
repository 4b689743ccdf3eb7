// Moves messages from a dead-letter queue back to its queue once the cause is fixed
// (`npm run redrive`; docs/webhooks.md on failed deliveries). Consumers are idempotent, so a message that was
// applied after all is harmless when it comes back.
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

export async function redrive(
  sqs: SQSClient,
  from: string,
  to: string,
  fifo: boolean,
  max = 10_000,
): Promise<number> {
  let moved = 0;
  while (moved < max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["MessageGroupId", "MessageDeduplicationId"],
      }),
    );
    const messages = out.Messages ?? [];
    if (!messages.length) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: messages.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? "",
          ...(fifo
            ? {
                MessageGroupId: m.Attributes?.MessageGroupId ?? "redrive",
                MessageDeduplicationId:
                  `${m.Attributes?.MessageDeduplicationId ?? m.MessageId}-r${moved + i}-${m.MessageId}`.slice(
                    0,
                    128,
                  ),
              }
            : {}),
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
    const done = messages.filter((_, i) => ok.has(i));
    if (done.length) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: from,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    moved += done.length;
    if (done.length < messages.length) break;
  }
  return moved;
}
