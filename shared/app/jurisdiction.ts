// The jurisdiction's calendar years and thresholds as coordinators read and set them:
// checked against the domain's rules, versioned (If-Match), stored with their event on the
// jurisdiction's trail and a recount job for the sweeper, and held at once by this
// instance's cache.
import type { Identity } from "../domain/access.js";
import { authorize } from "../domain/rights.js";
import { calendarYearIssues, type CalendarYearEntry, type StoredCalendar } from "../domain/calendar-data.js";
import {
  changedThresholds,
  thresholdIssues,
  type StoredThresholds,
  type Thresholds,
} from "../domain/thresholds.js";
import {
  ConflictError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RuleViolationsError,
} from "../errors.js";
import { sealJurisdictionEvent, type JurisdictionEvent } from "../domain/jurisdiction-audit.js";
import type { FieldIssue } from "../domain/calendar-data.js";
import type {
  JurisdictionJob,
  JurisdictionStore,
  JurisdictionTrail,
  Page,
  PageRequest,
  SaveRulesOutcome,
} from "../ports.js";
import { MAX_COMMIT_ATTEMPTS } from "./retry.js";
import type { Deps } from "./deps.js";
import { calendarYears } from "./deps.js";

export type JurisdictionDeps = Pick<Deps, "clock" | "jurisdiction"> & {
  store: Pick<JurisdictionStore, "getJurisdiction" | "saveCalendar" | "saveThresholds"> & JurisdictionTrail;
};

/** The types of the trail's events that record a change of the calendar or the thresholds. */
export const CALENDAR_YEAR_SET = "calendar.year-set";
export const THRESHOLDS_CHANGED = "thresholds.changed";

/** Each issue at its field, as RuleViolationsError carries them. */
function refused(rule: string, issues: FieldIssue[]): RuleViolationsError {
  return new RuleViolationsError(
    rule,
    issues.map((i) => `${i.path}: ${i.message}`).join("; "),
    issues.map((i) => ({ ...i, rule })),
  );
}

export interface CalendarYearView extends CalendarYearEntry {
  year: number;
  /** `shipped`: from shared/calendars/cn.json; `stored`: entered through the API, over any shipped one. */
  origin: "shipped" | "stored";
  updatedAt?: string;
  updatedBy?: string;
}

export interface CalendarView {
  version: number;
  years: CalendarYearView[];
}

const holidayLine = (h: CalendarYearEntry["holidays"][number]) => `${h.name} ${h.from}–${h.to}`;
const makeUpLine = (m: CalendarYearEntry["makeUpWorkdays"][number]) => `${m.date} (${m.for})`;

/** What a new entry adds and removes against the one it replaces: lines of public dates, for the trail's event. */
function entryDiff(before: CalendarYearEntry | undefined, after: CalendarYearEntry) {
  const diff = (was: string[], now: string[]) => ({
    added: now.filter((l) => !was.includes(l)),
    removed: was.filter((l) => !now.includes(l)),
  });
  return {
    holidays: diff((before?.holidays ?? []).map(holidayLine), after.holidays.map(holidayLine)),
    makeUpWorkdays: diff(
      (before?.makeUpWorkdays ?? []).map(makeUpLine),
      after.makeUpWorkdays.map(makeUpLine),
    ),
  };
}

export class JurisdictionService {
  constructor(private readonly deps: JurisdictionDeps) {}

  /** The years known: shipped ones, and stored ones over them; read from the store, not the cache, for a current ETag. */
  async calendars(who: Identity): Promise<CalendarView> {
    authorize(who, "calendars.list");
    const { calendar } = await this.deps.store.getJurisdiction();
    this.deps.jurisdiction.accept({ calendar });
    return this.viewOf(calendar);
  }

  async setCalendarYear(
    actor: Identity,
    year: number,
    entry: CalendarYearEntry,
    ifMatch: number | undefined,
  ): Promise<CalendarView> {
    authorize(actor, "calendars.set");
    if (ifMatch === undefined)
      throw new PreconditionRequiredError(
        'Send If-Match with the calendar\'s ETag from GET /v1/calendars (e.g. "3"; "0" before any year is stored).',
      );
    const issues = calendarYearIssues(year, entry);
    if (issues.length) throw refused("calendar-year", issues);
    const clean: CalendarYearEntry = {
      source: entry.source.trim(),
      holidays: [...entry.holidays].sort((a, b) => (a.from < b.from ? -1 : 1)),
      makeUpWorkdays: [...entry.makeUpWorkdays].sort((a, b) => (a.date < b.date ? -1 : 1)),
    };
    for (let attempt = 1; ; attempt++) {
      const { calendar } = await this.deps.store.getJurisdiction();
      if (calendar.version !== ifMatch) throw this.stale(calendar.version);
      const now = this.deps.clock.now();
      const next: StoredCalendar = {
        version: calendar.version + 1,
        years: {
          ...calendar.years,
          [year]: { ...clean, updatedAt: now.toISOString(), updatedBy: actor.sub },
        },
      };
      const before = calendar.years[year] ?? calendarYears.find((y) => y.year === year);
      const event = await this.event(actor, now, CALENDAR_YEAR_SET, {
        year,
        versionBefore: calendar.version,
        versionAfter: next.version,
        replaced: calendar.years[year] ? "stored" : before ? "shipped" : "none",
        source: clean.source,
        ...entryDiff(before, clean),
      });
      const job: JurisdictionJob = {
        id: `CALENDAR#${year}`,
        token: event.hash,
        kind: "calendar",
        year,
        shard: 0,
      };
      const outcome = await this.deps.store.saveCalendar(next, calendar.version, event, job);
      if (outcome.ok) {
        this.deps.jurisdiction.accept({ calendar: next });
        return this.viewOf(next);
      }
      await this.retryOrRefuse(
        outcome,
        attempt,
        async () => (await this.deps.store.getJurisdiction()).calendar.version,
      );
    }
  }

