// Typed errors with one base, which keeps the error it wraps (ES2022 `cause`). Two
// branches: an HttpError is an answer to the caller, turned into RFC 9457 problem+json by
// shared/http/problem.ts; an InternalError is a failure of the system (a setting missing,
// a message to retry, a webhook that did not answer), never shown to a caller — a request
// that meets one answers 500 "internal error", its detail only in the log.

export abstract class CasebridgeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A failure of the system rather than an answer. Not given a status of its own: the
 * problem mapper shows an error's message to the caller, and these messages (which
 * setting is missing, which webhook failed) are for the operator.
 */
export abstract class InternalError extends CasebridgeError {}

/** An answer to the caller: its status, and a message and extensions the caller may see. */
export abstract class HttpError extends CasebridgeError {
  abstract readonly status: number;
  /** Short machine-readable problem slug, used as the problem `type` suffix. */
  abstract readonly code: string;
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class BadRequestError extends HttpError {
  override name = "BadRequestError";
  readonly status = 400;
  readonly code = "bad-request";
}

export class UnauthorizedError extends HttpError {
  override name = "UnauthorizedError";
  readonly status = 401;
  readonly code = "unauthorized";
}

export class ForbiddenError extends HttpError {
  override name = "ForbiddenError";
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFoundError extends HttpError {
  override name = "NotFoundError";
  readonly status = 404;
  readonly code = "not-found";
}

/** The state machine does not allow this command in the case's current status. */
export class ConflictError extends HttpError {
  override name = "ConflictError";
  readonly status = 409;
  readonly code = "conflict";
}

export class PreconditionFailedError extends HttpError {
  override name = "PreconditionFailedError";
  readonly status = 412;
  readonly code = "precondition-failed";
}

/** A dependency the request needs did not answer; nothing was done or shown. */
export class ServiceUnavailableError extends HttpError {
  override name = "ServiceUnavailableError";
  readonly status = 503;
  readonly code = "unavailable";
}

/** A file larger than the jurisdiction accepts. */
export class PayloadTooLargeError extends HttpError {
  override name = "PayloadTooLargeError";
  readonly status = 413;
  readonly code = "payload-too-large";
}

/** A file of a type the jurisdiction does not accept, or not the type it was said to be. */
export class UnsupportedMediaTypeError extends HttpError {
  override name = "UnsupportedMediaTypeError";
  readonly status = 415;
  readonly code = "unsupported-media-type";
}

/** A well-formed request that breaks a business rule. */
export class RuleViolationError extends HttpError {
  override name = "RuleViolationError";
  readonly status = 422;
  readonly code = "rule-violation";
  constructor(
    readonly rule: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, { rule }, options);
  }
}

/** A write that must name the version it replaces (If-Match) came without one. */
export class PreconditionRequiredError extends HttpError {
  override name = "PreconditionRequiredError";
  readonly status = 428;
  readonly code = "precondition-required";
}

/** A well-formed body that breaks several rules at once: each, at its field, in `issues`. */
export class RuleViolationsError extends RuleViolationError {
  override name = "RuleViolationsError";
  constructor(
    rule: string,
    message: string,
    issues: readonly { path: string; rule: string; message: string }[],
  ) {
    super(rule, message);
    this.extensions.issues = issues;
  }
}

/** A caller over its rate: nothing was done; `retryAfter` seconds until it may ask again. */
export class TooManyRequestsError extends HttpError {
  override name = "TooManyRequestsError";
  readonly status = 429;
  readonly code = "too-many-requests";
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message, { retryAfter });
  }
}
