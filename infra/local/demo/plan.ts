// The plan of the ordinary cases: every case's day, fate and pace drawn up front from the
// seed, so that a seed repeats a run. Rare fates are dealt first so that even a small run
// shows every path: late, never acknowledged, declined, objected, disputed, repeated.
import type { Caller } from "./client.js";
import {
  CATEGORIES,
  CHANNELS,
  COORDINATOR,
  GIVEN,
  INTAKE,
  MATTERS,
  REGION_ZH,
  REGIONS,
  SURNAMES,
  defaultRoute,
} from "./county.js";
import { Dice } from "./dice.js";

/** What the receiving agency does: acknowledge on time, near the end, late, never; decline; object. */
export type Fate =
  | "ontime"
  | "warned"
  | "late"
  | "never"
  | "declined"
  | "objected"
  | "disputed"
  | "flagged"
  | "repeat";
/** How the handling goes once accepted. */
export type Handling = "ontime" | "paused" | "extension" | "late" | "open";

export interface CasePlan {
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
  review?: {
    requestAfter: number;
    opinionAfter: number;
    decision: "upheld" | "changed";
    reReview?: { requestAfter: number; opinionAfter: number };
  };
  /** After a joint meeting's decision or a resolved dispute: the new lead's pace. */
  /** When the new lead acknowledges and replies after a meeting's decision, in days. */
  afterDecision: { ackAfter: number; replyAfter: number };
  repeatOf?: number;
}

/** A made-up petitioner of the region; identity details are left out as often as people leave them out. */
function petitioner(dice: Dice, region: string) {
  const name = dice.pick(SURNAMES) + dice.pick(GIVEN) + (dice.chance(0.6) ? dice.pick(GIVEN) : "");
  const birth = `${dice.int(1950, 2000)}${String(dice.int(1, 12)).padStart(2, "0")}${String(dice.int(1, 28)).padStart(2, "0")}`;
  const id = `4101${dice.digits(2)}${birth}${dice.digits(3)}${dice.chance(0.1) ? "X" : dice.digits(1)}`;
  return {
    name,
    ...(dice.chance(0.8) ? { idNumber: id } : {}),
    ...(dice.chance(0.7) ? { phone: `1${dice.pick(["38", "39", "59", "86", "77"])}${dice.digits(8)}` } : {}),
    ...(dice.chance(0.5)
      ? {
          address: `示例县${REGION_ZH[region]}${dice.pick(["幸福路", "建设街", "人民路", "滨河路", "新村"])}${dice.int(1, 200)}号`,
        }
      : {}),
  };
}

/** How many cases meet each fate, before shuffling. */
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

