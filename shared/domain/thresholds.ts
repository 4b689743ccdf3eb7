// The jurisdiction's thresholds as a coordinator sets them: when the sweeper warns and
// climbs the escalation ladder (EscalationRules), and how the daily early-warning job
// finds a hotspot (a category or region whose petitions rise above their baseline).
import { defaultEscalationRules, type EscalationRules } from "./escalation.js";
import type { FieldIssue } from "./calendar-data.js";

/**
 * A one-sided Poisson CUSUM over weekly counts of one category in one region: the baseline
 * rate λ is the mean of the last `baselineWeeks` weeks; each week adds `count − λ − k·√λ`
 * (never below 0); a sum above `h·√λ` with at least `minCount` petitions that week is a
 * hotspot. Stored and served here; the early-warning function reads it.
 */
export interface HotspotSettings {
  method: "poisson-cusum";
  baselineWeeks: number;
  /** Allowance, in standard deviations of the baseline, that a week may exceed it by unnoticed. */
  k: number;
  /** Decision interval, in standard deviations: the sum that makes a hotspot. */
  h: number;
  /** Fewer petitions than this in the week is never a hotspot (small counts are noise). */
  minCount: number;
}

export interface Thresholds {
  escalation: EscalationRules;
  hotspot: HotspotSettings;
}

// k = 0.5 and h = 4 are the textbook CUSUM pair (detects a one-σ shift, about 170 weeks
// between false alarms on a stable count); eight weeks smooths a holiday week out.
export const defaultHotspotSettings: HotspotSettings = {
  method: "poisson-cusum",
  baselineWeeks: 8,
  k: 0.5,
  h: 4,
  minCount: 5,
};

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
  check(whole(h.baselineWeeks, 2, 104), "hotspot.baselineWeeks", "A whole number of weeks, 2–104.");
  check(h.k >= 0 && h.k <= 5, "hotspot.k", "0–5 standard deviations.");
  check(h.h > 0 && h.h <= 20, "hotspot.h", "Above 0, at most 20 standard deviations.");
  check(whole(h.minCount, 1, 10_000), "hotspot.minCount", "A whole number of petitions, 1–10000.");
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
      if (was[key] !== now[key]) out.push({ field: `${group}.${key}`, from: was[key], to: now[key] });
  }
  return out;
}
