// Handing a case to an agency and its answer: the bureau routes it (转送 or 交办), the
// router delivers the handoff, and the agency accepts, declines or objects; a dispute goes
// back to the bureau. Who the case goes to is routing.ts's; here is what the move records.
import { ConflictError, RuleViolationError } from "../errors.js";
import { BUREAU } from "./access.js";
import { stopAll, withinWindow } from "./clocks.js";
import type { DecideContext } from "./decide.js";
import type { Effects } from "./effects.js";
import type { Case, Handoff, OutboxEntry, RouteKind } from "./model.js";
import { notify } from "./notifications.js";
import { resolveRoute } from "./routing.js";

/** The days the bureau may give an assigned agency to report back: Art. 22 leaves the period to it; the bounds are ours. */
export const REPORT_BACK_DAYS = { min: 1, max: 365 } as const;

/** Record an agency as involved in the case: it may then see it and add notes. */
export function involve(c: Case, agency: string) {
  if (!c.involved.includes(agency)) c.involved.push(agency);
}

/** Queue a handoff for the router and hold the case for it; what was decided, for the event. */
export function requestHandoff(
  c: Case,
  input: { kind: RouteKind; to?: string; cohandlers?: string[]; reportBackDays?: number },
  ctx: DecideContext,
  outbox: OutboxEntry[],
) {
  if (
    input.reportBackDays !== undefined &&
    (input.reportBackDays < REPORT_BACK_DAYS.min || input.reportBackDays > REPORT_BACK_DAYS.max)
  ) {
    throw new RuleViolationError(
      "report-back-days",
      `A report-back period runs from ${REPORT_BACK_DAYS.min} to ${REPORT_BACK_DAYS.max} days.`,
    );
  }
  const target = resolveRoute(c, input, ctx.reference);
  const handoff: Handoff = {
    id: ctx.newId(),
    caseId: c.id,
    kind: input.kind,
    from: ctx.actor.agency,
    to: target.lead,
    cohandlers: target.cohandlers,
    requestedAt: ctx.now.toISOString(),
    ...(input.reportBackDays !== undefined ? { reportBackDays: input.reportBackDays } : {}),
  };
  c.pendingHandoff = handoff;
  outbox.push({ id: handoff.id, queue: "handoffs", caseId: c.id, body: { ...handoff } });
  return {
    handoffId: handoff.id,
    kind: input.kind,
    to: target.lead,
    cohandlers: target.cohandlers,
    rule: target.rule,
  };
}

type RoutingCommand =
  | "route"
  | "apply-handoff"
  | "acknowledge"
  | "decline"
  | "object"
  | "resolve-dispute"
  | "add-cohandler";

export const routingEffects: Effects<RoutingCommand> = {
  route: (c, input, ctx, outbox) => ({
    event: "route_requested",
    data: requestHandoff(c, input, ctx, outbox),
  }),

  "apply-handoff"(c, handoff, ctx, outbox) {
    if (c.pendingHandoff?.id !== handoff.id) {
      throw new ConflictError(`Handoff ${handoff.id} is not the one this case is waiting for.`, {
        handoffId: handoff.id,
      });
    }
    delete c.pendingHandoff;
    delete c.objection;
    c.leadAgency = handoff.to;
    c.cohandlers = handoff.cohandlers.filter((a) => a !== handoff.to);
    for (const a of [handoff.to, ...c.cohandlers]) involve(c, a);
    for (const agency of [handoff.to, ...c.cohandlers]) notify(c, ctx, outbox, agency, "handoff");
    const extraClocks =
      handoff.kind === "assign"
        ? [
            {
              name: "report_back" as const,
              owner: handoff.to,
              length: handoff.reportBackDays ?? ctx.policy.clocks.report_back.length,
            },
          ]
        : [];
    return {
      event: handoff.kind === "transfer" ? "transferred" : "assigned",
      data: { handoffId: handoff.id, lead: handoff.to, cohandlers: c.cohandlers },
      extraClocks,
    };
  },

  acknowledge: () => ({ event: "acknowledged", data: {} }),

  decline(c, input, ctx) {
    const stopped = stopAll(c, ctx.now);
    c.outcome = { kind: "declined", summary: input.reason, at: ctx.now.toISOString() };
    return {
      event: "declined",
      data: {
        reason: input.reason,
        basis: input.basis,
        ...(stopped.length ? { stoppedClocks: stopped } : {}),
      },
    };
  },

  object(c, input, ctx) {
    withinWindow(c, "object", ctx, { to: "object to the transfer", from: "receipt", article: "Art. 23" });
    c.objection = { by: ctx.actor.agency, reason: input.reason, at: ctx.now.toISOString() };
    c.objections = [...(c.objections ?? []), { by: ctx.actor.agency, at: ctx.now.toISOString() }];
    const from = c.leadAgency;
    delete c.leadAgency;
    return { event: "objected", data: { agency: from, reason: input.reason } };
  },

  "resolve-dispute": (c, input, ctx, outbox) => ({
    event: "dispute_resolved",
    data: requestHandoff(
      c,
      {
        kind: input.kind ?? "transfer",
        to: input.to,
        ...(input.cohandlers ? { cohandlers: input.cohandlers } : {}),
        ...(input.reportBackDays !== undefined ? { reportBackDays: input.reportBackDays } : {}),
      },
      ctx,
      outbox,
    ),
  }),

  "add-cohandler"(c, input, ctx, outbox) {
    const { agency } = input;
    if (!ctx.reference.agencies.has(agency) || agency === BUREAU)
      throw new RuleViolationError("known-agency", `"${agency}" is not an agency that can co-handle.`);
    if (agency === c.respondent?.agency)
      throw new RuleViolationError(
        "respondent-never-routed",
        `The case complains about "${agency}": it may not handle it (信访工作条例 Art. 30).`,
      );
    if (agency === c.leadAgency || c.cohandlers.includes(agency))
      throw new RuleViolationError("cohandler-new", `"${agency}" already handles the case.`);
    c.cohandlers.push(agency);
    involve(c, agency);
    notify(c, ctx, outbox, agency, "handoff");
    return { event: "cohandler_added", data: { agency } };
  },
};
