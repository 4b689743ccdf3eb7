// One base for every error the code throws on purpose, keeping what caused it. Answers
// (HttpError) become problem+json with their own status and message; failures of the
// system (InternalError, such as a missing setting) answer 500 "internal error", their
// message for the log only.
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../shared/config.js";
import {
  CasebridgeError,
  ForbiddenError,
  HttpError,
  InternalError,
  RuleViolationError,
} from "../../shared/errors.js";
import { logger } from "../../shared/logger.js";
import { errorToProblem } from "../../shared/http/problem.js";

async function answerTo(err: Error): Promise<{ status: number; body: Record<string, unknown> }> {
  const app = new Hono();
  app.onError(errorToProblem);
  app.get("/x", () => {
    throw err;
  });
  const res = await app.request("/x");
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("errors", () => {
  it("keep the error they wrap as `cause`, on both branches", () => {
    const cause = new Error("throttled");
    const answer = new RuleViolationError("case-size", "too big", { cause });
    const failure = new ConfigError("Setting TABLE_NAME is not set.", { cause });
    expect(answer).toBeInstanceOf(HttpError);
    expect(failure).toBeInstanceOf(InternalError);
    for (const err of [answer, failure]) {
      expect(err).toBeInstanceOf(CasebridgeError);
      expect(err.cause).toBe(cause);
    }
  });

  it("answer with the status and message of an HttpError", async () => {
    const { status, body } = await answerTo(new ForbiddenError("Not yours.", { action: "cases.read" }));
    expect(status).toBe(403);
    expect(body).toMatchObject({
      type: "urn:casebridge:problem:forbidden",
      detail: "Not yours.",
      action: "cases.read",
    });
  });

  it("answer an InternalError as any other failure: 500, an id, the detail only in the log", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      const { status, body } = await answerTo(new ConfigError("Setting WEBHOOK_SECRET_KEY_ID is not set."));
      expect(status).toBe(500);
      expect(JSON.stringify(body)).not.toContain("WEBHOOK_SECRET_KEY_ID");
      expect(body.errorId).toEqual(expect.any(String));
      expect(JSON.stringify(logged.mock.calls)).toContain("WEBHOOK_SECRET_KEY_ID");
    } finally {
      logged.mockRestore();
    }
  });
});
