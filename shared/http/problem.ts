// RFC 9457 problem details: the one place errors become HTTP answers. A 500 says
// "internal error" and an id; the detail goes to the log only.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ulid } from "ulid";
import { HttpError } from "../errors.js";
import { logger } from "../logger.js";

const PROBLEM_TYPE_BASE = "urn:casebridge:problem:";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

/** RFC 9457's own members: an extension may not redefine them. */
const STANDARD_MEMBERS = new Set(["type", "title", "status", "detail", "instance"]);

export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Response {
  const body: Problem = {
    ...Object.fromEntries(Object.entries(extensions).filter(([k]) => !STANDARD_MEMBERS.has(k))),
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    instance: c.req.path,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/** DynamoDB's refusals for too many requests, as the SDK throws them once its own retries are spent. */
const THROTTLED = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

/** Whether the store refused the request for its rate: nothing was done, and trying again shortly may succeed. */
export function isThrottled(err: Error): boolean {
  return (
    THROTTLED.has(err.name) ||
    (err as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true
  );
}

export function errorToProblem(err: Error, c: Context): Response {
  if (err instanceof HttpError) return problemResponse(c, err.status, err.code, err.message, err.extensions);
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? "payload-too-large" : err.status === 400 ? "bad-request" : "http-error";
    return problemResponse(c, err.status, code, err.message || TITLES[err.status]);
  }
  if (isThrottled(err)) {
    // A throttled store is busy, not broken: 503 with Retry-After, as ServiceUnavailableError answers.
    logger.warn("store throttled", { path: c.req.path, method: c.req.method, error: err.name });
    const res = problemResponse(c, 503, "unavailable", "The service is busy; try again in a moment.");
    res.headers.set("retry-after", "1");
    return res;
  }
  const errorId = ulid();
  logger.error("internal error", {
    errorId,
    path: c.req.path,
    method: c.req.method,
    error: { name: err.name, message: err.message, stack: err.stack },
  });
  return problemResponse(c, 500, "internal", `Internal error; reference ${errorId}.`, { errorId });
}
