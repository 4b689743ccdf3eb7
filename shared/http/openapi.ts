// The pieces every route's OpenAPI definition is built from: JSON content with its
// example, the bearer requirement, the ETag header, and the problem answers a route can
// give. Which problems a route lists is said once per kind of route, so the document
// names each status where it can happen and nowhere else.
import * as z from "./zod.js";
import { problemExamples } from "./examples.js";

export const security = [{ bearer: [] }];

/**
 * A value only the OpenAPI document reads, such as an example: the Lambda bundles, which serve
 * a document built beforehand, have `undefined` in its place (infra/openapi-strip.ts).
 */
export const documentOnly = <T>(value: T): T => value;

export const json = <T extends z.ZodTypeAny>(schema: T, example?: unknown) => ({
  "application/json": { schema, ...(example === undefined ? {} : { example }) },
});

const Issue = z.object({
  path: z.string(),
  message: z.string(),
  rule: z.string().optional().openapi({ description: "422: the rule this field breaks." }),
});

/**
 * RFC 9457 problem details, with the extension members clients rely on. Each is present
 * only where the problem has one.
 */
const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "urn:casebridge:problem:<slug>, one per kind of problem." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: "The request path." }),
    issues: z
      .array(Issue)
      .optional()
      .openapi({ description: "400, 422: each field that failed validation or breaks a rule." }),
    action: z.string().optional().openapi({
      description: "403: the action of the rights table that was refused (shared/domain/rights.ts).",
    }),
    command: z.string().optional().openapi({ description: "403, 409: the case command refused." }),
    caseStatus: z
      .string()
      .optional()
      .openapi({ description: "409: the case's status, which does not take the command." }),
    clock: z.string().optional().openapi({ description: "409: the clock the command needed." }),
    dueAt: z.string().optional().openapi({ description: "409: when that clock's period ended or ends." }),
    currentVersion: z.number().int().optional().openapi({
      description:
        "412: the version now (of the case, or of the routing rules); send it as If-Match after re-reading.",
    }),
    rule: z.string().optional().openapi({ description: "422: the rule broken, e.g. extension-max-30-days." }),
    accepted: z
      .array(z.string())
      .optional()
      .openapi({ description: "415 (an attachment): the file types the jurisdiction accepts." }),
    maxBytes: z
      .number()
      .int()
      .optional()
      .openapi({ description: "413 (an attachment): the largest file the jurisdiction accepts, in bytes." }),
    refused: z
      .string()
      .optional()
      .openapi({ description: "422 webhook-url: the kind of address or URL refused, e.g. loopback." }),
    errorId: z
      .string()
      .optional()
      .openapi({ description: "500: quote it when reporting the error; the detail is in the log." }),
  })
  .openapi("Problem");

/** What API Gateway answers when a route's throttle is exceeded (not problem+json: it never reaches the app). */
const ThrottledSchema = z.object({ message: z.string() }).openapi("Throttled");

const DESCRIPTIONS = {
  400: "Malformed request: the body, a parameter, a header or a cursor (see `issues`)",
  401: "No valid token",
  403: "The caller's roles or agency may not (see `action` or `command`)",
  404: "No such resource, or not visible to the caller",
  409: "The case's state does not allow it now (see `caseStatus`, `clock`)",
  412: "If-Match names a version the case (or the routing rules) is no longer at (see `currentVersion`)",
  413: "The body is larger than 64 KB; the connection is closed",
  415: "A body that is not application/json; the connection is closed",
  422: "Well-formed, but it breaks a rule (see `rule`, and `issues` where several fields do)",
  428: "The write must name the version it replaces: send If-Match with the ETag last read",
  429: "Throttled by the HTTP API (on AWS): retry after a moment",
  500: "Internal error; the answer carries an `errorId` to quote",
  503: "A dependency did not answer; nothing was done or shown: retry",
} as const;
export type ErrorStatus = keyof typeof DESCRIPTIONS;

function problem(status: ErrorStatus) {
  if (status === 429)
    return { description: DESCRIPTIONS[429], content: json(ThrottledSchema, problemExamples[429]) };
  return {
    description: DESCRIPTIONS[status],
    content: { "application/problem+json": { schema: ProblemSchema, example: problemExamples[status] } },
  };
}

/** One problem answer with an example of the route's own, where the shared one would say less. */
export function problemAs(status: Exclude<ErrorStatus, 429>, example: unknown) {
  return {
    description: DESCRIPTIONS[status],
    content: { "application/problem+json": { schema: ProblemSchema, example } },
  };
}

/** The problem answers for these statuses. */
export function problems(...statuses: ErrorStatus[]) {
  return Object.fromEntries(statuses.map((s) => [s, problem(s)])) as Record<
    ErrorStatus,
    ReturnType<typeof problem>
  >;
}

/** Every authenticated route: a bad parameter, no token, a refusal, not found, throttling, an internal error. */
export const READ_ERRORS: ErrorStatus[] = [400, 401, 403, 404, 429, 500];
/** A route that takes a body adds too large, not JSON, and a broken rule. */
export const WRITE_ERRORS: ErrorStatus[] = [...READ_ERRORS, 413, 415, 422];
/** A command on a case adds a forbidden transition and a stale If-Match. */
export const COMMAND_ERRORS: ErrorStatus[] = [...WRITE_ERRORS, 409, 412];

export const etagHeader = {
  ETag: {
    description: 'The case\'s version, quoted ("3"): send it back as If-Match on the next command.',
    schema: { type: "string" as const, example: '"3"' },
  },
};
