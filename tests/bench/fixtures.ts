// Identities, registration bodies and a local runtime for the benchmarks. The runtime is
// the real one (infra/local/runtime.ts: table and queues provisioned from the shared
// shapes, the real handlers); only its store runs on a DynamoDB client the bench meters.
import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { dynamoStore, type DynamoStore } from "../../shared/adapters/dynamo/store.js";
import { ControlledClock } from "../../shared/clock.js";
import { latestOpenDueYear } from "../../shared/domain/calendar-recompute.js";
import { nextActionAt } from "../../shared/domain/sweep.js";
import { issueLocalToken } from "../../infra/local/tokens.js";
import { createLocalRuntime, type LocalRuntime } from "../../infra/local/runtime.js";
import type { Identity } from "../../shared/domain/access.js";
import { HOUR_MS } from "../../shared/durations.js";
import { registration as exampleRegistration } from "../support/people.js";
import { DynamoMeter } from "./meter.js";

export { hrssHandler, hrssHead, intake, who } from "../support/people.js";

let petitioners = 0;

/**
 * The seed's own example petition (Demo County's), from a new petitioner each time: with one
 * ID number for all, every registration would read all the earlier ones as repeat candidates.
 */
export function registration(overrides: Record<string, unknown> = {}) {
  const n = petitioners++;
  const base = exampleRegistration();
  return {
    ...base,
    channel: "visit" as const,
    petitioner: { ...base.petitioner, idNumber: `41010219${String(n).padStart(9, "0")}X` },
    ...overrides,
  };
}

export interface Endpoints {
  dynamodb: string;
  sqs: string;
  s3: string;
}

export interface BenchStack {
  stack: LocalRuntime;
  meter: DynamoMeter;
  tableName: string;
  token(as: Identity): Promise<string>;
  /** One request to the Hono app, in process (`app.request`), as `as`. */
  call(method: string, path: string, as: Identity, body?: unknown): Promise<Response>;
  /** Throws unless the handlers wrote through the metered store since the last reset. */
  assertMetered(): void;
  stop(): Promise<void>;
}

export async function openStack(
  endpoints: Endpoints,
  name: string,
  clock: ControlledClock = new ControlledClock(),
): Promise<BenchStack> {
  const secret = randomBytes(32).toString("hex");
  const tableName = `bench-${name}-${Date.now().toString(36)}`;
  const stack = await createLocalRuntime({
    dynamodbEndpoint: endpoints.dynamodb,
    sqsEndpoint: endpoints.sqs,
    s3Endpoint: endpoints.s3,
    tableName,
    filesBucket: tableName,
    queuePrefix: tableName,
    secret,
    clock,
    keys: {
      petitioner: randomBytes(32).toString("hex"),
      idempotency: randomBytes(32).toString("hex"),
      secrets: randomBytes(32).toString("hex"),
    },
  });
  const meter = new DynamoMeter(endpoints.dynamodb);
  // The handlers read `deps.store` on every call, so from here on they run on the metered
  // client. The store is built as shared/app/deps.ts builds it.
  stack.deps.store = caseStore(stack, meter.client, tableName);

  const tokens = new Map<string, string>();
  const token = async (as: Identity) => {
    // Tokens are checked against the stack's clock, which some benchmarks move by weeks.
    const hour = Math.floor(clock.now().getTime() / HOUR_MS);
    const key = `${as.sub}@${hour}`;
    let t = tokens.get(key);
    if (!t) tokens.set(key, (t = await issueLocalToken(secret, as, clock.now())));
    return t;
  };

  return {
    stack,
    meter,
    tableName,
    token,
    async call(method, path, as, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${await token(as)}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      return stack.app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    assertMetered() {
      if (meter.totals("write").calls === 0) {
        throw new Error(
          "The stack's handlers did not write through the metered store: the bench relies on them reading deps.store at call time.",
        );
      }
    },
    async stop() {
      // The table goes with its bench: a later bench on the same DynamoDB Local does not share
      // the JVM with the sweep's 300,000 items or the console's copies and their stream records.
      await stack.db.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      await stack.stop();
      meter.destroy();
    },
  };
}

/**
 * The table's store on `client`, wired as buildDeps wires it: the next action by the
 * stack's deadline policy and thresholds, and the clocks index by the jurisdiction's time zone.
 */
export function caseStore(stack: LocalRuntime, client: DynamoDBClient, tableName: string): DynamoStore {
  const { deps } = stack;
  return dynamoStore(
    client,
    tableName,
    (c) => nextActionAt(c, deps.policy, deps.escalation),
    (c) => latestOpenDueYear(c, deps.policy.calendar.timeZone),
  );
}

/** The JSON body of a reply, after checking its status. */
export async function expectStatus<T>(res: Response, status: number, what: string): Promise<T> {
  const text = await res.text();
  if (res.status !== status)
    throw new Error(`${what}: HTTP ${res.status}, expected ${status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
