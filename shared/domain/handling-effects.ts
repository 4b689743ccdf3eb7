// Working a case to its written reply: notes, the one extension, pausing and resuming a
// clock, hearings, and the reply itself.
import { ConflictError, RuleViolationError } from "../errors.js";
import { activeClock, WINDOW_CLOCKS } from "./clocks.js";
import { reschedule } from "./deadlines.js";
import type { Effects } from "./effects.js";
import type { Case, ClockName, Status } from "./model.js";

/** 信访工作条例 Art. 34: one extension of at most 30 days, approved by the agency's head. */
export const MAX_EXTENSION_DAYS = 30;

/** Clocks only a hearing may pause (Art. 35, 36: hearing time is excluded from review periods). */
const HEARING_ONLY: ReadonlySet<ClockName> = new Set(["review", "re_review"]);

/** The clock a pause or resume means when none is named: the one running in this status. */
function defaultClockFor(c: Case): ClockName | undefined {
  const byStatus: Partial<Record<Status, ClockName>> = {
    transferred: "acknowledge",
    assigned: "acknowledge",
    accepted: "handle",
    review_requested: "review",
    re_review_requested: "re_review",
  };
  return byStatus[c.status];
}

type HandlingCommand =
  | "note"
  | "request-extension"
  | "approve-extension"
  | "pause"
  | "resume"
  | "hearing"
  | "reply";

export const handlingEffects: Effects<HandlingCommand> = {
  note: (_c, input) => ({ event: "note_added", data: { text: input.text } }),

  "request-extension"(c, input, ctx) {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) {
      throw new RuleViolationError(
        "extension-max-30-days",
        `An extension is 1 to ${MAX_EXTENSION_DAYS} days (信访工作条例 Art. 34).`,
      );
    }
    if (c.extension?.decision === "approved")
      throw new RuleViolationError(
        "extension-once",
        "The case has had its one extension (信访工作条例 Art. 34).",
      );
    if (c.extension && !c.extension.decision)
      throw new ConflictError("An extension request is already waiting for the agency head.");
    c.extension = {
      days: input.days,
      reason: input.reason,
      requestedAt: ctx.now.toISOString(),
      requestedBy: ctx.actor.sub,
    };
    return { event: "extension_requested", data: { days: input.days, reason: input.reason } };
  },

  "approve-extension"(c, input, ctx) {
    const request = c.extension;
    if (!request || request.decision) throw new ConflictError("No extension request is waiting.");
    request.decision = input.approve ? "approved" : "refused";
    request.decidedAt = ctx.now.toISOString();
    const data: Record<string, unknown> = {
      approve: input.approve,
      days: request.days,
      reasonForPetitioner: request.reason,
    };
    if (input.approve) {
      for (const name of ["handle", "report_back"] as const) {
        const clock = activeClock(c, name);
        if (!clock) continue;
        clock.length += request.days;
        reschedule(ctx.policy, clock);
        if (clock.state === "overdue" && new Date(clock.dueAt) > ctx.now) {
          // Back within its period: the ladder starts again, but listed supervision stays.
          clock.state = "running";
          clock.level = 0;
          delete clock.warnedAt;
        }
        data[`${name}DueAt`] = clock.dueAt;
      }
    }
    return { event: input.approve ? "extension_approved" : "extension_refused", data };
  },

  pause(c, input, ctx) {
    const name = input.clock ?? defaultClockFor(c);
    const clock = name ? activeClock(c, name) : undefined;
    if (!name || !clock || clock.state !== "running")
      throw new ConflictError(`No running ${name ?? ""} clock to pause.`.replace("  ", " "), { clock: name });
    if (WINDOW_CLOCKS.has(name))
      throw new RuleViolationError(
        "window-not-pausable",
        `The ${name} period is the petitioner's or agency's window; it does not pause.`,
      );
    if (HEARING_ONLY.has(name) && input.reason !== "hearing") {
      throw new RuleViolationError(
        "review-pause-hearing-only",
        "Only hearing time is excluded from review and re-review periods (信访工作条例 Art. 35, 36).",
      );
    }
    clock.state = "paused";
    clock.pausedAt = ctx.now.toISOString();
    clock.pauseReason = input.reason;
    return {
      event: "clock_paused",
      data: { clock: name, reason: input.reason, ...(input.note ? { note: input.note } : {}) },
    };
  },

  resume(c, input, ctx) {
    const name = input.clock ?? c.clocks.find((k) => k.state === "paused")?.name;
    const clock = name ? activeClock(c, name) : undefined;
    if (!name || !clock || clock.state !== "paused" || !clock.pausedAt)
      throw new ConflictError("No paused clock to resume.", { clock: name });
    const pausedFor = Math.max(0, ctx.now.getTime() - Date.parse(clock.pausedAt));
    clock.pausedMs += pausedFor;
    delete clock.pausedAt;
    delete clock.pauseReason;
    reschedule(ctx.policy, clock);
    clock.state = "running";
    return { event: "clock_resumed", data: { clock: name, pausedMs: pausedFor, dueAt: clock.dueAt } };
  },

  hearing(c, input) {
    const hearing = {
      at: new Date(input.at).toISOString(),
      participants: input.participants,
      ...(input.outcome ? { outcome: input.outcome } : {}),
    };
    c.hearings.push(hearing);
    // Participants are people: their names stay on the case (masked in every view), the
    // audit trail every party reads records how many took part.
    return {
      event: "hearing_held",
      data: {
        at: hearing.at,
        participantCount: input.participants.length,
        ...(input.outcome ? { outcome: input.outcome } : {}),
      },
    };
  },

  reply(c, input, ctx) {
    if (c.clocks.some((k) => k.state === "paused" && k.name === "handle"))
      throw new ConflictError("Resume the handling clock before replying.");
    c.outcome = { kind: "replied", summary: input.summary, at: ctx.now.toISOString() };
    return { event: "replied", data: { summary: input.summary, text: input.text } };
  },
};
