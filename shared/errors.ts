// Typed errors with one base. shared/http/problem.ts maps them to RFC 9457 problem+json;
// anything that is not a CasebridgeError becomes a 500 that says only "internal error".

export abstract class CasebridgeError extends Error {
  abstract readonly status: number;
  /** Short machine-readable problem slug, used as the problem `type` suffix. */
  abstract readonly code: string;
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class BadRequestError extends CasebridgeError {
  override name = "BadRequestError";
  readonly status = 400;
  readonly code = "bad-request";
}

export class UnauthorizedError extends CasebridgeError {
  override name = "UnauthorizedError";
  readonly status = 401;
  readonly code = "unauthorized";
}

export class ForbiddenError extends CasebridgeError {
  override name = "ForbiddenError";
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFoundError extends CasebridgeError {
  override name = "NotFoundError";
  readonly status = 404;
  readonly code = "not-found";
}

/** The state machine does not allow this command in the case's current status. */
export class ConflictError extends CasebridgeError {
  override name = "ConflictError";
  readonly status = 409;
  readonly code = "conflict";
}

export class PreconditionFailedError extends CasebridgeError {
  override name = "PreconditionFailedError";
  readonly status = 412;
  readonly code = "precondition-failed";
}

/** A dependency the request needs did not answer; nothing was done or shown. */
export class ServiceUnavailableError extends CasebridgeError {
  override name = "ServiceUnavailableError";
  readonly status = 503;
  readonly code = "unavailable";
}

/** A well-formed request that breaks a business rule. */
export class RuleViolationError extends CasebridgeError {
  override name = "RuleViolationError";
  readonly status = 422;
  readonly code = "rule-violation";
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message, { rule });
  }
}
