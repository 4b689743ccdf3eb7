// After the written reply: the petitioner's rating, the review by the superior agency
// (复查, Art. 35), the re-review by its superior (复核, Art. 36), and closing the case once
// no window is open.
import { ConflictError, RuleViolationError } from "../errors.js";
import { withinWindow } from "./clocks.js";
import type { DecideContext } from "./decide.js";
import type { Effects } from "./effects.js";
import type { Article } from "./lifecycle.js";
import type { Case, ClockName, OutboxEntry } from "./model.js";
import { notify } from "./notifications.js";
import { involve } from "./routing-effects.js";

function superiorOf(ctx: DecideContext, agency: string | undefined, what: string): string {
  const superior = agency ? ctx.reference.agencies.get(agency)?.superior : undefined;
  if (!superior)
    throw new RuleViolationError(
      "superior-exists",
      `"${agency ?? "no agency"}" has no superior agency to ${what}.`,
    );
  return superior;
}

/** A review goes to the superior agency, unless the petition complains about it (Art. 30): then the bureau must arrange it. */
function notRespondent(c: Case, agency: string, what: string): string {
  if (agency === c.respondent?.agency) {
    throw new RuleViolationError(
      "respondent-never-routed",
      `The ${what} would go to "${agency}", which the petition complains about; the bureau must arrange it (信访工作条例 Art. 30).`,
    );
  }
  return agency;
}

/**
 * A review or a re-review asked for within its window: it goes to the superior of the
 * agency that answered last, never to the agency complained about, which then sees the case.
 */
function requestSuperior(
  c: Case,
  ctx: DecideContext,
  outbox: OutboxEntry[],
  step: {
    window: ClockName;
    to: string;
    from: string;
    article: Article;
    of: string | undefined;
    superiorTo: string;
    what: string;
  },
): string {
  withinWindow(c, step.window, ctx, { to: step.to, from: step.from, article: step.article });
  const superior = notRespondent(c, superiorOf(ctx, step.of, step.superiorTo), step.what);
  involve(c, superior);
  notify(c, ctx, outbox, superior, "handoff");
  return superior;
}

type ReviewCommand =
  | "rate"
  | "request-review"
  | "review-opinion"
  | "request-re-review"
  | "re-review-opinion"
  | "close";

export const reviewEffects: Effects<ReviewCommand> = {
  rate(c, input) {
    if (c.outcome?.kind !== "replied")
      throw new RuleViolationError("rate-a-reply", "Only a written reply can be rated.");
    c.rating = input.rating;
    return { event: "rated", data: { rating: input.rating } };
  },

  "request-review"(c, input, ctx, outbox) {
    c.reviewer = requestSuperior(c, ctx, outbox, {
      window: "review_window",
      to: "request a review",
      from: "the reply",
      article: "Art. 35",
      of: c.leadAgency,
      superiorTo: "review the reply",
      what: "review",
    });
    return { event: "review_requested", data: { reason: input.reason, reviewer: c.reviewer } };
  },

  "review-opinion"(c, input) {
    c.reviewDecision = input.decision;
    return { event: "review_opinion_given", data: { decision: input.decision, text: input.text } };
  },

  "request-re-review"(c, input, ctx, outbox) {
    c.reReviewer = requestSuperior(c, ctx, outbox, {
      window: "re_review_window",
      to: "request a re-review",
      from: "the review opinion",
      article: "Art. 36",
      of: c.reviewer,
      superiorTo: "re-review the case",
      what: "re-review",
    });
    return { event: "re_review_requested", data: { reason: input.reason, reReviewer: c.reReviewer } };
  },

  "re-review-opinion"(c, input) {
    c.reReviewDecision = input.decision;
    return {
      event: "re_review_opinion_given",
      data: { decision: input.decision, text: input.text, final: true },
    };
  },

  close(c, _input, ctx) {
    const window = c.clocks.find(
      (k) => (k.name === "review_window" || k.name === "re_review_window") && !k.stoppedAt,
    );
    if (window && new Date(window.dueAt) > ctx.now)
      throw new ConflictError("The review window is still open.", { dueAt: window.dueAt });
    return { event: "closed", data: { reason: window ? `${window.name}_passed` : "closed" } };
  },
};
