// A local runtime for one test file (or the chaos run) on given endpoints: its own table and
// queues, a fresh secret and keys, the clock at T0, and `call` to hit the API as someone.
// Free of vitest, so `npm run chaos` builds its stack the same way the tests do.
import { randomBytes } from "node:crypto";
import { ControlledClock } from "../../shared/clock.js";
import type { Identity } from "../../shared/domain/access.js";
import { issueLocalToken } from "../../infra/local/tokens.js";
import {
  createLocalRuntime,
  type LocalRuntime,
  type LocalRuntimeOptions,
} from "../../infra/local/runtime.js";
import { T0 } from "./people.js";

export interface TestStack extends LocalRuntime {
  secret: string;
  /** The stack's own table, for a test that builds an adapter of its own on it. */
  tableName: string;
  /** Call the API as `as` (no token when undefined). */
  call(
    method: string,
    path: string,
    as?: Identity,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

let counter = 0;

export async function openTestStack(
  endpoints: { dynamodb: string; sqs: string; s3: string },
  options: {
    clock?: ControlledClock;
    wrapStatsHandler?: LocalRuntimeOptions["wrapStatsHandler"];
    wrapNoticesHandler?: LocalRuntimeOptions["wrapNoticesHandler"];
  } = {},
): Promise<TestStack> {
  const secret = randomBytes(32).toString("hex");
  const name = `t${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const clock = options.clock ?? new ControlledClock(T0.getTime() - Date.now());
  const stack = await createLocalRuntime({
    dynamodbEndpoint: endpoints.dynamodb,
    sqsEndpoint: endpoints.sqs,
    s3Endpoint: endpoints.s3,
    tableName: name,
    filesBucket: name,
    queuePrefix: name,
    secret,
    keys: {
      petitioner: randomBytes(32).toString("hex"),
      idempotency: randomBytes(32).toString("hex"),
      secrets: randomBytes(32).toString("hex"),
    },
    clock,
    queueOverrides: { visibilityTimeoutSeconds: 1 },
    ...(options.wrapStatsHandler ? { wrapStatsHandler: options.wrapStatsHandler } : {}),
    ...(options.wrapNoticesHandler ? { wrapNoticesHandler: options.wrapNoticesHandler } : {}),
  });
  return Object.assign(stack, {
    secret,
    tableName: name,
    async call(
      method: string,
      path: string,
      as?: Identity,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const all: Record<string, string> = {};
      if (as) all.authorization = `Bearer ${await issueLocalToken(secret, as, clock.now())}`;
      if (body !== undefined) all["content-type"] = "application/json";
      return stack.app.request(path, {
        method,
        headers: { ...all, ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
    },
  });
}
