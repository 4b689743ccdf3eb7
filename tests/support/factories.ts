// Factories for tests: identities, registration bodies, an embedded stack per test file.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { ControlledClock } from "../../shared/clock.js";
import type { Identity } from "../../shared/domain/access.js";
import type { Role } from "../../shared/domain/model.js";
import { issueLocalToken } from "../../shared/http/identity.js";
import { createLocalStack, type LocalStack } from "../../infra/local/stack.js";

/** Wed 2026-09-30 10:00 in Asia/Shanghai: the eve of the National Day holiday. */
export const T0 = new Date("2026-09-30T02:00:00Z");

export const who = (agency: string, ...roles: Role[]): Identity => ({ sub: `${roles[0]}@${agency}`, agency, roles });

export const intake = who("bureau", "intake");
export const coordinator = who("bureau", "coordinator");
export const hrssHandler = who("hrss", "handler");
export const hrssHead = who("hrss", "agency_head");
export const natresHandler = who("natres", "handler");
export const auditor = who("bureau", "auditor");

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    channel: "visit",
    petitioner: { name: "王建国", idNumber: "410102197001011234", phone: "13800001234", address: "示例县城关镇幸福路1号" },
    headcount: 32,
    category: "labor-social-security",
    region: "industrial-park",
    title: "Bearing factory pensions",
    description: "32 workers of the county bearing factory ask about pensions and medical insurance.",
    ...overrides,
  };
}

export interface TestStack extends LocalStack {
  secret: string;
  /** Call the API as `as` (no token when undefined). */
  call(method: string, path: string, as?: Identity, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

let counter = 0;

export async function testStack(options: { clock?: ControlledClock } = {}): Promise<TestStack> {
  const secret = randomBytes(32).toString("hex");
  const name = `t${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const clock = options.clock ?? new ControlledClock(T0.getTime() - Date.now());
  const stack = await createLocalStack({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    sqsEndpoint: inject("sqsEndpoint"),
    tableName: name,
    queuePrefix: name,
    secret,
    petitionerHashKey: randomBytes(32).toString("hex"),
    clock,
    queueOverrides: { visibilityTimeoutSeconds: 1 },
  });
  return Object.assign(stack, {
    secret,
    async call(method: string, path: string, as?: Identity, body?: unknown, headers: Record<string, string> = {}) {
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
