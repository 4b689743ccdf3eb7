// The model-based tests' random lifecycle: who acts, the commands with inputs drawn for
// each, and steps — a command, one a person is offered now, the clock moved, the schedules run.
import fc from "fast-check";
import type { Identity } from "../../shared/domain/access.js";
import { COMMAND_NAMES, type CommandName } from "../../shared/domain/lifecycle.js";
import type { TestStack } from "./local-stack.js";
import { intake, who } from "./people.js";

export const actors: Identity[] = [
  intake,
  who("bureau", "coordinator"),
  who("bureau", "auditor"),
  who("hrss", "handler"),
  who("hrss", "agency_head"),
  who("natres", "handler"),
  who("natres", "agency_head"),
  who("gov", "handler"),
  who("gov", "agency_head"),
  who("city-gov", "agency_head"),
  { sub: "leader-li", agency: "gov", roles: ["leader"] },
  who("bureau", "meeting_member"),
];

const agency = fc.constantFrom("hrss", "natres", "housing", "sasac");
const text = fc.constantFrom("checked with the factory", "需要补充材料", "ok");
export const inputs: Record<
  Exclude<CommandName, "apply-handoff" | "close" | "place-on-agenda" | "carry-over" | "meeting-decision">,
  fc.Arbitrary<unknown>
> = {
  route: fc.record(
    { kind: fc.constantFrom("transfer", "assign"), to: fc.option(agency, { nil: undefined }) },
    { requiredKeys: ["kind"] },
  ),
  acknowledge: fc.constant({}),
  decline: fc.record({ reason: text, basis: fc.constant("信访工作条例 Art. 31") }),
  object: fc.record({ reason: text }),
  "resolve-dispute": fc.record({ to: agency }),
  "add-cohandler": fc.record({ agency }),
  note: fc.record({ text }),
  "request-extension": fc.record({ days: fc.integer({ min: 1, max: 40 }), reason: text }),
  "approve-extension": fc.record({ approve: fc.boolean() }),
  pause: fc.record({ reason: fc.constantFrom("hearing", "awaiting_petitioner", "appraisal") }),
  resume: fc.constant({}),
  reply: fc.record({ summary: text, text }),
  "request-review": fc.record({ reason: text }),
  "review-opinion": fc.record({ decision: fc.constantFrom("upheld", "changed"), text }),
  "request-re-review": fc.record({ reason: text }),
  "re-review-opinion": fc.record({ decision: fc.constantFrom("upheld", "changed"), text }),
  "assign-leader": fc.constant({ leader: "leader-li" }),
  instruct: fc.record({ text }),
  supervise: fc.record({ note: text }),
  "flag-joint-handling": fc.record({ note: text }),
  hearing: fc.record({
    at: fc.constant("2026-10-02T02:00:00Z"),
    participants: fc.constant(["deputies", "lawyers"]),
  }),
  rate: fc.record({ rating: fc.constantFrom("satisfied", "basically_satisfied", "unsatisfied") }),
  "link-repeat": fc.constant({ caseId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }),
};
export const issuable = COMMAND_NAMES.filter((n): n is keyof typeof inputs => n in inputs);

export type Step =
  | { kind: "command"; command: keyof typeof inputs; input: unknown; actor: number }
  /** A command this actor is offered now (its `allowedActions`), with inputs drawn for each. */
  | { kind: "guided"; actor: number; pick: number; forward: boolean; inputs: Record<string, unknown> }
  | { kind: "advance"; hours: number }
  | { kind: "tick" };

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        actor: fc.integer({ min: 0, max: actors.length - 1 }),
        pick: fc.nat(),
        forward: fc.boolean(),
        inputs: fc.record(inputs),
      })
      .map((g) => ({ kind: "guided" as const, ...g })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...issuable)
      .chain((command) => inputs[command].map((input) => ({ command, input })))
      .chain(({ command, input }) =>
        fc
          .integer({ min: 0, max: actors.length - 1 })
          .map((actor) => ({ kind: "command" as const, command, input, actor })),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 24 * 20 }).map((hours) => ({ kind: "advance" as const, hours })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "tick" as const }) },
);

export const FORWARD: (keyof typeof inputs)[] = [
  "route",
  "resolve-dispute",
  "acknowledge",
  "reply",
  "request-review",
  "review-opinion",
  "request-re-review",
  "re-review-opinion",
  "resume",
];
/** The command a guided step stands for; undefined when no actor is offered anything beyond a note. */
export async function resolveStep(stack: TestStack, id: string, planned: Step): Promise<Step | undefined> {
  if (planned.kind !== "guided") return planned;
  // The first actor, from the drawn one on, who is offered something beyond a note.
  let chosen: { actor: number; offered: (keyof typeof inputs)[] } | undefined;
  for (let k = 0; k < actors.length && !chosen; k++) {
    const actor = (planned.actor + k) % actors.length;
    const view = await stack.call("GET", `/v1/cases/${id}`, actors[actor]);
    const offered =
      view.status === 200
        ? ((await view.json()) as { allowedActions: (keyof typeof inputs)[] }).allowedActions.filter(
            (a) => a !== "note",
          )
        : [];
    if (offered.length) chosen = { actor, offered };
  }
  if (!chosen) return undefined;
  // Half the time the step moves the case forward, so the walk reaches review and final.
  const forward = planned.forward ? FORWARD.find((f) => chosen.offered.includes(f)) : undefined;
  const command = forward ?? chosen.offered[planned.pick % chosen.offered.length]!;
  return { kind: "command", command, input: planned.inputs[command], actor: chosen.actor };
}
