// What each command does beyond the lifecycle table's status and clocks: the rules that
// need the case's data, the fields it sets, the messages it queues and the event it
// records. One file per stage of a case; this one gathers them for decide.ts.
import type { DecideContext } from "./decide.js";
import { handlingEffects } from "./handling-effects.js";
import type { CommandInputs, CommandName } from "./lifecycle.js";
import type { Case, ClockName, OutboxEntry } from "./model.js";
import { oversightEffects } from "./oversight-effects.js";
import { registrationEffects } from "./registration.js";
import { reviewEffects } from "./review-effects.js";
import { routingEffects } from "./routing-effects.js";

export interface EffectOutcome {
  /** The event's type; decide.ts adds the clocks stopped and started and the new status. */
  event: string;
  data: Record<string, unknown>;
  /** Clocks the table cannot name: an assignment's report-back, with the days the bureau set. */
  extraClocks?: { name: ClockName; owner: string; length?: number }[];
}

/** A command's effect on a copy of the case; it throws when a rule forbids the command. */
export type Effect<C extends CommandName> = (
  c: Case,
  input: CommandInputs[C],
  ctx: DecideContext,
  outbox: OutboxEntry[],
) => EffectOutcome;

export type Effects<K extends CommandName> = { [C in K]: Effect<C> };

export const effects: Effects<CommandName> = {
  ...registrationEffects,
  ...routingEffects,
  ...handlingEffects,
  ...reviewEffects,
  ...oversightEffects,
};
