// Factories for tests: identities, registration bodies, a local runtime per test file.
import { afterAll, beforeAll, inject } from "vitest";
import type { ControlledClock } from "../../shared/clock.js";
import type { LocalRuntimeOptions } from "../../infra/local/runtime.js";
import { openTestStack, type TestStack } from "./local-stack.js";

export {
  T0,
  auditor,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  natresHandler,
  registration,
  who,
} from "./people.js";

export type { TestStack } from "./local-stack.js";

export async function testStack(
  options: { clock?: ControlledClock; wrapStatsHandler?: LocalRuntimeOptions["wrapStatsHandler"] } = {},
): Promise<TestStack> {
  return openTestStack(
    { dynamodb: inject("dynamodbEndpoint"), sqs: inject("sqsEndpoint"), s3: inject("s3Endpoint") },
    options,
  );
}

/**
 * This file's embedded stack: built before its tests, stopped after them. `assign` hands it
 * to the file's own variable, so tests read `stack` as before.
 */
export function useTestStack(
  assign: (stack: TestStack) => void,
  options: Parameters<typeof testStack>[0] = {},
): void {
  let current: TestStack | undefined;
  beforeAll(async () => {
    current = await testStack(options);
    assign(current);
  });
  afterAll(async () => {
    await current?.stop();
  });
}
