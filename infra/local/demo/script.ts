// The day-by-day script of a quarter and its playing: steps per slot (two a day, 09:00 and
// 15:00), grouped by case so one case's steps keep their order while cases run side by
// side; each day the clock is set, the night's schedules run, then the day's steps.
import { randomUUID } from "node:crypto";
import { policyFor } from "../../../shared/app/deps.js";
import { localDay } from "../../../shared/domain/calendar.js";
import type { Case } from "../../../shared/domain/model.js";
import type { Caller, DemoClient } from "./client.js";
import { DAY_MS, HOUR_MS, TZ, localMinute } from "./local-time.js";
import type { CasePlan } from "./plan.js";
import { inPool } from "./pool.js";

export type Step = () => Promise<void>;
export type CaseView = Case & { allowedActions: string[] };

/** An answer outside 2xx: the demo notes it and plays on. */
export interface Problem {
  at: string;
  what: string;
  status: number;
  detail: string;
}

/** One case of the run, as the script knows it. */
export interface CaseState {
  plan?: CasePlan;
  key: string;
  id?: string;
  code?: string;
  lead?: string;
  /** Bumped when the bureau or a meeting re-routes the case: steps scripted before it lapse. */
  gen: number;
}

/** The key of the joint meetings' steps: they run alone, before a slot's case steps. */
export const MEETINGS = "~meetings";

export class QuarterScript {
  /** Marks this run's idempotency keys, so a second run on the same data registers anew. */
  readonly runId = randomUUID().slice(0, 8);
  /** The day being played, counted from the quarter's first. */
  today = 0;
  /** The API's clock as last set. */
  now: Date;
  ticks = 0;
  readonly problems: Problem[] = [];
  /** This run's cases by id, once registered. */
  readonly byId = new Map<string, CaseState>();
  private currentSlot = 0;
  private readonly slots = new Map<number, Map<string, Step[]>>();
  private readonly calendar = policyFor().calendar;

  constructor(
    readonly client: DemoClient,
    readonly from: Date,
    readonly days: number,
    private readonly concurrency: number,
  ) {
    this.now = this.slotTime(0);
  }

  /** The day's 09:00 (phase 0) or 15:00 (phase 1). */
  slotTime(day: number, phase = 0): Date {
    return new Date(this.from.getTime() + day * DAY_MS + phase * 6 * HOUR_MS);
  }

  /** The day itself if it is a working day, else the next one (or the quarter's end). */
  workday(day: number): number {
    let d = Math.max(0, day);
    while (d < this.days && !this.calendar.isWorkingDay(localDay(this.slotTime(d), TZ))) d++;
    return d;
  }

  /** A step under `key` on a day; a day already past runs it in the current slot. */
  at(day: number, key: string, step: Step, phase = 0): void {
    if (day >= this.days) return; // past the quarter's end: it stays undone
    const slot = Math.max(day * 2 + phase, this.currentSlot);
    const groups = this.slots.get(slot) ?? new Map<string, Step[]>();
    this.slots.set(slot, groups);
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }

  /** A step for a case, on a working day, dropped if the case has been re-routed meanwhile. */
  onCase(s: CaseState, day: number, step: Step): void {
    const gen = s.gen;
    this.at(this.workday(day), s.key, async () => {
      if (s.gen === gen) await step();
    });
  }

  /** Calls the API; an answer outside 2xx is noted as a problem and comes back undefined. */
  async act<T = CaseView>(
    what: string,
    as: Caller,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T | undefined> {
    const a = await this.client.request<T>(method, path, as, body, headers);
    if (a.status >= 200 && a.status < 300) return (a.body ?? (a.text as unknown)) as T;
    const p = a.body as { detail?: string; title?: string } | undefined;
    this.problem(what, a.status, (p?.detail ?? p?.title ?? a.text).slice(0, 300));
    return undefined;
  }

  /** A case command (POST /v1/cases/{id}/{action}). */
  command(s: CaseState, action: string, as: Caller, body: unknown = {}): Promise<CaseView | undefined> {
    return this.act(`${action} ${s.code ?? s.key}`, as, "POST", `/v1/cases/${s.id}/${action}`, body);
  }

  problem(what: string, status: number, detail: string): void {
    this.problems.push({ at: localMinute(this.now), what, status, detail });
  }

  /** Remembers a registered case under its id. */
  track(s: CaseState, c: CaseView): void {
    s.id = c.id;
    s.code = c.code;
    this.byId.set(c.id, s);
  }

  /** Plays every day: the night's schedules first, then the day's work, then its handoffs. */
  async play(
    signal?: AbortSignal,
    onProgress?: (done: number, total: number, label: string) => void,
  ): Promise<void> {
    const { client, days } = this;
    for (this.today = 0; this.today < days; this.today++) {
      const today = this.today;
      if (signal?.aborted) break;
      this.now = await client.setClock(this.slotTime(today));
      await client.tick();
      this.ticks++;
      if (await this.runSlot(today * 2)) {
        await client.tick();
        this.ticks++;
      }
      if (this.slots.has(today * 2 + 1)) {
        this.now = await client.setClock(this.slotTime(today, 1));
        await this.runSlot(today * 2 + 1);
        await client.tick();
        this.ticks++;
      }
      onProgress?.(today + 1, days, `${localDay(this.now, TZ)} · ${this.byId.size} cases`);
    }
  }

  /** Runs a slot's steps, and any that they script into the same slot. */
  private async runSlot(slot: number): Promise<boolean> {
    this.currentSlot = slot;
    let ran = false;
    for (let groups = this.slots.get(slot); groups; groups = this.slots.get(slot)) {
      this.slots.delete(slot);
      ran = true;
      const meetings = groups.get(MEETINGS);
      groups.delete(MEETINGS);
      for (const step of meetings ?? []) await step();
      await inPool([...groups.values()], this.concurrency, async (steps) => {
        for (const step of steps) await step();
      });
    }
    return ran;
  }
}
