// `npm run redrive`: dead-lettered messages back to their queues. Locally it asks the
// running `npm start` (POST /dev/redrive); on AWS it uses the queue URLs in the
// environment (HANDOFFS_QUEUE_URL, NOTIFICATIONS_QUEUE_URL and their *_DLQ_URL).
import { SQSClient } from "@aws-sdk/client-sqs";
import { redrive } from "../shared/adapters/redrive.js";
import { queues } from "../shared/resources.js";

async function main() {
  const env = process.env;
  if (!env.HANDOFFS_QUEUE_URL) {
    const port = env.PORT ?? "3000";
    const res = await fetch(`http://127.0.0.1:${port}/dev/redrive`, { method: "POST" }).catch(
      () => undefined,
    );
    if (!res?.ok)
      throw new Error(`No local Casebridge answers on port ${port}, and HANDOFFS_QUEUE_URL is not set.`);
    console.log(JSON.stringify(await res.json()));
    return;
  }
  const sqs = new SQSClient({});
  for (const q of queues) {
    const prefix = q.id.toUpperCase();
    const to = env[`${prefix}_QUEUE_URL`];
    const from = env[`${prefix}_DLQ_URL`];
    if (!to || !from) throw new Error(`Set ${prefix}_QUEUE_URL and ${prefix}_DLQ_URL.`);
    console.log(`${q.id}: moved ${await redrive(sqs, from, to, q.fifo)}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
