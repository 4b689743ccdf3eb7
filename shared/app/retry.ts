// A commit that loses a race (someone else changed the case or the meeting between our
// read and our write) is read, decided and committed again, a few times. One limit for
// every command, consumer and schedule, and what a consumer throws when it runs out.
import type { Decision } from "../domain/decide.js";
import type { Case } from "../domain/model.js";
import { InternalError } from "../errors.js";
import type { CaseStore, CommitOptions } from "../ports.js";

/** Attempts at one read-decide-commit before giving up: enough for a burst of writers on one case. */
export const MAX_COMMIT_ATTEMPTS = 4;

/** A queue message whose case stayed busy: thrown so the message comes back later. */
export class RetryLaterError extends InternalError {
  override name = "RetryLaterError";
}

/**
 * Puts what `decide` makes of the case on its chain: decided on the case as read, committed
 * on its version, and on a lost race decided again on the case as it now is. "recorded" once
 * committed, "already" when the commit's once-only item was there (a retry that finds its
 * own work done), "gone" when the case is no more; `busy` says what to throw when the case
 * keeps changing.
 */
export async function appendToCase(
  store: Pick<CaseStore, "getCase" | "commit">,
  first: Case,
  decide: (c: Case) => Decision,
  options: CommitOptions,
  busy: () => Error,
): Promise<"recorded" | "already" | "gone"> {
  let current: Case | undefined = first;
  for (let attempt = 1; current; attempt++) {
    const outcome = await store.commit(decide(current), { ...options, before: current });
    if (outcome.ok) return "recorded";
    if (outcome.reason === "already-applied") return "already";
    if (attempt >= MAX_COMMIT_ATTEMPTS) throw busy();
    current = await store.getCase(first.id);
  }
  return "gone";
}
