// `npm run demo`: one quarter of Demo County (示例县) played on a fast clock against the
// local runtime (DESIGN §10): the bearing-factory story among a few hundred ordinary
// petitions, some handled late, two joint meetings; then a report read back through the
// API. It drives a Casebridge already answering on PORT over HTTP, or starts the embedded
// runtime in this process on the same data folder as `npm start`, and leaves the data.
import { randomUUID } from "node:crypto";
import { mkdirSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { addMonths, differenceInCalendarDays } from "date-fns";
import * as z from "zod";
import { policyFor } from "../../shared/app/deps.js";
import { ControlledClock } from "../../shared/clock.js";
import { localDay } from "../../shared/domain/calendar.js";
import { demoAgencies, demoRoutingRules } from "../../shared/domain/demo-county.js";
import type { Meeting } from "../../shared/domain/meetings.js";
import type { Case, CaseEvent, Channel, ClockName, Role, Status } from "../../shared/domain/model.js";
import { logger } from "../../shared/logger.js";
import { MissingJavaError, startDynamoLocal, startSqsEmulator, type Endpoint } from "./endpoints.js";
import { kept, keptSecrets } from "./data-dir.js";
import { createLocalRuntime as createLocalStack } from "./runtime.js";

// ─── The client: one small interface over the two runtimes ────────────────────────────

export interface Caller {
  sub: string;
  agency: string;
  roles: Role[];
}

export interface ApiAnswer<T = unknown> {
  status: number;
  /** The parsed JSON body, when the answer is JSON. */
  body: T;
  text: string;
}

export interface DemoClient {
  /** Call the API as `as` (a token from /dev/token for the clock's current time). */
  request<T = unknown>(method: string, path: string, as?: Caller, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  setClock(at: Date): Promise<Date>;
  /** Move the clock by an ISO-8601 duration such as P1D. */
  advance(duration: string): Promise<Date>;
  /** Every schedule once at the clock's now (relay, sweeper, agenda), queues drained. */
  tick(): Promise<void>;
  readonly requests: number;
}

export type Send = (path: string, init: RequestInit) => Promise<Response>;

/**
 * A client over anything that answers like the Casebridge app: `fetch` to a running server,
 * or the embedded stack's `app.request`. Both serve the local-only /dev routes.
 */
export function fetchClient(send: Send): DemoClient {
  const tokens = new Map<string, Promise<string>>();
  let requests = 0;

  async function call<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer<T>> {
    requests++;
    const res = await send(path, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: res.status, body: json as T, text };
  }

  // Tokens are signed for the clock's now and live 12 hours: a moved clock needs new ones.
  function token(who: Caller): Promise<string> {
    const key = `${who.sub}|${who.agency}|${who.roles.join(",")}`;
    let pending = tokens.get(key);
    if (!pending) {
      pending = call<{ token: string }>("POST", "/dev/token", {}, who).then((a) => {
        if (a.status !== 200) throw new Error(`POST /dev/token answered ${a.status}: ${a.text.slice(0, 300)}`);
        return a.body.token;
      });
      pending.catch(() => tokens.delete(key));
      tokens.set(key, pending);
    }
    return pending;
  }

  async function moveClock(body: { set: string } | { advance: string }): Promise<Date> {
    tokens.clear();
    const a = await call<{ now: string }>("POST", "/dev/clock", {}, body);
    if (a.status !== 200) throw new Error(`POST /dev/clock answered ${a.status}: ${a.text.slice(0, 300)}`);
    return new Date(a.body.now);
  }

  return {
    get requests() { return requests; },
    async request<T>(method: string, path: string, as?: Caller, body?: unknown, headers: Record<string, string> = {}) {
      const auth: Record<string, string> = as ? { authorization: `Bearer ${await token(as)}` } : {};
      return call<T>(method, path, { ...headers, ...auth }, body);
    },
    setClock: (at) => moveClock({ set: at.toISOString() }),
    advance: (duration) => moveClock({ advance: duration }),
    async tick() {
      const a = await call("POST", "/dev/tick", {});
      if (a.status !== 200) throw new Error(`POST /dev/tick answered ${a.status}: ${a.text.slice(0, 300)}`);
    },
  };
}

// ─── Demo County's people ─────────────────────────────────────────────────────────────

const TZ = "Asia/Shanghai";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const GLOBAL = "~meetings";

const INTAKE: Caller = { sub: "intake@bureau", agency: "bureau", roles: ["intake"] };
const COORDINATOR: Caller = { sub: "coordinator@bureau", agency: "bureau", roles: ["coordinator"] };
const LEADER: Caller = { sub: "leader@gov", agency: "gov", roles: ["leader"] };
const handlerOf = (agency: string): Caller => ({ sub: `handler@${agency}`, agency, roles: ["handler"] });
const headOf = (agency: string): Caller => ({ sub: `head@${agency}`, agency, roles: ["agency_head"] });

const superiorOf = (agency: string) => demoAgencies.find((a) => a.id === agency)?.superior;
const defaultRoute = (category: string) => demoRoutingRules.find((r) => r.category === category && r.region === "*");
const MEMBERS = ["gov", "hrss", "natres", "housing", "ecoenv", "sasac", "police", "health"];
/** Who the bureau or the meeting turns to when the default lead says "not ours". */
const ALTERNATE: Record<string, string> = {
  "labor-social-security": "sasac", "soe-restructuring": "hrss", "land-acquisition": "housing", "housing-demolition": "natres",
  environment: "natres", "public-security": "gov", health: "hrss", other: "gov",
};
/** A second agency for joint handling (会办). */
const PARTNER: Record<string, string> = {
  "labor-social-security": "sasac", "soe-restructuring": "hrss", "land-acquisition": "housing", "housing-demolition": "natres",
  environment: "natres", "public-security": "gov", health: "hrss", other: "housing",
};

const CATEGORIES: [string, number][] = [
  ["labor-social-security", 24], ["housing-demolition", 16], ["land-acquisition", 12], ["environment", 12],
  ["public-security", 10], ["health", 10], ["soe-restructuring", 8], ["other", 8],
];
const CHANNELS: [Channel, number][] = [["visit", 30], ["phone", 25], ["online", 25], ["letter", 15], ["leader_mailbox", 5]];
const REGIONS: [string, number][] = [["chengguan", 45], ["xiangshan", 30], ["industrial-park", 25]];
const REGION_ZH: Record<string, string> = { chengguan: "城关镇", xiangshan: "象山乡", "industrial-park": "工业园区" };

const MATTERS: Record<string, string[]> = {
  "labor-social-security": ["Unpaid wages at a construction site (工程欠薪)", "Gap in pension contributions (养老保险断缴)", "Work-injury recognition (工伤认定)", "Unemployment benefit refused (失业保险金)"],
  "land-acquisition": ["Compensation for requisitioned farmland (征地补偿)", "Resettlement subsidy not paid (安置补助费)", "Ownership of collective land (土地权属)"],
  "housing-demolition": ["Relocation compensation for an old house (拆迁补偿)", "Property certificate delayed (不动产证办理)", "Leaking roofs in a resettlement block (安置房质量)", "Developer late to hand over flats (逾期交房)"],
  "soe-restructuring": ["Severance after restructuring (改制安置)", "Seniority buy-out disputed (工龄买断)", "Retirees' medical insurance after restructuring (改制退休人员医保)"],
  environment: ["Dust from a quarry (采石场扬尘)", "Night-time noise from a factory (夜间噪声)", "Wastewater into the river (污水排放)", "Odour from a pig farm (养殖异味)"],
  "public-security": ["Household registration transfer (户口迁移)", "Reported theft not followed up (报案处理)", "Traffic accident liability (交通事故认定)"],
  health: ["Dispute with the county hospital (医疗纠纷)", "Village doctors' subsidy (乡村医生补助)", "Medical insurance reimbursement (医保报销)"],
  other: ["Village road in disrepair (村道维修)", "Street lighting (路灯)", "Bus route withdrawn (公交线路)"],
};

const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"];
const GIVEN = [..."建国伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉梅红春海燕志"];

// ─── Seeded dice ──────────────────────────────────────────────────────────────────────

class Dice {
  private state: number;
  constructor(seed: number) { this.state = seed >>> 0; }
  /** mulberry32: small, fast and the same on every machine. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]!; }
  weighted<T>(pairs: readonly [T, number][]): T {
    let r = this.next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs.at(-1)![0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  digits(n: number): string { return Array.from({ length: n }, () => String(this.int(0, 9))).join(""); }
}

// ─── The plan: every ordinary case's fate drawn up front, so a seed repeats a run ──────

/** What the receiving agency does: acknowledge on time, near the end, late, never; decline; object. */
type Fate = "ontime" | "warned" | "late" | "never" | "declined" | "objected" | "disputed" | "flagged" | "repeat";
/** How the handling goes once accepted. */
type Handling = "ontime" | "paused" | "extension" | "late" | "open";

interface CasePlan {
  n: number;
  day: number;
  fate: Fate;
  handling: Handling;
  registration: Record<string, unknown>;
  category: string;
  collective: boolean;
  respondent?: string;
  route: { kind: "transfer" | "assign"; to?: string; cohandlers?: string[]; reportBackDays?: number };
  routeBy: Caller;
  lead: string;
  /** Days after receipt (or after the previous step) for each scripted step. */
  ackAfter: number;
  objectAfter: number;
  resolveAfter: number;
  replyAfter: number;
  pauseAfter: number;
  pauseDays: number;
  extensionAfter: number;
  rating?: "satisfied" | "basically_satisfied" | "unsatisfied";
  rateAfter: number;
  review?: { requestAfter: number; opinionAfter: number; decision: "upheld" | "changed"; reReview?: { requestAfter: number; opinionAfter: number } };
  /** After a joint meeting's decision or a resolved dispute: the new lead's pace. */
  then: { ackAfter: number; replyAfter: number };
  repeatOf?: number;
}

function petitioner(dice: Dice, region: string) {
  const name = dice.pick(SURNAMES) + dice.pick(GIVEN) + (dice.chance(0.6) ? dice.pick(GIVEN) : "");
  const birth = `${dice.int(1950, 2000)}${String(dice.int(1, 12)).padStart(2, "0")}${String(dice.int(1, 28)).padStart(2, "0")}`;
  const id = `4101${dice.digits(2)}${birth}${dice.digits(3)}${dice.chance(0.1) ? "X" : dice.digits(1)}`;
  return {
    name,
    ...(dice.chance(0.8) ? { idNumber: id } : {}),
    ...(dice.chance(0.7) ? { phone: `1${dice.pick(["38", "39", "59", "86", "77"])}${dice.digits(8)}` } : {}),
    ...(dice.chance(0.5) ? { address: `示例县${REGION_ZH[region]}${dice.pick(["幸福路", "建设街", "人民路", "滨河路", "新村"])}${dice.int(1, 200)}号` } : {}),
  };
}

function quotas(n: number): Fate[] {
  const q = (p: number, min: number) => Math.max(min, Math.round(n * p));
  // Rare fates first, so that even a small run shows every path.
  const fates: Fate[] = [
    ...Array<Fate>(q(0.035, 1)).fill("never"),
    ...Array<Fate>(q(0.02, 1)).fill("disputed"),
    ...Array<Fate>(q(0.08, 1)).fill("late"),
    ...Array<Fate>(q(0.03, 1)).fill("declined"),
    ...Array<Fate>(q(0.02, 1)).fill("objected"),
    ...Array<Fate>(q(0.08, 1)).fill("warned"),
    ...Array<Fate>(n >= 10 ? 1 : 0).fill("flagged"),
    ...Array<Fate>(n >= 20 ? q(0.02, 1) : 0).fill("repeat"),
  ].slice(0, n);
  while (fates.length < n) fates.push("ontime");
  return fates;
}

function planCases(n: number, days: number, seed: number, workday: (d: number) => number): CasePlan[] {
  const dice = new Dice(seed);
  const fates = dice.shuffle(quotas(n));
  const plans: CasePlan[] = [];
  const last = Math.max(0, days - 6);
  const dayFor = (fate: Fate): number => {
    switch (fate) {
      case "never": return dice.int(0, Math.min(40, last));
      case "disputed": return dice.int(0, Math.max(0, Math.min(70, days - 22)));
      case "late": return dice.int(0, Math.max(0, days - 35));
      case "flagged": return dice.int(Math.min(10, last), Math.min(28, last));
      default: return dice.int(0, last);
    }
  };
  for (let i = 0; i < n; i++) {
    const fate = fates[i]!;
    // A laggard: most late and never-acknowledged cases sit with the housing bureau.
    const laggard = (fate === "late" || fate === "never") && dice.chance(0.5);
    let category = laggard ? "housing-demolition" : dice.weighted(CATEGORIES);
    if (fate === "flagged") category = "land-acquisition";
    if (fate === "disputed" || fate === "objected") category = dice.pick(["labor-social-security", "environment", "health", "housing-demolition"]);
    const region = dice.weighted(REGIONS);
    const channel = dice.weighted(CHANNELS);
    const collective = fate === "flagged" || dice.chance(0.06);
    const headcount = collective ? dice.int(5, 40) : dice.chance(0.15) ? dice.int(2, 4) : 1;
    // A few complain about the agency that would otherwise handle them: the county government takes those.
    const respondent = fate === "ontime" && dice.chance(0.04) ? defaultRoute(category)?.lead : undefined;
    const byCoordinator = dice.chance(0.12) && fate === "ontime";
    const route: CasePlan["route"] = category === "other" || respondent
      ? { kind: "transfer", to: respondent ? "gov" : dice.pick(["gov", "housing", "natres"]) }
      : byCoordinator ? { kind: "assign", reportBackDays: 30 } : { kind: "transfer" };
    const lead = route.to ?? defaultRoute(category)!.lead;
    const matter = dice.pick(MATTERS[category]!);
    const handling: Handling = fate === "flagged" ? "open"
      : fate === "late" || route.kind === "assign" ? "ontime"
        : dice.weighted<Handling>([["ontime", 80], ["paused", 4], ["extension", 4], ["late", 6], ["open", 6]]);
    const rating = dice.chance(0.75) ? dice.weighted<NonNullable<CasePlan["rating"]>>([["satisfied", 65], ["basically_satisfied", 25], ["unsatisfied", 10]]) : undefined;
    const reviewed = dice.chance(rating === "unsatisfied" ? 0.6 : 0.07);
    const plan: CasePlan = {
      n: i + 1,
      day: workday(dayFor(fate)),
      fate, handling, category, collective, route, lead,
      ...(respondent ? { respondent } : {}),
      routeBy: byCoordinator ? COORDINATOR : INTAKE,
      registration: {
        channel,
        petitioner: petitioner(dice, region),
        headcount,
        category,
        region,
        title: matter,
        description: `${matter}: ${headcount > 1 ? `${headcount} petitioners ask` : "the petitioner asks"} the county to look into it and answer in writing.`,
        ...(respondent ? { respondent: { agency: respondent, official: "the section chief in charge" } } : {}),
      },
      ackAfter: fate === "warned" ? dice.int(13, 15) : fate === "late" ? dice.int(16, 27) : route.kind === "assign" ? dice.int(1, 5) : dice.int(1, 10),
      objectAfter: dice.int(1, 2),
      resolveAfter: dice.int(1, 3),
      replyAfter: handling === "late" ? dice.int(62, 70) : handling === "extension" ? dice.int(64, 80) : route.kind === "assign" ? dice.int(5, 18) : dice.int(6, 45),
      pauseAfter: dice.int(2, 5),
      pauseDays: dice.int(3, 8),
      extensionAfter: dice.int(35, 45),
      ...(rating ? { rating } : {}),
      rateAfter: dice.int(1, 4),
      ...(reviewed ? {
        review: {
          requestAfter: dice.int(3, 20), opinionAfter: dice.int(5, 25), decision: dice.chance(0.8) ? "upheld" as const : "changed" as const,
          ...(dice.chance(0.3) ? { reReview: { requestAfter: dice.int(3, 15), opinionAfter: dice.int(5, 20) } } : {}),
        },
      } : {}),
      then: { ackAfter: dice.int(1, 2), replyAfter: dice.int(5, 14) },
    };
    if (plan.handling === "paused") plan.replyAfter = Math.max(plan.replyAfter, plan.pauseAfter + plan.pauseDays + 3);
    plans.push(plan);
  }
  // A repeat petition (重复信访): the same person on the same matter while the first case is open.
  for (const p of plans.filter((x) => x.fate === "repeat")) {
    const original = plans.find((o) => o.fate === "ontime" && !o.respondent && o.handling === "ontime" && o.day < days - 10 && o.replyAfter >= 20
      && o.registration.petitioner && (o.registration.petitioner as { idNumber?: string }).idNumber && !plans.some((x) => x.repeatOf === o.n));
    if (!original) {
      p.fate = "ontime";
      continue;
    }
    p.repeatOf = original.n;
    p.day = workday(original.day + 3);
    p.category = original.category;
    p.registration = { ...original.registration, channel: "phone", title: `${String(original.registration.title)} — again`, headcount: 1 };
  }
  return plans;
}

// ─── Playing the quarter ──────────────────────────────────────────────────────────────

export interface QuarterOptions {
  /** The quarter's first day at 09:00 in Asia/Shanghai (default 2026-10-01). */
  from?: Date;
  /** Ordinary cases around the bearing-factory case (default 300). */
  cases?: number;
  seed?: number;
  /** Length in days (default: to the same day three months on). */
  days?: number;
  /** Cases acted on at once within a day (default 6). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ClockTally { met: number; overdue: number; running: number }

export interface TimelineEntry { at: string; type: string; by: string; detail: string }

export interface MeetingSummary {
  id: string;
  title: string;
  scheduledAt: string;
  status: string;
  members: string[];
  present: string[];
  agenda: { code: string; category: string; reason: string; decided: boolean; lead?: string; cohandlers?: string[]; handleDays?: number; leader?: string }[];
  sanctions: { agency: string; kind: string; reason: string }[];
}

export interface Problem { at: string; what: string; status: number; detail: string }

export interface QuarterSummary {
  from: string;
  to: string;
  days: number;
  seed: number;
  /** Cases this run registered: the bearing-factory case and the ordinary ones. */
  registered: number;
  cases: {
    total: number;
    byStatus: Partial<Record<Status, number>>;
    byCategory: Record<string, number>;
    byChannel: Record<string, number>;
    collective: number;
    declined: number;
    repeatsLinked: number;
    final: number;
  };
  clocks: Record<string, ClockTally>;
  onTimeAcknowledgeRate: number | undefined;
  onTimeConclusionRate: number | undefined;
  /** Overdue clocks a meeting's re-routing replaced with fresh ones (not in the tallies above). */
  replacedOverdue: Record<string, number>;
  satisfaction: { rated: number; satisfied: number; basically: number; unsatisfied: number; rate: number | undefined };
  escalations: {
    dueSoon: number; l1: number; l2: number; l3: number; l3Disputes: number;
    casesWarned: number; casesL1: number; casesL2: number; casesL3: number;
    l1ByClock: Record<string, number>;
    placedOnAgenda: number; meetingDecisions: number; closedAfterWindow: number; calendarGaps: number; repeats: number;
    /** Warnings or ladder steps recorded again for the same clock with no re-routing or extension between (DESIGN §1: each once). */
    repeatedSteps: number;
    casesWithRepeatedSteps: number;
  };
  byAgency: { agency: string; cases: number; ackMet: number; ackOverdue: number; handleMet: number; handleOverdue: number; escalated: number }[];
  chains: { verified: number; valid: number };
  meetings: MeetingSummary[];
  lastMinutes: string;
  bearing: {
    id: string; code: string; status: string; petitioner: string; headcount: number; collective: boolean;
    leadAgency?: string; cohandlers: string[]; leader?: string; rating?: string;
    clocks: { name: string; state: string; dueAt: string; stoppedAt?: string; pausedMs: number }[];
    handleMet: boolean; repliedOnTime: boolean;
    timeline: TimelineEntry[];
  } | undefined;
  statsEndpoint: number;
  problems: Problem[];
  ticks: number;
  requests: number;
  ms: { play: number; report: number };
}

interface CaseState {
  plan?: CasePlan;
  key: string;
  id?: string;
  code?: string;
  lead?: string;
  /** Bumped when the bureau or a meeting re-routes the case: steps scripted before it lapse. */
  gen: number;
}

type CaseView = Case & { allowedActions: string[] };
type Step = () => Promise<void>;

export async function playQuarter(client: DemoClient, options: QuarterOptions = {}): Promise<QuarterSummary> {
  const from = options.from ?? new Date("2026-10-01T09:00:00+08:00");
  const days = options.days ?? differenceInCalendarDays(addMonths(from, 3), from);
  const seed = options.seed ?? 20261001;
  const n = options.cases ?? 300;
  const concurrency = options.concurrency ?? 6;
  const calendar = policyFor().calendar;
  const started = performance.now();

  const slotTime = (day: number, phase = 0) => new Date(from.getTime() + day * DAY_MS + phase * 6 * HOUR_MS);
  const isWorkday = (day: number) => calendar.isWorkingDay(localDay(slotTime(day), TZ));
  const workday = (day: number) => {
    let d = Math.max(0, day);
    while (d < days && !isWorkday(d)) d++;
    return d;
  };
  const stamp = (at: Date) => new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(0, 16).replace("T", " ");

  const runId = randomUUID().slice(0, 8);
  let today = 0;
  let currentSlot = 0;
  let now = slotTime(0);
  let ticks = 0;
  const problems: Problem[] = [];
  const states: CaseState[] = [];
  const byId = new Map<string, CaseState>();

  // The day-by-day script: steps per slot (two a day: 09:00 and 15:00), grouped by case.
  const script = new Map<number, Map<string, Step[]>>();
  const at = (day: number, key: string, step: Step, phase = 0) => {
    if (day >= days) return; // past the quarter's end: it stays undone
    const slot = Math.max(day * 2 + phase, currentSlot);
    const groups = script.get(slot) ?? new Map<string, Step[]>();
    script.set(slot, groups);
    groups.set(key, [...(groups.get(key) ?? []), step]);
  };
  /** A step for a case, on a working day, dropped if the case has been re-routed meanwhile. */
  const onCase = (s: CaseState, day: number, step: Step) => {
    const gen = s.gen;
    at(workday(day), s.key, async () => { if (s.gen === gen) await step(); });
  };

  async function act<T = CaseView>(what: string, as: Caller, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T | undefined> {
    const a = await client.request<T>(method, path, as, body, headers);
    if (a.status >= 200 && a.status < 300) return (a.body ?? (a.text as unknown)) as T;
    const p = a.body as { detail?: string; title?: string } | undefined;
    problems.push({ at: stamp(now), what, status: a.status, detail: (p?.detail ?? p?.title ?? a.text).slice(0, 300) });
    return undefined;
  }
  const command = (s: CaseState, action: string, as: Caller, body: unknown = {}) =>
    act(`${action} ${s.code ?? s.key}`, as, "POST", `/v1/cases/${s.id}/${action}`, body);

  // ── The bearing factory (DESIGN §10) ──
  const bearing: CaseState = { key: "bearing", gen: 0 };
  states.push(bearing);
  const bearingDay = (d: number) => Math.min(d, days - 1);
  at(0, bearing.key, async () => {
    const c = await act("register the bearing-factory case", INTAKE, "POST", "/v1/cases", {
      channel: "visit",
      petitioner: { name: "王建国", idNumber: "410102197001011234", phone: "13800001234", address: "示例县工业园区轴承厂宿舍3栋" },
      headcount: 32,
      category: "labor-social-security",
      region: "industrial-park",
      title: "County bearing factory: pensions and medical insurance after restructuring (轴承厂职工养老医疗保险)",
      description: "32 workers of the county bearing factory, restructured from a state-owned enterprise, say their pension contributions "
        + "stopped in the restructuring and their medical insurance lapsed; they ask for the contributions to be made up and the insurance restored.",
    }, { "idempotency-key": `demo-${runId}-bearing` });
    if (!c) return;
    track(bearing, c);
    // The leader is named before the route: a command landing while the router applies the
    // handoff makes the router give up until the queue's visibility timeout (180 s of real
    // time), which against a running server leaves the case in routing for most of the quarter.
    await command(bearing, "assign-leader", COORDINATOR, { leader: LEADER.sub });
    await command(bearing, "route", COORDINATOR, { kind: "transfer", cohandlers: ["sasac"] });
    bearing.lead = "hrss";
  });
  at(bearingDay(1), bearing.key, async () => {
    await command(bearing, "instruct", LEADER, { text: "A collective petition about livelihoods: hrss leads with sasac, verifies every worker's contribution record, and reports to me weekly (包案领导批示)." });
  });
  at(workday(7), bearing.key, async () => { await command(bearing, "acknowledge", handlerOf("hrss")); });
  at(workday(14), bearing.key, async () => {
    await command(bearing, "note", handlerOf("sasac"), { text: "sasac: the restructuring plan of 2004 set aside a fund for social insurance arrears; balance confirmed with the finance bureau." });
  });
  at(workday(20), bearing.key, async () => {
    await command(bearing, "pause", handlerOf("hrss"), { clock: "handle", reason: "hearing", note: "Public hearing with deputies, lawyers and worker representatives." });
  });
  at(workday(23), bearing.key, async () => {
    await command(bearing, "hearing", headOf("hrss"), {
      at: new Date(slotTime(workday(22)).getTime() + 5.5 * HOUR_MS).toISOString(),
      participants: ["county People's Congress deputies (3)", "CPPCC members (2)", "lawyers of the county legal aid centre (2)", "worker representatives (5)", "hrss", "sasac"],
      outcome: "Contribution gaps of 2004–2009 to be made up from the restructuring fund; medical insurance restored from next month.",
    });
    await command(bearing, "resume", handlerOf("hrss"), { clock: "handle" });
  });
  at(workday(30), bearing.key, async () => {
    await command(bearing, "instruct", LEADER, { text: "Carry out the hearing's conclusions before the end of November; no worker is to lose coverage." });
  });
  at(workday(42), bearing.key, async () => {
    await command(bearing, "reply", headOf("hrss"), {
      summary: "Pension contributions made up from the restructuring fund; medical insurance restored",
      text: "After the public hearing the county makes up the pension contributions of 2004–2009 for all 32 workers from the restructuring fund, "
        + "and restores their medical insurance from 1 December. Each worker receives a statement of their record.",
    });
  });
  at(workday(44), bearing.key, async () => { await command(bearing, "rate", INTAKE, { rating: "satisfied" }); });

  // ── The ordinary cases ──
  const plans = planCases(n, days, seed, workday);
  const planStates = new Map<number, CaseState>();
  for (const p of plans) {
    const s: CaseState = { plan: p, key: `case-${p.n}`, gen: 0 };
    states.push(s);
    planStates.set(p.n, s);
  }

  function track(s: CaseState, c: CaseView) {
    s.id = c.id;
    s.code = c.code;
    byId.set(c.id, s);
  }

  function afterReply(s: CaseState, replyDay: number) {
    const p = s.plan!;
    if (p.rating) onCase(s, replyDay + p.rateAfter, async () => { await command(s, "rate", INTAKE, { rating: p.rating }); });
    const review = p.review;
    if (!review) return;
    const reviewer = superiorOf(s.lead!);
    if (!reviewer) return;
    const asked = replyDay + review.requestAfter;
    onCase(s, asked, async () => {
      if (!(await command(s, "request-review", INTAKE, { reason: "The petitioner finds the reply does not settle the matter and asks the superior agency to review it (复查)." }))) return;
      const opinion = today + review.opinionAfter;
      onCase(s, opinion, async () => {
        if (!(await command(s, "review-opinion", handlerOf(reviewer), { decision: review.decision, text: review.decision === "upheld" ? "The reply is lawful and appropriate; it stands." : "The reply is changed: the agency is to pay the difference within 30 days." }))) return;
        const re = review.reReview;
        const reReviewer = superiorOf(reviewer);
        if (!re || reviewer !== "gov" || !reReviewer) return;
        onCase(s, today + re.requestAfter, async () => {
          if (!(await command(s, "request-re-review", INTAKE, { reason: "The petitioner asks the city government to re-review (复核)." }))) return;
          onCase(s, today + re.opinionAfter, async () => {
            await command(s, "re-review-opinion", handlerOf(reReviewer), { decision: "upheld", text: "The review opinion stands; the matter is final (三级终结)." });
          });
        });
      });
    });
  }

  function handle(s: CaseState, ackDay: number) {
    const p = s.plan!;
    const agency = () => s.lead!;
    switch (p.handling) {
      case "open": return;
      case "paused":
        onCase(s, ackDay + p.pauseAfter, async () => {
          if (!(await command(s, "pause", handlerOf(agency()), { reason: "awaiting_petitioner", note: "Waiting for the petitioner's receipts." }))) return;
          onCase(s, today + p.pauseDays, async () => { await command(s, "resume", handlerOf(agency())); });
        });
        break;
      case "extension":
        onCase(s, ackDay + p.extensionAfter, async () => {
          if (!(await command(s, "request-extension", handlerOf(agency()), { days: 30, reason: "An on-site appraisal by a qualified body is needed; the petitioner is told why." }))) return;
          onCase(s, today + 1, async () => { await command(s, "approve-extension", headOf(agency()), { approve: true }); });
        });
        break;
      default: break;
    }
    onCase(s, ackDay + p.replyAfter, async () => {
      const replier = p.n % 3 === 0 ? headOf(agency()) : handlerOf(agency());
      if (await command(s, "reply", replier, { summary: `Answered: ${String(p.registration.title).replace(/ \(.*$/, "")}`, text: "The agency has looked into the matter and answers in writing; the petitioner may ask for a review within 30 days." })) {
        afterReply(s, today);
      }
    });
  }

  function receive(s: CaseState, ackDay: number, after?: () => void) {
    onCase(s, ackDay, async () => {
      if (await command(s, "acknowledge", handlerOf(s.lead!))) {
        after?.();
        handle(s, today);
      }
    });
  }

  for (const s of planStates.values()) {
    const p = s.plan!;
    at(p.day, s.key, async () => {
      const c = await act(`register case ${p.n}`, INTAKE, "POST", "/v1/cases", p.registration, { "idempotency-key": `demo-${runId}-${p.n}` });
      if (!c) return;
      track(s, c);
      if (p.fate === "repeat") {
        const original = planStates.get(p.repeatOf!);
        if (original?.id && c.repeatCandidates.includes(original.id)) {
          await command(s, "link-repeat", INTAKE, { caseId: original.id });
        } else {
          problems.push({ at: stamp(now), what: `repeat petition ${c.code}`, status: 201, detail: `registered without the open case ${original?.code ?? "?"} among its repeat candidates` });
        }
        return;
      }
      if (!(await command(s, "route", p.routeBy, p.route))) return;
      s.lead = p.lead;
      const d = today;
      switch (p.fate) {
        case "never": return;
        case "declined":
          onCase(s, d + p.ackAfter, async () => {
            await command(s, "decline", handlerOf(s.lead!), {
              reason: "The matter is before the county court; it is to be settled there.",
              basis: "信访工作条例 Art. 31(1): matters for litigation, arbitration or administrative reconsideration go to those procedures",
            });
          });
          return;
        case "objected":
        case "disputed":
          onCase(s, d + p.objectAfter, async () => {
            if (!(await command(s, "object", handlerOf(s.lead!), { reason: `Not ours: the matter belongs to ${ALTERNATE[p.category]}.` }))) return;
            if (p.fate === "disputed") return; // left for the joint meeting
            onCase(s, today + p.resolveAfter, async () => {
              const to = ALTERNATE[p.category] === s.lead ? "gov" : ALTERNATE[p.category]!;
              if (!(await command(s, "resolve-dispute", COORDINATOR, { to, kind: "transfer" }))) return;
              s.gen++;
              s.lead = to;
              receive(s, today + p.then.ackAfter + 1);
            });
          });
          return;
        case "flagged":
          onCase(s, d + 1, async () => {
            await command(s, "flag-joint-handling", COORDINATOR, { note: "Compensation and resettlement housing together: natres and housing at the joint meeting (会办)." });
          });
          receive(s, d + p.ackAfter);
          return;
        default:
          receive(s, d + p.ackAfter);
      }
    });
  }

  // ── Joint meetings: convened mid-quarter and near the end; held on the afternoon of their day ──
  const meetingIds: string[] = [];
  const meetingPlan = [
    { no: 1, convene: workday(Math.round(days * 0.36)), held: workday(Math.round(days * 0.5)), sanction: "circulated_notice" as const, absent: "health" },
    { no: 2, convene: workday(Math.round(days * 0.65)), held: workday(days - 4), sanction: "summons" as const, absent: undefined },
  ].filter((m) => m.held < days);
  const quarterName = `${localDay(from, TZ).slice(0, 4)} Q${Math.floor(Number(localDay(from, TZ).slice(5, 7)) / 3.01) + 1}`;

  for (const m of meetingPlan) {
    let id: string | undefined;
    at(m.convene, GLOBAL, async () => {
      const meeting = await act<Meeting>(`convene joint meeting ${m.no}`, COORDINATOR, "POST", "/v1/meetings", {
        title: `示例县信访工作联席会议 · Demo County joint meeting, ${quarterName} no. ${m.no}`,
        scheduledAt: slotTime(m.held, 1).toISOString(),
        members: MEMBERS,
      });
      if (meeting) {
        id = meeting.id;
        meetingIds.push(id);
      }
    });
    at(m.held, GLOBAL, async () => {
      if (!id) return;
      const meeting = await act<Meeting>(`read joint meeting ${m.no}`, COORDINATOR, "GET", `/v1/meetings/${id}`);
      if (!meeting) return;
      const worst = await worstAgency();
      for (const item of meeting.agenda.filter((i) => !i.decision)) {
        const c = await act(`read case ${item.code} for the meeting`, COORDINATOR, "GET", `/v1/cases/${item.caseId}`);
        if (!c) continue;
        const decision = decisionFor(c, item.reason);
        const decided = await act<Meeting>(`decide ${item.code} at meeting ${m.no}`, COORDINATOR, "POST", `/v1/meetings/${id}/decisions`, { caseId: c.id, ...decision });
        const s = byId.get(c.id);
        if (!decided || !s?.plan) continue;
        // The platform re-routes the case; the new lead acknowledges and reports back in time.
        s.gen++;
        s.lead = decision.lead;
        const then = s.plan.then;
        onCase(s, today + then.ackAfter, async () => {
          if (!(await command(s, "acknowledge", handlerOf(s.lead!)))) return;
          onCase(s, today + then.replyAfter, async () => {
            if (await command(s, "reply", headOf(s.lead!), { summary: "Handled as the joint meeting decided", text: "Handled as the joint meeting decided; the agency reports the result to the bureau and answers the petitioner in writing." })) {
              afterReply(s, today);
            }
          });
        });
      }
      if (worst) {
        await act(`sanction at meeting ${m.no}`, COORDINATOR, "POST", `/v1/meetings/${id}/sanctions`, {
          agency: worst.agency, kind: m.sanction,
          reason: `${worst.overdue} clocks overdue and ${worst.escalated} cases escalated this quarter, the most of any agency.`,
        });
      }
      await act(`close joint meeting ${m.no}`, COORDINATOR, "POST", `/v1/meetings/${id}/close`, { present: ["bureau", ...MEMBERS.filter((a) => a !== m.absent)] });
    }, 1);
  }

  function decisionFor(c: CaseView, reason: string) {
    const respondent = c.respondent?.agency;
    const usable = (a: string | undefined): a is string => !!a && a !== respondent && a !== "bureau";
    const collectiveLeader = c.collective ? { leader: LEADER.sub } : {};
    if (reason === "dispute") {
      const objector = c.objection?.by;
      const alternate = ALTERNATE[c.category];
      const lead = usable(alternate) && alternate !== objector ? alternate : "gov";
      const cohandlers = usable(objector) && objector !== lead ? [objector] : [];
      return { lead, cohandlers, handleDays: 20, ...collectiveLeader, note: `Responsibility settled by the meeting: ${lead} leads${cohandlers.length ? ` with ${cohandlers.join(", ")}` : ""} and reports within 20 days.` };
    }
    const current = c.leadAgency ?? defaultRoute(c.category)?.lead;
    const lead = usable(current) ? current : "gov";
    if (reason === "joint_handling") {
      const partner = PARTNER[c.category];
      return {
        lead, cohandlers: usable(partner) && partner !== lead ? [partner] : [], handleDays: 30, leader: LEADER.sub,
        hearing: { at: slotTime(Math.min(today + 10, days - 1)).toISOString(), participants: ["county People's Congress deputies", "lawyers", "villagers' representatives"] },
        note: "Joint handling (会办): one plan for compensation and resettlement housing, a hearing first.",
      };
    }
    const cohandlers = (defaultRoute(c.category)?.cohandlers ?? []).filter((a) => usable(a) && a !== lead);
    return { lead, cohandlers, handleDays: 20, ...collectiveLeader, note: "Overdue past listed supervision: acknowledge at once and report within 20 days; the agency head answers for it." };
  }

  /** The agency with the most overdue clocks among this run's cases, read through the API. */
  async function worstAgency() {
    const cases = await ourCases();
    const tally = new Map<string, { overdue: number; escalated: number }>();
    const nowIso = now.toISOString();
    for (const c of cases) {
      for (const k of [...(c.pastClocks ?? []), ...c.clocks]) {
        if (k.owner === "bureau" || !(k.state === "overdue" || (k.state === "running" && k.dueAt < nowIso))) continue;
        const t = tally.get(k.owner) ?? { overdue: 0, escalated: 0 };
        t.overdue++;
        tally.set(k.owner, t);
      }
      if (c.escalation.level > 0 && c.leadAgency) {
        const t = tally.get(c.leadAgency) ?? { overdue: 0, escalated: 0 };
        t.escalated++;
        tally.set(c.leadAgency, t);
      }
    }
    const ranked = [...tally.entries()].sort((a, b) => b[1].overdue - a[1].overdue || b[1].escalated - a[1].escalated || a[0].localeCompare(b[0]));
    return ranked[0] ? { agency: ranked[0][0], ...ranked[0][1] } : undefined;
  }

  /** Every case of this run, as the bureau lists them (GET /v1/cases, page by page). */
  async function ourCases(): Promise<CaseView[]> {
    const found: CaseView[] = [];
    let cursor: string | undefined;
    do {
      const page = await act<{ items: CaseView[]; nextCursor?: string }>("list cases", COORDINATOR, "GET", `/v1/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (!page) break;
      found.push(...page.items.filter((c) => byId.has(c.id)));
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }

  // ── The clock: a step a day; the night's schedules first, then the day's work, then its handoffs ──
  async function runSlot(slot: number): Promise<boolean> {
    currentSlot = slot;
    let ran = false;
    for (let groups = script.get(slot); groups; groups = script.get(slot)) {
      script.delete(slot);
      ran = true;
      const global = groups.get(GLOBAL);
      groups.delete(GLOBAL);
      for (const step of global ?? []) await step();
      await inPool([...groups.values()], concurrency, async (steps) => { for (const step of steps) await step(); });
    }
    return ran;
  }

  for (today = 0; today < days; today++) {
    if (options.signal?.aborted) break;
    now = await client.setClock(slotTime(today));
    await client.tick();
    ticks++;
    if (await runSlot(today * 2)) {
      await client.tick();
      ticks++;
    }
    if (script.has(today * 2 + 1)) {
      now = await client.setClock(slotTime(today, 1));
      await runSlot(today * 2 + 1);
      await client.tick();
      ticks++;
    }
    options.onProgress?.(today + 1, days, `${localDay(now, TZ)} · ${byId.size} cases`);
  }
  const playMs = performance.now() - started;

  // ── The report, read back through the API as the bureau ──
  const reportStarted = performance.now();
  const cases = await ourCases();
  const nowIso = now.toISOString();
  const byStatus: Partial<Record<Status, number>> = {};
  const byCategory: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const clocks: Record<string, ClockTally> = {};
  const agencies = new Map<string, QuarterSummary["byAgency"][number]>();
  const agencyRow = (a: string) => {
    let row = agencies.get(a);
    if (!row) agencies.set(a, row = { agency: a, cases: 0, ackMet: 0, ackOverdue: 0, handleMet: 0, handleOverdue: 0, escalated: 0 });
    return row;
  };
  const satisfaction = { rated: 0, satisfied: 0, basically: 0, unsatisfied: 0, rate: undefined as number | undefined };
  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
    byChannel[c.channel] = (byChannel[c.channel] ?? 0) + 1;
    if (c.leadAgency) agencyRow(c.leadAgency).cases++;
    // Clocks a meeting's re-routing replaced count too: the miss happened.
    for (const k of [...(c.pastClocks ?? []), ...c.clocks]) {
      const t = clocks[k.name] ??= { met: 0, overdue: 0, running: 0 };
      const overdue = k.state === "overdue" || (!k.stoppedAt && k.dueAt < nowIso);
      if (overdue) t.overdue++;
      else if (k.state === "met") t.met++;
      else t.running++;
      if (k.name === "acknowledge" || k.name === "handle") {
        const row = agencyRow(k.owner);
        const ack = k.name === "acknowledge";
        if (overdue) row[ack ? "ackOverdue" : "handleOverdue"]++;
        else if (k.state === "met") row[ack ? "ackMet" : "handleMet"]++;
      }
    }
    if (c.rating) {
      satisfaction.rated++;
      if (c.rating === "satisfied") satisfaction.satisfied++;
      else if (c.rating === "basically_satisfied") satisfaction.basically++;
      else satisfaction.unsatisfied++;
    }
  }
  satisfaction.rate = satisfaction.rated ? (satisfaction.satisfied + satisfaction.basically) / satisfaction.rated : undefined;
  const rate = (t: ClockTally | undefined) => (t && t.met + t.overdue ? t.met / (t.met + t.overdue) : undefined);

  // The audit trails: the deadline watch's warnings and escalations, each recorded once.
  const escalations: QuarterSummary["escalations"] = {
    dueSoon: 0, l1: 0, l2: 0, l3: 0, l3Disputes: 0, casesWarned: 0, casesL1: 0, casesL2: 0, casesL3: 0, l1ByClock: {},
    placedOnAgenda: 0, meetingDecisions: 0, closedAfterWindow: 0, calendarGaps: 0, repeats: 0, repeatedSteps: 0, casesWithRepeatedSteps: 0,
  };
  // A new lead, a meeting's decision or an approved extension restarts the ladder; nothing else does.
  const LADDER_RESETS = new Set(["transferred", "assigned", "meeting_decision", "extension_approved"]);
  const replacedOverdue: Record<string, number> = {};
  const chains = { verified: 0, valid: 0 };
  const eventsOf = new Map<string, CaseEvent[]>();
  await inPool(cases, concurrency, async (c) => {
    const events = await allEvents(c.id);
    eventsOf.set(c.id, events);
    const verdict = await act<{ valid: boolean }>(`verify ${c.code}`, COORDINATOR, "GET", `/v1/cases/${c.id}/events/verify`);
    if (verdict) {
      chains.verified++;
      if (verdict.valid) chains.valid++;
    }
  });
  for (const c of cases) {
    const events = eventsOf.get(c.id) ?? [];
    const has = { warn: false, l1: false, l2: false, l3: false };
    const steps = new Set<string>();
    let repeated = 0;
    for (const e of events) {
      const level = e.data.level;
      if (LADDER_RESETS.has(e.type)) steps.clear();
      if (e.type === "due_soon" || e.type === "escalated" || e.type === "listed_supervision") {
        const step = `${e.type}:${String(level ?? "")}:${String(e.data.clock ?? e.data.reason ?? "")}`;
        if (steps.has(step)) repeated++;
        steps.add(step);
      }
      if (e.type === "due_soon") { escalations.dueSoon++; has.warn = true; }
      if (e.type === "escalated" && level === 1) {
        escalations.l1++;
        has.l1 = true;
        const clock = String(e.data.clock);
        escalations.l1ByClock[clock] = (escalations.l1ByClock[clock] ?? 0) + 1;
        // A clock restarted after this step and not kept among the case's past clocks would hide the miss.
        const current = c.clocks.find((k) => k.name === clock);
        const kept = (c.pastClocks ?? []).some((k) => k.name === clock && k.startedAt <= e.at);
        if (current && current.startedAt > e.at && !kept) replacedOverdue[clock] = (replacedOverdue[clock] ?? 0) + 1;
      }
      if (e.type === "listed_supervision") { escalations.l2++; has.l2 = true; }
      if (e.type === "escalated" && level === 3) {
        escalations.l3++;
        has.l3 = true;
        if (e.data.reason === "dispute") escalations.l3Disputes++;
      }
      if (e.type === "placed_on_agenda") escalations.placedOnAgenda++;
      if (e.type === "meeting_decision") escalations.meetingDecisions++;
      if (e.type === "closed" && e.actor === "system:sweeper") escalations.closedAfterWindow++;
      if (e.type === "linked_as_repeat") escalations.repeats++;
    }
    escalations.calendarGaps += [...c.clocks, ...(c.pastClocks ?? [])].filter((k) => k.calendarWarning).length;
    escalations.repeatedSteps += repeated;
    escalations.casesWithRepeatedSteps += Number(repeated > 0);
    escalations.casesWarned += Number(has.warn);
    escalations.casesL1 += Number(has.l1);
    escalations.casesL2 += Number(has.l2);
    escalations.casesL3 += Number(has.l3);
    if ((has.l1 || has.l3) && c.leadAgency) agencyRow(c.leadAgency).escalated++;
  }

  const meetings: MeetingSummary[] = [];
  for (const id of meetingIds) {
    const m = await act<Meeting>("read meeting", COORDINATOR, "GET", `/v1/meetings/${id}`);
    if (!m) continue;
    meetings.push({
      id: m.id, title: m.title, scheduledAt: m.scheduledAt, status: m.status, members: m.members, present: m.present,
      agenda: m.agenda.map((i) => ({
        code: i.code, category: i.category, reason: i.reason, decided: !!i.decision,
        ...(i.decision ? { lead: i.decision.lead, cohandlers: i.decision.cohandlers, ...(i.decision.handleDays ? { handleDays: i.decision.handleDays } : {}), ...(i.decision.leader ? { leader: i.decision.leader } : {}) } : {}),
      })),
      sanctions: m.sanctions.map((s) => ({ agency: s.agency, kind: s.kind, reason: s.reason })),
    });
  }
  const lastMeeting = meetingIds.at(-1);
  const lastMinutes = lastMeeting ? (await act<string>("read the minutes", COORDINATOR, "GET", `/v1/meetings/${lastMeeting}/minutes`)) ?? "" : "";

  let bearingSummary: QuarterSummary["bearing"];
  const b = cases.find((c) => c.id === bearing.id);
  if (b) {
    const handleClock = b.clocks.find((k) => k.name === "handle");
    bearingSummary = {
      id: b.id, code: b.code, status: b.status, petitioner: b.petitioner.name, headcount: b.headcount, collective: b.collective,
      ...(b.leadAgency ? { leadAgency: b.leadAgency } : {}), cohandlers: b.cohandlers, ...(b.leader ? { leader: b.leader } : {}),
      ...(b.rating ? { rating: b.rating } : {}),
      clocks: b.clocks.map((k) => ({ name: k.name, state: k.state, dueAt: k.dueAt, ...(k.stoppedAt ? { stoppedAt: k.stoppedAt } : {}), pausedMs: k.pausedMs })),
      handleMet: handleClock?.state === "met",
      repliedOnTime: !!b.outcome && b.outcome.kind === "replied" && !!handleClock && b.outcome.at <= handleClock.dueAt,
      timeline: (eventsOf.get(b.id) ?? []).map((e) => ({ at: stamp(new Date(e.at)), type: e.type, by: `${e.actor}${e.role && e.role !== "system" ? ` (${e.role})` : ""}`, detail: describeEvent(e) })),
    };
  }
  const statsEndpoint = (await client.request("GET", "/v1/stats", COORDINATOR)).status;

  const ordinary = cases.filter((c) => c.id !== bearing.id);
  return {
    from: from.toISOString(), to: slotTime(days - 1).toISOString(), days, seed,
    registered: byId.size,
    cases: {
      total: cases.length, byStatus, byCategory, byChannel,
      collective: cases.filter((c) => c.collective).length,
      declined: cases.filter((c) => c.outcome?.kind === "declined").length,
      repeatsLinked: ordinary.filter((c) => c.repeatOf).length,
      final: byStatus.final ?? 0,
    },
    clocks,
    onTimeAcknowledgeRate: rate(clocks.acknowledge),
    onTimeConclusionRate: rate(clocks.handle),
    replacedOverdue,
    satisfaction,
    escalations,
    byAgency: [...agencies.values()].filter((a) => a.agency !== "bureau").sort((x, y) => y.cases - x.cases || x.agency.localeCompare(y.agency)),
    chains,
    meetings,
    lastMinutes,
    bearing: bearingSummary,
    statsEndpoint,
    problems,
    ticks,
    requests: client.requests,
    ms: { play: playMs, report: performance.now() - reportStarted },
  };

  async function allEvents(id: string): Promise<CaseEvent[]> {
    const events: CaseEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await act<{ items: CaseEvent[]; nextCursor?: string }>("read events", COORDINATOR, "GET", `/v1/cases/${id}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (!page) break;
      events.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return events;
  }
}

async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One line for a timeline: what the event says, never who the petitioner is. */
function describeEvent(e: CaseEvent): string {
  const d = e.data as Record<string, any>;
  const clocks = d.clocks as { met: string[]; overdue: string[]; started: { name: string; dueAt: string }[] } | undefined;
  const local = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR_MS).toISOString().slice(0, 16).replace("T", " ");
  const parts: string[] = [];
  switch (e.type) {
    case "registered": parts.push(`${d.channel}, ${d.category}, ${d.region}, ${d.headcount} ${d.headcount === 1 ? "person" : "people"}${d.collective ? " (collective)" : ""}`); break;
    case "route_requested": case "dispute_resolved": parts.push(`${d.kind} to ${d.to}${d.cohandlers?.length ? ` with ${d.cohandlers.join(", ")}` : ""} (${d.rule})`); break;
    case "transferred": case "assigned": parts.push(`lead ${d.lead}${d.cohandlers?.length ? `, co-handling ${d.cohandlers.join(", ")}` : ""}`); break;
    case "leader_assigned": parts.push(`leader ${d.leader}`); break;
    case "instructed": case "note_added": parts.push(`“${String(d.text).slice(0, 90)}${String(d.text).length > 90 ? "…" : ""}”`); break;
    case "clock_paused": parts.push(`${d.clock} clock paused: ${d.reason}`); break;
    case "clock_resumed": parts.push(`${d.clock} clock resumed after ${(Number(d.pausedMs) / DAY_MS).toFixed(1)} days; due ${local(String(d.dueAt))}`); break;
    case "hearing_held": parts.push(`held ${local(String(d.at))} with ${Number(d.participantCount)} participants`); break;
    case "replied": parts.push(String(d.summary)); break;
    case "rated": parts.push(String(d.rating)); break;
    case "due_soon": parts.push(`${d.clock} due ${local(String(d.dueAt))}`); break;
    case "escalated": parts.push(`L${d.level}${d.clock ? ` on ${d.clock}` : ""}${d.reason ? ` (${d.reason})` : ""}`); break;
    case "listed_supervision": parts.push(`L2 on ${d.clock}`); break;
    case "window_lapsed": parts.push(`${d.clock} window lapsed`); break;
    case "closed": parts.push(String(d.reason ?? "")); break;
    default: break;
  }
  if (clocks?.met.length) parts.push(`met: ${clocks.met.join(", ")}`);
  if (clocks?.overdue.length) parts.push(`overdue: ${clocks.overdue.join(", ")}`);
  if (clocks?.started.length) parts.push(`started: ${clocks.started.map((s) => `${s.name} (due ${local(s.dueAt)})`).join(", ")}`);
  return parts.filter(Boolean).join("; ");
}

// ─── The printed report ───────────────────────────────────────────────────────────────

const pct = (x: number | undefined) => (x === undefined ? "n/a" : `${(x * 100).toFixed(1)} %`);
const duration = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`);

export function formatReport(s: QuarterSummary, run: { mode: string; bootMs: number; totalMs: number }): string {
  const out: string[] = [];
  const line = (text = "") => out.push(text);
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR_MS).toISOString().slice(0, 10);
  line(`Demo County (示例县): one quarter, ${day(s.from)} → ${day(s.to)} (${s.days} days, seed ${s.seed})`);
  line(`Runtime: ${run.mode}`);
  line();
  line(`Cases registered this run: ${s.registered} (the bearing-factory case and ${s.registered - 1} ordinary; ${s.cases.collective} collective)`);
  line(`  by status    ${Object.entries(s.cases.byStatus).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(" · ")}   (sum ${Object.values(s.cases.byStatus).reduce((a, b) => a + b, 0)})`);
  line(`  by category  ${Object.entries(s.cases.byCategory).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(" · ")}`);
  line(`  by channel   ${Object.entries(s.cases.byChannel).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(" · ")}`);
  line(`  declined ${s.cases.declined} · repeat petitions linked ${s.cases.repeatsLinked} · final after re-review ${s.cases.final}`);
  line();
  line("Clocks on the cases                met  overdue  running");
  for (const name of ["route", "acknowledge", "object", "handle", "report_back", "review_window", "review", "re_review_window", "re_review"] as ClockName[]) {
    const t = s.clocks[name];
    if (t) line(`  ${name.padEnd(30)} ${String(t.met).padStart(5)} ${String(t.overdue).padStart(8)} ${String(t.running).padStart(8)}`);
  }
  line(`  on-time acknowledge rate (按期受理率)  ${pct(s.onTimeAcknowledgeRate)}`);
  line(`  on-time conclusion rate (按期办结率)   ${pct(s.onTimeConclusionRate)}`);
  const replaced = Object.entries(s.replacedOverdue);
  if (replaced.length) line(`  not in these tallies: ${replaced.map(([k, v]) => `${v} ${k}`).join(", ")} clock(s) that went overdue and were replaced when a meeting re-routed the case`);
  line(`  satisfaction (满意率) ${pct(s.satisfaction.rate)} of ${s.satisfaction.rated} rated: satisfied ${s.satisfaction.satisfied}, basically ${s.satisfaction.basically}, not ${s.satisfaction.unsatisfied}`);
  line();
  const e = s.escalations;
  line("Deadline watch (from the cases' audit trails)");
  line(`  due-soon warnings          ${String(e.dueSoon).padStart(4)}  (${e.casesWarned} cases)`);
  line(`  L1 overdue alerts          ${String(e.l1).padStart(4)}  (${e.casesL1} cases; ${Object.entries(e.l1ByClock).map(([k, v]) => `${k} ${v}`).join(", ") || "none"})`);
  line(`  L2 listed supervision      ${String(e.l2).padStart(4)}  (${e.casesL2} cases)`);
  line(`  L3 to the joint meeting    ${String(e.l3).padStart(4)}  (${e.casesL3} cases; ${e.l3Disputes} unresolved disputes)`);
  line(`  placed on an agenda ${e.placedOnAgenda} · meeting decisions ${e.meetingDecisions} · closed when the review window passed ${e.closedAfterWindow} · clocks counted without calendar data ${e.calendarGaps}`);
  line(e.repeatedSteps
    ? `  each step once? NO: ${e.repeatedSteps} warnings or ladder steps recorded again on ${e.casesWithRepeatedSteps} cases with no re-routing between`
    : "  each step once: yes");
  line(`  audit chains verified: ${s.chains.valid} valid of ${s.chains.verified}`);
  line();
  line("By agency (lead now; clocks by owner)   cases  ack met/overdue  handle met/overdue  escalated");
  for (const a of s.byAgency) {
    line(`  ${a.agency.padEnd(38)} ${String(a.cases).padStart(5)}  ${`${a.ackMet}/${a.ackOverdue}`.padStart(15)}  ${`${a.handleMet}/${a.handleOverdue}`.padStart(18)}  ${String(a.escalated).padStart(9)}`);
  }
  line();
  line("Joint meetings (联席会议)");
  for (const m of s.meetings) {
    const reasons = m.agenda.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.reason]: (acc[i.reason] ?? 0) + 1 }), {});
    line(`  ${m.title}`);
    line(`    ${day(m.scheduledAt)}, ${m.status}; ${m.agenda.length} agenda items (${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}), ${m.agenda.filter((i) => i.decided).length} decided`);
    for (const i of m.agenda) {
      line(`    - ${i.code} ${i.category} [${i.reason}] → ${i.decided ? `lead ${i.lead}${i.cohandlers?.length ? ` with ${i.cohandlers.join(", ")}` : ""}${i.handleDays ? `, ${i.handleDays} days` : ""}${i.leader ? `, leader ${i.leader}` : ""}` : "not decided"}`);
    }
    for (const x of m.sanctions) line(`    sanction: ${x.kind} of ${x.agency}: ${x.reason}`);
  }
  if (s.lastMinutes) {
    line();
    line("Minutes of the last meeting (GET /v1/meetings/{id}/minutes):");
    line(s.lastMinutes.trimEnd().split("\n").map((l) => `  │ ${l}`).join("\n"));
  }
  line();
  const b = s.bearing;
  if (b) {
    line(`The bearing-factory case ${b.code}: ${b.status}; petitioner ${b.petitioner} and others (${b.headcount} people${b.collective ? ", collective" : ""})`);
    line(`  lead ${b.leadAgency ?? "-"}${b.cohandlers.length ? ` with ${b.cohandlers.join(", ")}` : ""}; owned by ${b.leader ?? "no leader"}; rating ${b.rating ?? "none"}; handle clock ${b.handleMet ? "met" : "NOT met"}`);
    line(`  clocks: ${b.clocks.map((k) => `${k.name} ${k.state}${k.pausedMs ? ` (paused ${(k.pausedMs / DAY_MS).toFixed(1)} d)` : ""}`).join(", ")}`);
    line("  timeline:");
    for (const t of b.timeline) line(`    ${t.at}  ${t.type.padEnd(22)} ${t.by.padEnd(34)} ${t.detail}`);
  } else {
    line("The bearing-factory case was not registered (see the unexpected answers below).");
  }
  line();
  line(`GET /v1/stats answered ${s.statsEndpoint}${s.statsEndpoint === 404 ? " (not built yet): the figures above are computed from the cases and their events" : ""}.`);
  if (s.problems.length) {
    line(`Unexpected answers (${s.problems.length}):`);
    for (const p of s.problems.slice(0, 40)) line(`  ${p.at}  ${p.status}  ${p.what}: ${p.detail}`);
    if (s.problems.length > 40) line(`  … and ${s.problems.length - 40} more`);
  } else {
    line("Unexpected answers: none.");
  }
  line();
  line(`Took ${duration(run.totalMs)}: start ${duration(run.bootMs)}, the quarter ${duration(s.ms.play)} (${s.days} days, ${s.ticks} ticks), the report ${duration(s.ms.report)}; ${s.requests} API calls.`);
  return `${out.join("\n")}\n`;
}

// ─── The command line ─────────────────────────────────────────────────────────────────

const LocalSettings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CASEBRIDGE_DATA_DIR: z.string().min(1).default(".data"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
});

interface Runtime {
  mode: string;
  client: DemoClient;
  stop(): Promise<void>;
}

async function answersOn(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1500) });
    return res.ok && ((await res.json()) as { status?: string }).status === "ok";
  } catch {
    return false;
  }
}

async function openRuntime(settings: z.infer<typeof LocalSettings>): Promise<Runtime> {
  const base = `http://127.0.0.1:${settings.PORT}`;
  if (await answersOn(base)) {
    const clock = await fetch(`${base}/dev/clock`).catch(() => undefined);
    if (!clock?.ok) throw new Error(`The Casebridge on ${base} has no /dev routes (it answered ${clock?.status ?? "nothing"}): the demo drives only a local runtime.`);
    return { mode: `the Casebridge already running on ${base} (over HTTP)`, client: fetchClient((path, init) => fetch(`${base}${path}`, init)), stop: async () => undefined };
  }
  const dataDir = resolve(settings.CASEBRIDGE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const { tokenSecret, keys } = keptSecrets(dataDir);
  const clockFile = kept(dataDir, "clock-offset-ms", () => "0");
  const endpoints: Endpoint[] = [];
  const stopEndpoints = async () => { for (const e of endpoints.reverse()) await e.stop(); };
  try {
    if (!settings.DYNAMODB_ENDPOINT) endpoints.push(await startDynamoLocal(resolve(dataDir, "dynamodb")));
    const dynamodb = settings.DYNAMODB_ENDPOINT ?? endpoints[0]!.url;
    if (!settings.SQS_ENDPOINT) endpoints.push(await startSqsEmulator());
    const sqs = settings.SQS_ENDPOINT ?? endpoints.at(-1)!.url;
    const stack = await createLocalStack({
      dynamodbEndpoint: dynamodb, sqsEndpoint: sqs, tableName: "casebridge", queuePrefix: "casebridge",
      secret: tokenSecret, keys, clock: new ControlledClock(Number(clockFile.value) || 0),
      onClockChange: (offset) => clockFile.save(String(offset)),
    });
    // Entries left pending by an earlier run are re-sent at once, as `npm start` does.
    await stack.relay();
    return {
      mode: `embedded in this process (no Casebridge on ${base}); data in ${dataDir}`,
      client: fetchClient(async (path, init) => stack.app.request(path, init)),
      async stop() {
        await stack.stop();
        await stopEndpoints();
      },
    };
  } catch (err) {
    await stopEndpoints();
    throw err;
  }
}

function progressBar(stream: NodeJS.WriteStream) {
  let lastTenth = -1;
  const started = performance.now();
  return {
    update(done: number, total: number, label: string) {
      const share = total ? done / total : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const text = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  day ${done}/${total}  ${label}  ${duration(performance.now() - started)}`;
      if (stream.isTTY) {
        stream.write(`\r${text}\x1b[K`);
      } else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        stream.write(`${text}\n`);
      }
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r${message}\x1b[K\n` : `${message}\n`);
    },
  };
}

export function parseDemoArgs(argv: string[]): QuarterOptions {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: "string" }, cases: { type: "string" }, seed: { type: "string" }, concurrency: { type: "string" } },
    strict: true,
  });
  const options: QuarterOptions = {};
  if (values.from) {
    const from = new Date(/^\d{4}-\d{2}-\d{2}$/.test(values.from) ? `${values.from}T09:00:00+08:00` : values.from);
    if (Number.isNaN(from.getTime())) throw new Error(`--from ${values.from}: give a date such as 2026-10-01 or an ISO date-time.`);
    options.from = from;
  }
  const count = (name: string, text: string | undefined, min: number, max: number) => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`--${name} ${text}: give a whole number from ${min} to ${max}.`);
    return v;
  };
  const cases = count("cases", values.cases, 0, 20_000);
  const seed = count("seed", values.seed, 0, 2 ** 32 - 1);
  const concurrency = count("concurrency", values.concurrency, 1, 64);
  return { ...(cases !== undefined ? { cases } : {}), ...(seed !== undefined ? { seed } : {}), ...(concurrency !== undefined ? { concurrency } : {}), ...options };
}

