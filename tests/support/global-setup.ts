// Starts the embedded endpoints once per test run: DynamoDB Local (in memory) and the
// SQS emulator, both on loopback. Each test file provisions its own table and queues.
import type { TestProject } from "vitest/node";
import { startDynamoLocal, startS3Emulator, startSqsEmulator } from "../../infra/local/endpoints.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sqsEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const [dynamodb, sqs, s3] = await Promise.all([
    startDynamoLocal(undefined),
    startSqsEmulator(),
    startS3Emulator(undefined),
  ]);
  project.provide("dynamodbEndpoint", dynamodb.url);
  project.provide("sqsEndpoint", sqs.url);
  project.provide("s3Endpoint", s3.url);
  return async () => {
    await Promise.all([dynamodb.stop(), sqs.stop(), s3.stop()]);
  };
}
