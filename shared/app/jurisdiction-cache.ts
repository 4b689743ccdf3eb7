// The jurisdiction's calendar and thresholds as every function counts with them: the
// shipped calendar (shared/calendars/cn.json) with the stored years over it, and the stored
// thresholds over the jurisdiction's defaults. Held in process for a TTL, like the reference
// data; the instance that writes a change holds it at once (`accept`), the others within
// the TTL. Each entry point refreshes it before its work, so the policy read during the work
// is a plain value.
import type { Clock } from "../clock.js";
import { buildCalendar, type CalendarYear } from "../domain/calendar.js";
import { EMPTY_CALENDAR, mergeCalendarYears, type StoredCalendar } from "../domain/calendar-data.js";
import { defaultClockRules, type DeadlinePolicy } from "../domain/deadlines.js";
import { defaultEscalationRules, type EscalationRules } from "../domain/escalation.js";
import type { JurisdictionTime } from "../domain/jurisdiction.js";
import { defaultHotspotSettings, type StoredThresholds } from "../domain/thresholds.js";
import type { JurisdictionStore } from "../ports.js";

/**
 * A minute: a year is added once a year and thresholds a few times, while an API instance
 * may serve hundreds of requests a second; a new year's due dates are recounted by the
 * sweeper anyway, so an instance a minute late starts at most a minute of clocks on the
 * old calendar, and those are recounted too.
 */
export const JURISDICTION_TTL_MS = 60_000;

export interface JurisdictionRules {
  calendar: StoredCalendar;
  thresholds: StoredThresholds;
  policy: DeadlinePolicy;
  escalation: EscalationRules;
}

export class JurisdictionCache {
  private held: JurisdictionRules;
  private loadedAt: number | undefined;
  private loading: Promise<JurisdictionRules> | undefined;

  constructor(
    private readonly store: Pick<JurisdictionStore, "getJurisdiction">,
    private readonly clock: Clock,
    private readonly time: JurisdictionTime,
    private readonly shipped: readonly CalendarYear[],
    private readonly ttlMs = JURISDICTION_TTL_MS,
  ) {
    this.held = this.rulesOf(EMPTY_CALENDAR, undefined);
  }

  /** The thresholds a jurisdiction has before anyone sets them: its own escalation rules, the default hotspot settings. */
  get defaults(): StoredThresholds {
    return {
      version: 0,
      escalation: { ...defaultEscalationRules, ...this.time.escalation },
      hotspot: defaultHotspotSettings,
    };
  }

  /** The rules as last read: the shipped ones until the first refresh. */
  get rules(): JurisdictionRules {
    return this.held;
  }

  get policy(): DeadlinePolicy {
    return this.held.policy;
  }

  get escalation(): EscalationRules {
    return this.held.escalation;
  }

  /** Read the store again when the rules held are older than the TTL (or never read); the rules after. */
  refresh(force = false): Promise<JurisdictionRules> {
    const now = this.clock.now().getTime();
    // A clock moved backwards (tests, the local runtime) also counts as stale.
    const fresh = this.loadedAt !== undefined && now >= this.loadedAt && now - this.loadedAt < this.ttlMs;
    if (fresh && !force) return Promise.resolve(this.held);
    this.loading ??= this.store
      .getJurisdiction()
      .then(({ calendar, thresholds }) => {
        this.held = this.rulesOf(calendar, thresholds);
        this.loadedAt = now;
        return this.held;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** A change this instance has just stored: held at once, without a read. */
  accept(change: { calendar?: StoredCalendar; thresholds?: StoredThresholds }): void {
    this.held = this.rulesOf(
      change.calendar ?? this.held.calendar,
      change.thresholds ?? this.held.thresholds,
    );
  }

  private rulesOf(calendar: StoredCalendar, stored: StoredThresholds | undefined): JurisdictionRules {
    const thresholds = stored ?? this.defaults;
    const years = mergeCalendarYears(this.shipped, calendar, {
      jurisdiction: this.shipped[0]?.jurisdiction ?? "",
      timeZone: this.time.timeZone,
    });
    return {
      calendar,
      thresholds,
      policy: {
        calendar: buildCalendar(this.time.timeZone, years),
        clocks: { ...defaultClockRules, ...this.time.clocks },
        restDayRollsForward: this.time.restDayRollsForward,
      },
      escalation: thresholds.escalation,
    };
  }
}