async function main() {
  const started = performance.now();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // The progress bar and the report are the output: only errors from the handlers.
  if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel("ERROR");
  const options = parseDemoArgs(process.argv.slice(2));
  const parsed = LocalSettings.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Setting ${String(issue.path[0])} is not valid (${issue.message}).`);
  }
  const runtime = await openRuntime(parsed.data);
  const bootMs = performance.now() - started;
  const bar = progressBar(process.stderr);
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    process.stderr.write("\nStopping after this day; Ctrl-C again to quit at once.\n");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.stderr.write(`Playing a quarter of Demo County against ${runtime.mode}\n`);
    const summary = await playQuarter(runtime.client, { ...options, signal: abort.signal, onProgress: (d, t, label) => bar.update(d, t, label) });
    bar.done(`Played ${summary.days} days; reading the outcome took ${duration(summary.ms.report)}.`);
    process.stdout.write(formatReport(summary, { mode: runtime.mode, bootMs, totalMs: performance.now() - started }));
  } finally {
    await runtime.stop();
  }
}

const executedDirectly = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (executedDirectly) {
  main().then(() => process.exit(0), (err: Error) => {
    console.error(err instanceof MissingJavaError ? err.message : `The demo could not run: ${err.message}`);
    process.exit(1);
  });
}
