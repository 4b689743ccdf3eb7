// The jurisdiction's thresholds as a coordinator sets them: when the sweeper warns and
// climbs the escalation ladder (EscalationRules), and how the daily early-warning job
// finds a hotspot and when registration calls a petitioner a repeat one (HotspotRules).
import { defaultEscalationRules, type EscalationRules } from "./escalation.js";
import type { FieldIssue } from "./calendar-data.js";
import { defaultHotspotRules, type HotspotRules } from "./hotspots.js";

/** The early warning's settings are the watch's own rules (hotspots.ts: EARS C2, repeat petitioners). */
export type HotspotSettings = HotspotRules;

export interface Thresholds {
  escalation: EscalationRules;
  hotspot: HotspotSettings;
}

export const defaultHotspotSettings: HotspotSettings = defaultHotspotRules;

export const defaultThresholds: Thresholds = {
  escalation: defaultEscalationRules,
  hotspot: defaultHotspotSettings,
};

/** The thresholds kept in the store, and the version every change moves on by one (0: the defaults). */
export interface StoredThresholds extends Thresholds {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** What is wrong with a set of thresholds, field by field; empty when they may be kept. */
export function thresholdIssues(t: Thresholds): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  const e = t.escalation;
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  check(
    e.warnFraction > 0 && e.warnFraction < 1,
    "escalation.warnFraction",
    "Between 0 and 1, both excluded.",
  );
  check(whole(e.warnDaysLeft, 0, 30), "escalation.warnDaysLeft", "A whole number of days, 0–30.");
  check(
    whole(e.listedSupervisionAfterDays, 1, 90),
    "escalation.listedSupervisionAfterDays",
    "A whole number of days, 1–90.",
  );
  check(whole(e.meetingAfterDays, 1, 180), "escalation.meetingAfterDays", "A whole number of days, 1–180.");
  check(
    e.meetingAfterDays > e.listedSupervisionAfterDays,
    "escalation.meetingAfterDays",
    "The joint meeting (L3) comes after listed supervision (L2): more days.",
  );
  check(
    whole(e.disputeToMeetingWorkingDays, 1, 30),
    "escalation.disputeToMeetingWorkingDays",
    "A whole number of working days, 1–30.",
  );
  const h = t.hotspot;
  const positive = (n: number, max: number) => Number.isFinite(n) && n > 0 && n <= max;
  check(
    positive(h.threshold, 20),
    "hotspot.threshold",
    "Above 0, at most 20 (EARS C2's alarm level; 3 by default).",
  );
  check(
    h.relativeSdFloor >= 0 && h.relativeSdFloor <= 1,
    "hotspot.relativeSdFloor",
    "0–1, a share of the mean.",
  );
  for (const w of ["day", "week"] as const) {
    check(positive(h.sdFloor[w], 1000), `hotspot.sdFloor.${w}`, "Above 0, at most 1000 petitions.");
    check(whole(h.minCount[w], 1, 10_000), `hotspot.minCount.${w}`, "A whole number of petitions, 1–10000.");
  }
  check(whole(h.quietDays, 1, 90), "hotspot.quietDays", "A whole number of days, 1–90.");
  check(whole(h.repeatPetitions, 2, 100), "hotspot.repeatPetitions", "A whole number of petitions, 2–100.");
  check(whole(h.repeatWithinDays, 1, 3650), "hotspot.repeatWithinDays", "A whole number of days, 1–3650.");
  return issues;
}

/** The fields whose value a change moves, for the jurisdiction's audit trail. */
export function changedThresholds(
  before: Thresholds,
  after: Thresholds,
): { field: string; from: unknown; to: unknown }[] {
  const out: { field: string; from: unknown; to: unknown }[] = [];
  for (const group of ["escalation", "hotspot"] as const) {
    const was = before[group] as unknown as Record<string, unknown>;
    const now = after[group] as unknown as Record<string, unknown>;
    for (const key of Object.keys(now))
      if (JSON.stringify(was[key]) !== JSON.stringify(now[key]))
        out.push({ field: `${group}.${key}`, from: was[key], to: now[key] });
  }
  return out;
}
