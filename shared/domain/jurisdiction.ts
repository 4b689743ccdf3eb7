// How one jurisdiction counts time where it departs from the regulation's defaults. The
// jurisdiction the platform ships with is Demo County (./demo-county.ts).
import type { ClockRules } from "./deadlines.js";
import type { EscalationRules } from "./escalation.js";

/**
 * How a jurisdiction counts time: its zone, any clock lengths or kinds it sets apart from
 * the regulation's, the rest-day rule, and its warning and escalation thresholds.
 */
export interface JurisdictionTime {
  timeZone: string;
  clocks: Partial<ClockRules>;
  restDayRollsForward: boolean;
  escalation?: Partial<EscalationRules>;
}
