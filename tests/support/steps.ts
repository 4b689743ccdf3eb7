// Watching what the product writes while a test walks a case: every log line, every queue
// message through the SQS emulator, every table item and index entry. Used where a test must
// show that something (a petitioner's identity) reaches none of them.
import { ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { SqsMessageQueue } from "../../shared/adapters/sqs-queue.js";
import type { TestStack } from "./factories.js";

/** Everything written to stdout and stderr, and every console call, until `stop`. */
export function captureOutput(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const hook = (chunk: unknown) => {
    lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = hook as typeof process.stdout.write;
  process.stderr.write = hook as typeof process.stderr.write;
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods)
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    };
  return {
    lines,
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
      methods.forEach((m, i) => {
        console[m] = saved[i]!;
      });
    },
  };
}

export interface QueueBody {
  command: string;
  body: string;
}

/**
 * Every message body sent to or received from the SQS emulator through the stack's client,
 * until `stop`. The API, router and relay send through that client from the call on.
 */
export function captureQueueBodies(stack: TestStack): { bodies: QueueBody[]; stop(): void } {
  const bodies: QueueBody[] = [];
  const name = "captureBodies";
  stack.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "";
      const input = args.input as { Entries?: { MessageBody?: string }[]; MessageBody?: string };
      for (const e of input.Entries ?? []) if (e.MessageBody) bodies.push({ command, body: e.MessageBody });
      if (input.MessageBody) bodies.push({ command, body: input.MessageBody });
      const result = await next(args);
      for (const m of (result.output as { Messages?: { Body: string }[] }).Messages ?? [])
        bodies.push({ command, body: m.Body });
      return result;
    },
    { step: "initialize", name },
  );
  stack.deps.queue = new SqsMessageQueue(stack.sqs, {
    handoffs: stack.queues.handoffs,
    notifications: stack.queues.notifications,
  });
  return {
    bodies,
    stop: () => {
      stack.sqs.middlewareStack.remove(name);
    },
  };
}

/** Every item of the stack's table, or of one of its indexes. */
export async function scanTable(
  stack: TestStack,
  indexName?: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    // A Scan is fine in a test: it is the only way to see everything the product wrote.
    const out = await stack.db.send(
      new ScanCommand({
        TableName: stack.deps.settings.TABLE_NAME,
        ...(indexName ? { IndexName: indexName } : {}),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