  async thresholds(who: Identity): Promise<StoredThresholds> {
    authorize(who, "thresholds.read");
    return this.storedThresholds();
  }

  private async storedThresholds(): Promise<StoredThresholds> {
    const { thresholds } = await this.deps.store.getJurisdiction();
    if (thresholds) this.deps.jurisdiction.accept({ thresholds });
    return thresholds ?? this.deps.jurisdiction.defaults;
  }

  async setThresholds(
    actor: Identity,
    body: Thresholds,
    ifMatch: number | undefined,
  ): Promise<StoredThresholds> {
    authorize(actor, "thresholds.set");
    if (ifMatch === undefined)
      throw new PreconditionRequiredError(
        'Send If-Match with the thresholds\' ETag from GET /v1/thresholds (e.g. "2"; "0" while the defaults hold).',
      );
    const issues = thresholdIssues(body);
    if (issues.length) throw refused("thresholds", issues);
    for (let attempt = 1; ; attempt++) {
      const current = (await this.deps.store.getJurisdiction()).thresholds ?? this.deps.jurisdiction.defaults;
      if (current.version !== ifMatch) throw this.stale(current.version);
      const now = this.deps.clock.now();
      const next: StoredThresholds = {
        version: current.version + 1,
        escalation: body.escalation,
        hotspot: body.hotspot,
        updatedAt: now.toISOString(),
        updatedBy: actor.sub,
      };
      const event = await this.event(actor, now, THRESHOLDS_CHANGED, {
        versionBefore: current.version,
        versionAfter: next.version,
        changes: changedThresholds(current, next),
      });
      const job: JurisdictionJob = { id: "THRESHOLDS", token: event.hash, kind: "thresholds", shard: 0 };
      const outcome = await this.deps.store.saveThresholds(next, current.version, event, job);
      if (outcome.ok) {
        this.deps.jurisdiction.accept({ thresholds: next });
        return next;
      }
      await this.retryOrRefuse(outcome, attempt, async () => (await this.storedThresholds()).version);
    }
  }

  /** The calendar's or the thresholds' changes, oldest first, from the jurisdiction's trail. */
  async history(
    who: Identity,
    of: "calendar" | "thresholds",
    page: PageRequest,
  ): Promise<Page<JurisdictionEvent>> {
    authorize(who, of === "calendar" ? "calendars.history" : "thresholds.history");
    return this.deps.store.listJurisdictionEvents(
      page,
      of === "calendar" ? CALENDAR_YEAR_SET : THRESHOLDS_CHANGED,
    );
  }

  private viewOf(calendar: StoredCalendar): CalendarView {
    const years = new Map<number, CalendarYearView>();
    for (const y of calendarYears)
      years.set(y.year, {
        year: y.year,
        origin: "shipped",
        source: y.source,
        holidays: y.holidays,
        makeUpWorkdays: y.makeUpWorkdays,
      });
    for (const [year, e] of Object.entries(calendar.years))
      years.set(Number(year), { year: Number(year), origin: "stored", ...e });
    return { version: calendar.version, years: [...years.values()].sort((a, b) => a.year - b.year) };
  }

  /** The change's event, next on the jurisdiction's trail. Only a coordinator may set either (rights.ts): the role it acted in. */
  private async event(
    actor: Identity,
    now: Date,
    type: string,
    data: Record<string, unknown>,
  ): Promise<JurisdictionEvent> {
    return sealJurisdictionEvent(
      await this.deps.store.trailHead(),
      { type, data },
      { actor, role: "coordinator", now },
    );
  }

  /** After a refused save: 412 when the item moved on; another try when only the trail did, up to a limit. */
  private async retryOrRefuse(
    outcome: Exclude<SaveRulesOutcome, { ok: true }>,
    attempt: number,
    currentVersion: () => Promise<number>,
  ): Promise<void> {
    if (outcome.reason === "stale") throw this.stale(await currentVersion());
    if (attempt >= MAX_COMMIT_ATTEMPTS) throw new ConflictError("The jurisdiction is busy; try again.");
  }

  private stale(currentVersion: number): PreconditionFailedError {
    return new PreconditionFailedError(
      `Changed meanwhile: it is at version ${currentVersion}. Read it again and send that as If-Match.`,
      { currentVersion },
    );
  }
}