/** `n` ordinary cases over `days` days; `workday` moves a day on to the next working day. */
export function planCases(n: number, days: number, seed: number, workday: (d: number) => number): CasePlan[] {
  const dice = new Dice(seed);
  const fates = dice.shuffle(quotas(n));
  const plans: CasePlan[] = [];
  const last = Math.max(0, days - 6);
  const dayFor = (fate: Fate): number => {
    switch (fate) {
      case "never":
        return dice.int(0, Math.min(40, last));
      case "disputed":
        return dice.int(0, Math.max(0, Math.min(70, days - 22)));
      case "late":
        return dice.int(0, Math.max(0, days - 35));
      case "flagged":
        return dice.int(Math.min(10, last), Math.min(28, last));
      default:
        return dice.int(0, last);
    }
  };
  for (let i = 0; i < n; i++) {
    const fate = fates[i]!;
    // A laggard: most late and never-acknowledged cases sit with the housing bureau.
    const laggard = (fate === "late" || fate === "never") && dice.chance(0.5);
    let category = laggard ? "housing-demolition" : dice.weighted(CATEGORIES);
    if (fate === "flagged") category = "land-acquisition";
    if (fate === "disputed" || fate === "objected")
      category = dice.pick(["labor-social-security", "environment", "health", "housing-demolition"]);
    const region = dice.weighted(REGIONS);
    const channel = dice.weighted(CHANNELS);
    const collective = fate === "flagged" || dice.chance(0.06);
    const headcount = collective ? dice.int(5, 40) : dice.chance(0.15) ? dice.int(2, 4) : 1;
    // A few complain about the agency that would otherwise handle them: the county government takes those.
    const respondent = fate === "ontime" && dice.chance(0.04) ? defaultRoute(category)?.lead : undefined;
    const byCoordinator = dice.chance(0.12) && fate === "ontime";
    const route: CasePlan["route"] =
      category === "other" || respondent
        ? { kind: "transfer", to: respondent ? "gov" : dice.pick(["gov", "housing", "natres"]) }
        : byCoordinator
          ? { kind: "assign", reportBackDays: 30 }
          : { kind: "transfer" };
    const lead = route.to ?? defaultRoute(category)!.lead;
    const matter = dice.pick(MATTERS[category]!);
    const handling: Handling =
      fate === "flagged"
        ? "open"
        : fate === "late" || route.kind === "assign"
          ? "ontime"
          : dice.weighted<Handling>([
              ["ontime", 80],
              ["paused", 4],
              ["extension", 4],
              ["late", 6],
              ["open", 6],
            ]);
    const rating = dice.chance(0.75)
      ? dice.weighted<NonNullable<CasePlan["rating"]>>([
          ["satisfied", 65],
          ["basically_satisfied", 25],
          ["unsatisfied", 10],
        ])
      : undefined;
    const reviewed = dice.chance(rating === "unsatisfied" ? 0.6 : 0.07);
    const plan: CasePlan = {
      n: i + 1,
      day: workday(dayFor(fate)),
      fate,
      handling,
      category,
      collective,
      route,
      lead,
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
        ...(respondent
          ? { respondent: { agency: respondent, official: "the section chief in charge" } }
          : {}),
      },
      ackAfter:
        fate === "warned"
          ? dice.int(13, 15)
          : fate === "late"
            ? dice.int(16, 27)
            : route.kind === "assign"
              ? dice.int(1, 5)
              : dice.int(1, 10),
      objectAfter: dice.int(1, 2),
      resolveAfter: dice.int(1, 3),
      replyAfter:
        handling === "late"
          ? dice.int(62, 70)
          : handling === "extension"
            ? dice.int(64, 80)
            : route.kind === "assign"
              ? dice.int(5, 18)
              : dice.int(6, 45),
      pauseAfter: dice.int(2, 5),
      pauseDays: dice.int(3, 8),
      extensionAfter: dice.int(35, 45),
      ...(rating ? { rating } : {}),
      rateAfter: dice.int(1, 4),
      ...(reviewed
        ? {
            review: {
              requestAfter: dice.int(3, 20),
              opinionAfter: dice.int(5, 25),
              decision: dice.chance(0.8) ? ("upheld" as const) : ("changed" as const),
              ...(dice.chance(0.3)
                ? { reReview: { requestAfter: dice.int(3, 15), opinionAfter: dice.int(5, 20) } }
                : {}),
            },
          }
        : {}),
      afterDecision: { ackAfter: dice.int(1, 2), replyAfter: dice.int(5, 14) },
    };
    if (plan.handling === "paused")
      plan.replyAfter = Math.max(plan.replyAfter, plan.pauseAfter + plan.pauseDays + 3);
    plans.push(plan);
  }
  // A repeat petition (重复信访): the same person on the same matter while the first case is open.
  for (const p of plans.filter((x) => x.fate === "repeat")) {
    const original = plans.find(
      (o) =>
        o.fate === "ontime" &&
        !o.respondent &&
        o.handling === "ontime" &&
        o.day < days - 10 &&
        o.replyAfter >= 20 &&
        o.registration.petitioner &&
        (o.registration.petitioner as { idNumber?: string }).idNumber &&
        !plans.some((x) => x.repeatOf === o.n),
    );
    if (!original) {
      p.fate = "ontime";
      continue;
    }
    p.repeatOf = original.n;
    p.day = workday(original.day + 3);
    p.category = original.category;
    p.registration = {
      ...original.registration,
      channel: "phone",
      title: `${String(original.registration.title)} — again`,
      headcount: 1,
    };
  }
  return plans;
}
