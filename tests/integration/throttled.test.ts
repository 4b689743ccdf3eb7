// A throttled store (DynamoDB's ProvisionedThroughputExceededException or ThrottlingException,
// once the SDK's retries are spent) answers 503 with Retry-After, not 500 "internal error":
// nothing was done, and the same request a moment later succeeds. Found by the chaos run
// (docs/chaos.md), where every throttle reached the caller as a 500.
import { ProvisionedThroughputExceededException, ThrottlingException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import type { DynamoStore } from "../../shared/adapters/dynamo/store.js";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

/** The next call of `command` on the store's client is throttled, once. */
function throttleNext(command: string, error: "provisioned" | "throttling") {
  const db = (stack.deps.store as DynamoStore).db;
  const name = `throttle-${command}-${Date.now()}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command) return next(args);
      db.middlewareStack.remove(name);
      const options = { message: "Rate of requests exceeds the allowed throughput.", $metadata: {} };
      throw error === "provisioned"
        ? new ProvisionedThroughputExceededException(options)
        : new ThrottlingException(options);
    },
    { step: "initialize", name },
  );
}

describe("a throttled store", () => {
  it("answers a read 503 with Retry-After, and the read again 200", async () => {
    const created = await stack.call("POST", "/v1/cases", intake, registration());
    const { id } = (await created.json()) as { id: string };

    throttleNext("GetItemCommand", "provisioned");
    const busy = await stack.call("GET", `/v1/cases/${id}`, intake);

    expect(busy.status).toBe(503);
    expect(busy.headers.get("content-type")).toBe("application/problem+json");
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(await busy.json()).toMatchObject({ type: "urn:casebridge:problem:unavailable", status: 503 });
    expect((await stack.call("GET", `/v1/cases/${id}`, intake)).status).toBe(200);
  });

  it("answers a command 503 and changes nothing; the command again succeeds", async () => {
    const created = await stack.call("POST", "/v1/cases", intake, registration());
    const { id, version } = (await created.json()) as { id: string; version: number };

    throttleNext("TransactWriteItemsCommand", "throttling");
    const busy = await stack.call("POST", `/v1/cases/${id}/note`, intake, { text: "called back" });

    expect(busy.status).toBe(503);
    expect((await stack.deps.store.getCase(id))!.version).toBe(version);
    const again = await stack.call("POST", `/v1/cases/${id}/note`, intake, { text: "called back" });
    expect(again.status).toBe(200);
    expect((await stack.deps.store.getCase(id))!.version).toBe(version + 1);
  });
});
