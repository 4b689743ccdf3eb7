// Oversight of a case by the bureau, its leaders and the joint meeting (联席会议): an owning
// leader and instructions, supervision, joint handling, and the meeting's agenda and
// decision. When the deadline watch escalates a case is escalation.ts's.
import { ConflictError, RuleViolationError } from "../errors.js";
import { BUREAU } from "./access.js";
import { stopAll } from "./clocks.js";
import type { Effects } from "./effects.js";
import { notify } from "./notifications.js";
import { requestHandoff } from "./routing-effects.js";

/** The handling deadline, in days, a joint meeting may set when it assigns a case. */
export const MEETING_HANDLE_DAYS = { min: 1, max: 90 } as const;

type OversightCommand =
  | "assign-leader"
  | "instruct"
  | "supervise"
  | "flag-joint-handling"
  | "place-on-agenda"
  | "carry-over"
  | "meeting-decision";

export const oversightEffects: Effects<OversightCommand> = {
  "assign-leader"(c, input) {
    c.leader = input.leader;
    return { event: "leader_assigned", data: { leader: input.leader } };
  },

  instruct: (_c, input) => ({ event: "instructed", data: { text: input.text } }),

  supervise(c, input, ctx) {
    if (input.dueAt && new Date(input.dueAt) <= ctx.now)
      throw new RuleViolationError("supervision-due-in-future", "A supervision deadline lies in the future.");
    c.supervision = {
      note: input.note,
      at: ctx.now.toISOString(),
      ...(input.dueAt ? { dueAt: new Date(input.dueAt).toISOString() } : {}),
    };
    return {
      event: "supervised",
      data: { note: input.note, ...(input.dueAt ? { dueAt: c.supervision.dueAt } : {}) },
    };
  },

  "flag-joint-handling"(c, input, ctx) {
    c.jointHandling = { note: input.note, at: ctx.now.toISOString() };
    c.agendaPending ??= { reason: "joint_handling", at: ctx.now.toISOString() };
    return { event: "joint_handling_flagged", data: { note: input.note } };
  },

  "place-on-agenda"(c, input) {
    const reason = c.agendaPending?.reason;
    if (!reason) throw new ConflictError("The case is not waiting for a meeting.");
    delete c.agendaPending;
    c.escalation.meetingId = input.meetingId;
    return { event: "placed_on_agenda", data: { meetingId: input.meetingId, reason } };
  },

  "carry-over"(c, input, ctx) {
    if (c.escalation.meetingId !== input.meetingId)
      throw new ConflictError("The case is not on that meeting's agenda.");
    delete c.escalation.meetingId;
    c.agendaPending = {
      reason: c.escalation.level >= 3 ? "escalated" : "joint_handling",
      at: ctx.now.toISOString(),
    };
    return { event: "carried_over", data: { meetingId: input.meetingId } };
  },

  "meeting-decision"(c, input, ctx, outbox) {
    if (c.escalation.meetingId !== input.meetingId)
      throw new RuleViolationError("case-on-agenda", "The case is not on that meeting's agenda.");
    if (
      input.handleDays !== undefined &&
      (input.handleDays < MEETING_HANDLE_DAYS.min || input.handleDays > MEETING_HANDLE_DAYS.max)
    ) {
      throw new RuleViolationError(
        "handle-days",
        `A meeting sets a handling deadline of ${MEETING_HANDLE_DAYS.min} to ${MEETING_HANDLE_DAYS.max} days.`,
      );
    }
    const stopped = stopAll(c, ctx.now);
    const handoff = requestHandoff(
      c,
      {
        kind: "assign",
        to: input.lead,
        ...(input.cohandlers ? { cohandlers: input.cohandlers } : {}),
        ...(input.handleDays !== undefined ? { reportBackDays: input.handleDays } : {}),
      },
      ctx,
      outbox,
    );
    c.escalation = { level: 0, supervised: false, meetingId: input.meetingId };
    delete c.agendaPending;
    delete c.objection;
    if (input.leader) c.leader = input.leader;
    notify(c, ctx, outbox, input.lead, "decision");
    if (c.leader) notify(c, ctx, outbox, BUREAU, "decision", ["leader"], c.leader);
    return {
      event: "meeting_decision",
      data: {
        meetingId: input.meetingId,
        ...handoff,
        ...(input.leader ? { leader: input.leader } : {}),
        note: input.note,
        ...(stopped.length ? { stoppedClocks: stopped } : {}),
      },
    };
  },
};
