// The jurisdiction's calendar years and thresholds as coordinators read and set them:
// checked against the domain's rules, versioned (If-Match), stored with an audit entry
// and a recount job for the sweeper, and held at once by this instance's cache.
import type { Identity } from "../domain/access.js";
import { calendarYearIssues, type CalendarYearEntry, type StoredCalendar } from "../domain/calendar-data.js";
import {
  changedThresholds,
  thresholdIssues,
  type StoredThresholds,
  type Thresholds,
} from "../domain/thresholds.js";
import { FieldRuleError, PreconditionFailedError, PreconditionRequiredError } from "../errors.js";
import type { JurisdictionAuditEntry, JurisdictionStore } from "../ports.js";
import type { Deps } from "./deps.js";
import { calendarYears } from "./deps.js";

export type JurisdictionDeps = Pick<Deps, "clock" | "newId" | "jurisdiction"> & {
  store: Pick<JurisdictionStore, "getJurisdiction" | "saveCalendar" | "saveThresholds">;
};

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

/** What a new entry adds and removes against the one it replaces: lines of public dates, for the audit entry. */
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
  async calendars(): Promise<CalendarView> {
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
    if (ifMatch === undefined)
      throw new PreconditionRequiredError(
        'Send If-Match with the calendar\'s ETag from GET /v1/calendars (e.g. "3"; "0" before any year is stored).',
      );
    const issues = calendarYearIssues(year, entry);
    if (issues.length) throw new FieldRuleError("calendar-year", issues);
    const { calendar } = await this.deps.store.getJurisdiction();
    if (calendar.version !== ifMatch) throw this.stale(calendar.version);
    const now = this.deps.clock.now().toISOString();
    const clean: CalendarYearEntry = {
      source: entry.source.trim(),
      holidays: [...entry.holidays].sort((a, b) => (a.from < b.from ? -1 : 1)),
      makeUpWorkdays: [...entry.makeUpWorkdays].sort((a, b) => (a.date < b.date ? -1 : 1)),
    };
    const next: StoredCalendar = {
      version: calendar.version + 1,
      years: { ...calendar.years, [year]: { ...clean, updatedAt: now, updatedBy: actor.sub } },
    };
    const before = calendar.years[year] ?? calendarYears.find((y) => y.year === year);
    const audit = this.auditEntry(actor, now, "calendar_year_set", {
      year,
      version: next.version,
      replaced: before ? (calendar.years[year] ? "stored" : "shipped") : "none",
      source: clean.source,
      ...entryDiff(before, clean),
    });
    const saved = await this.deps.store.saveCalendar(next, calendar.version, audit, {
      id: `CALENDAR#${year}`,
      token: audit.id,
      kind: "calendar",
      year,
      shard: 0,
    });
    if (!saved) throw this.stale((await this.deps.store.getJurisdiction()).calendar.version);
    this.deps.jurisdiction.accept({ calendar: next });
    return this.viewOf(next);
  }

  async thresholds(): Promise<StoredThresholds> {
    const { thresholds } = await this.deps.store.getJurisdiction();
    if (thresholds) this.deps.jurisdiction.accept({ thresholds });
    return thresholds ?? this.deps.jurisdiction.defaults;
  }

  async setThresholds(
    actor: Identity,
    body: Thresholds,
    ifMatch: number | undefined,
  ): Promise<StoredThresholds> {
    if (ifMatch === undefined)
      throw new PreconditionRequiredError(
        'Send If-Match with the thresholds\' ETag from GET /v1/thresholds (e.g. "2"; "0" while the defaults hold).',
      );
    const issues = thresholdIssues(body);
    if (issues.length) throw new FieldRuleError("thresholds", issues);
    const current = (await this.deps.store.getJurisdiction()).thresholds ?? this.deps.jurisdiction.defaults;
    if (current.version !== ifMatch) throw this.stale(current.version);
    const now = this.deps.clock.now().toISOString();
    const next: StoredThresholds = {
      version: current.version + 1,
      escalation: body.escalation,
      hotspot: body.hotspot,
      updatedAt: now,
      updatedBy: actor.sub,
    };
    const audit = this.auditEntry(actor, now, "thresholds_set", {
      version: next.version,
      changes: changedThresholds(current, next),
    });
    const saved = await this.deps.store.saveThresholds(next, current.version, audit, {
      id: "THRESHOLDS",
      token: audit.id,
      kind: "thresholds",
      shard: 0,
    });
    if (!saved) throw this.stale((await this.thresholds()).version);
    this.deps.jurisdiction.accept({ thresholds: next });
    return next;
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

  private auditEntry(
    actor: Identity,
    at: string,
    type: JurisdictionAuditEntry["type"],
    data: Record<string, unknown>,
  ): JurisdictionAuditEntry {
    // Only a coordinator may set either (shared/domain/rights.ts): that is the role it acted in.
    return {
      id: this.deps.newId(),
      at,
      type,
      actor: actor.sub,
      role: "coordinator",
      agency: actor.agency,
      data,
    };
  }

  private stale(currentVersion: number): PreconditionFailedError {
    return new PreconditionFailedError(
      `Changed meanwhile: it is at version ${currentVersion}. Read it again and send that as If-Match.`,
      { currentVersion },
    );
  }
}
