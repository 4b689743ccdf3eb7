// Creates the table, the queues and the files bucket on the local endpoints from the same shapes the CDK
// stack uses (shared/resources.ts). Safe to run again on an existing data folder.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { LOCAL_S3_CREDENTIALS } from "../../shared/adapters/s3-files.js";
import type { QueueUrls } from "../../shared/adapters/sqs-queue.js";
import { DAY_S } from "../../shared/durations.js";
import { queueName, queues, table } from "../../shared/resources.js";

/** The table as the stack makes it, stream included; answers the stream's ARN. */
export async function provisionTable(db: DynamoDBClient, tableName: string): Promise<string> {
  const attributes = new Set([
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  try {
    await db.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: "HASH" },
          { AttributeName: table.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: table.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: "HASH" },
            { AttributeName: i.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: i.projection },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      }),
    );
    await db.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  for (let i = 0; i < 100; i++) {
    const out = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === "ACTIVE") {
      if (out.Table.LatestStreamArn && out.Table.StreamSpecification?.StreamEnabled)
        return out.Table.LatestStreamArn;
      // A data folder from before the table had a stream: turn it on (the counters start from its state then).
      await db.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Table ${tableName} did not become active.`);
}

export interface QueueOverrides {
  visibilityTimeoutSeconds?: number;
}

export async function provisionQueues(
  sqs: SQSClient,
  prefix: string,
  overrides: QueueOverrides = {},
): Promise<QueueUrls & { deadLetters: QueueUrls }> {
  const urls: Record<string, string> = {};
  const dlqs: Record<string, string> = {};
  for (const shape of queues) {
    const fifo = shape.fifo ? { FifoQueue: "true" } : {};
    const retention = String(shape.retentionDays * DAY_S);
    // The dead-letter queue keeps a message longer than its source did, so nothing expires there first.
    const dlqRetention = String(shape.deadLetterRetentionDays * DAY_S);
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName(prefix, shape, true),
        Attributes: { ...fifo, MessageRetentionPeriod: dlqRetention },
      }),
    );
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))
    ).Attributes?.QueueArn;
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName(prefix, shape),
        Attributes: {
          ...fifo,
          MessageRetentionPeriod: retention,
          VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? shape.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: shape.maxReceiveCount,
          }),
        },
      }),
    );
    urls[shape.id] = main.QueueUrl!;
    dlqs[shape.id] = dlq.QueueUrl!;
  }
  return {
    handoffs: urls.handoffs!,
    notifications: urls.notifications!,
    deadLetters: { handoffs: dlqs.handoffs!, notifications: dlqs.notifications! },
  };
}

/** The files bucket on the local S3; an existing one is kept with its files. */
export async function provisionBucket(s3Endpoint: string, bucket: string): Promise<void> {
  const { S3Client, CreateBucketCommand } = await import("@aws-sdk/client-s3");
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as Error).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw err;
  } finally {
    s3.destroy();
  }
}
