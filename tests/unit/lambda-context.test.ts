// Every entry point carries its Lambda context into the lines it logs (Powertools'
// injectLambdaContext): request id and cold start, for an SQS consumer, a schedule and the
// HTTP API. The handlers are the real factories; the store behind them is a stand-in.
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSEvent } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHandler as createApi } from "../../functions/api.js";
import { createHandler as createRelay } from "../../functions/relay.js";
import { createHandler as createRouter } from "../../functions/router.js";
import type { Deps } from "../../shared/app/deps.js";
import { logger as sharedLogger } from "../../shared/logger.js";
import { T0 } from "../support/factories.js";

const fakeContext = (awsRequestId: string, functionName = "casebridge-router"): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
  memoryLimitInMB: "512",
  awsRequestId,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "2026/09/30/[$LATEST]0",
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** Only what the handler under test touches; anything else it reaches for throws. */
function fakeDeps(logger: Logger, parts: { store?: object; queue?: object }): Deps {
  const refuse = (what: string) =>
    new Proxy(parts[what as keyof typeof parts] ?? {}, {
      get: (target, name) =>
        name in target
          ? target[name as keyof typeof target]
          : () => {
              throw new Error(`${what}.${String(name)} not expected`);
            },
    });
  return {
    logger,
    store: refuse("store"),
    queue: refuse("queue"),
    clock: { now: () => T0 },
    newId: () => "01TEST",
    // The shipped calendar and default thresholds: nothing stored to refresh from.
    jurisdiction: { refresh: async () => undefined },
  } as unknown as Deps;
}

/** The JSON lines the logger prints while `act` runs (info to stdout, warn and error to stderr). */
async function linesLoggedBy(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const printed: string[] = [];
  const capture = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    await act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return printed
    .flatMap((p) => p.split("\n"))
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const handoffRecord = (caseId: string) =>
  ({
    messageId: `m-${caseId}`,
    receiptHandle: "r",
    body: JSON.stringify({
      id: `h-${caseId}`,
      caseId,
      kind: "transfer",
      from: "bureau",
      to: "hrss",
      cohandlers: [],
      requestedAt: T0.toISOString(),
    }),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
      MessageGroupId: caseId,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:handoffs.fifo",
    awsRegion: "eu-west-1",
  }) as unknown as SQSEvent["Records"][number];

afterEach(() => {
  sharedLogger.setLogLevel("ERROR");
  vi.unstubAllEnvs();
});

describe("a handler factory's lambda logs with its invocation's context", () => {
  it("router: request id and function on each line, cold start on the first invocation only", async () => {
    // Prepare: a fresh logger in an on-demand environment (Powertools reports cold starts only
    // there), so this is its first invocation; the handoffs name no stored case.
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    const logger = new Logger({ serviceName: "casebridge" });
    logger.setLogLevel("INFO");
    const router = createRouter(fakeDeps(logger, { store: { getCase: async () => undefined } }));

    // Act
    const first = await linesLoggedBy(() => router({ Records: [handoffRecord("C1")] }, fakeContext("req-1")));
    const second = await linesLoggedBy(() =>
      router({ Records: [handoffRecord("C2")] }, fakeContext("req-2")),
    );

    // Assess
    const dropped = (lines: Record<string, unknown>[]) =>
      lines.find((l) => l.message === "handoff for an unknown case dropped");
    expect(dropped(first)).toMatchObject({
      caseId: "C1",
      cold_start: true,
      function_request_id: "req-1",
      function_name: "casebridge-router",
      function_arn: "arn:aws:lambda:eu-west-1:123456789012:function:casebridge-router",
    });
    expect(dropped(second)).toMatchObject({ caseId: "C2", cold_start: false, function_request_id: "req-2" });
    // Nothing of the event itself: no message body, no record.
    expect(JSON.stringify([...first, ...second])).not.toMatch(/"body"|"Records"|requestedAt/);
  });

  it("relay (a schedule): the lines of the run carry the scheduler's invocation", async () => {
    const logger = new Logger({ serviceName: "casebridge" });
    logger.setLogLevel("INFO");
    const entry = { id: "e1", queue: "handoffs", caseId: "C1", body: {} };
    const relay = createRelay(
      fakeDeps(logger, {
        store: {
          pendingOutbox: async (shard: number) => (shard === 0 ? [{ entry, attempts: 0 }] : []),
          deferOutbox: async () => true,
        },
        queue: { send: async () => ({ failed: [] }) },
      }),
    );

    const lines = await linesLoggedBy(() =>
      relay({ "detail-type": "Scheduled Event" }, fakeContext("req-relay", "casebridge-relay")),
    );

    expect(lines.find((l) => l.message === "outbox relayed")).toMatchObject({
      resent: 1,
      function_request_id: "req-relay",
      function_name: "casebridge-relay",
    });
  });

  it("api (Hono behind the HTTP API): an internal error's line names the request it failed", async () => {
    // The shared logger, as in the Lambda: the problem+json module logs through it directly.
    sharedLogger.setLogLevel("INFO");
    const api = createApi(
      fakeDeps(sharedLogger, {
        store: {
          getReference: async () => {
            throw new Error("table unreachable");
          },
        },
      }),
    );
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: "/v1/cases",
      rawQueryString: "",
      headers: { host: "api.example" },
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: "GET",
          path: "/v1/cases",
          protocol: "HTTP/1.1",
          sourceIp: "192.0.2.1",
          userAgent: "test",
        },
        authorizer: {
          jwt: {
            claims: {
              sub: "handler@hrss",
              token_use: "id",
              "custom:agency": "hrss",
              "cognito:groups": "[handler]",
            },
            scopes: [],
          },
        },
        requestId: "apigw-1",
        domainName: "api.example",
        stage: "$default",
        time: "",
        timeEpoch: 0,
        accountId: "123456789012",
        apiId: "x",
        domainPrefix: "api",
      },
    } as unknown as LambdaEvent;

    let status = 0;
    const lines = await linesLoggedBy(async () => {
      status = (await api(event, fakeContext("req-api", "casebridge-api"))).statusCode;
    });

    expect(status).toBe(500);
    const failed = lines.find((l) => l.message === "internal error");
    expect(failed).toMatchObject({
      function_request_id: "req-api",
      function_name: "casebridge-api",
      path: "/v1/cases",
    });
    expect(typeof failed?.cold_start).toBe("boolean");
  });
});
