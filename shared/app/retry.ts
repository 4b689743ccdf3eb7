// A commit that loses a race (someone else changed the case or the meeting between our
// read and our write) is read, decided and committed again, a few times. One limit for
// every command, consumer and schedule, and what a consumer throws when it runs out.
import { InternalError } from "../errors.js";

/** Attempts at one read-decide-commit before giving up: enough for a burst of writers on one case. */
export const MAX_COMMIT_ATTEMPTS = 4;

/** A queue message whose case stayed busy: thrown so the message comes back later. */
export class RetryLaterError extends InternalError {
  override name = "RetryLaterError";
}
