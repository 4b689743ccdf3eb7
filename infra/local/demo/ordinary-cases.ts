// The ordinary cases' steps, each following its plan: registered and routed, then
// acknowledged on time, late or never, declined, objected to, or disputed; handled with a
// pause or an extension; replied to, rated, and now and then appealed up to re-review.
import { ALTERNATE, COORDINATOR, INTAKE, handlerOf, headOf, superiorOf } from "./county.js";
import type { CasePlan } from "./plan.js";
import type { CaseState, QuarterScript } from "./script.js";

/** Scripts each planned case's registration on its day; the rest follows as it plays. */
export function scriptOrdinaryCases(script: QuarterScript, plans: readonly CasePlan[]): void {
  const byPlan = new Map<number, CaseState>();
  for (const p of plans) byPlan.set(p.n, { plan: p, key: `case-${p.n}`, gen: 0 });
  for (const s of byPlan.values()) script.at(s.plan!.day, s.key, () => register(script, s, byPlan));
}

async function register(
  script: QuarterScript,
  s: CaseState,
  byPlan: ReadonlyMap<number, CaseState>,
): Promise<void> {
  const p = s.plan!;
  const c = await script.act(`register case ${p.n}`, INTAKE, "POST", "/v1/cases", p.registration, {
    "idempotency-key": `demo-${script.runId}-${p.n}`,
  });
  if (!c) return;
  script.track(s, c);
  if (p.fate === "repeat") {
    // A repeat petition (重复信访) is handled under the open case it repeats.
    const original = byPlan.get(p.repeatOf!);
    if (original?.id && c.repeatCandidates.includes(original.id)) {
      await script.command(s, "link-repeat", INTAKE, { caseId: original.id });
    } else {
      script.problem(
        `repeat petition ${c.code}`,
        201,
        `registered without the open case ${original?.code ?? "?"} among its repeat candidates`,
      );
    }
    return;
  }
  if (!(await script.command(s, "route", p.routeBy, p.route))) return;
  s.lead = p.lead;
  followFate(script, s, script.today);
}

/** What the receiving agency does with a case routed on `day`. */
function followFate(script: QuarterScript, s: CaseState, day: number): void {
  const p = s.plan!;
  switch (p.fate) {
    case "never":
      return;
    case "declined":
      script.onCase(s, day + p.ackAfter, async () => {
        await script.command(s, "decline", handlerOf(s.lead!), {
          reason: "The matter is before the county court; it is to be settled there.",
          basis:
            "信访工作条例 Art. 31(1): matters for litigation, arbitration or administrative reconsideration go to those procedures",
        });
      });
      return;
    case "objected":
    case "disputed":
      script.onCase(s, day + p.objectAfter, async () => {
        if (
          !(await script.command(s, "object", handlerOf(s.lead!), {
            reason: `Not ours: the matter belongs to ${ALTERNATE[p.category]}.`,
          }))
        )
          return;
        if (p.fate === "disputed") return; // left for the joint meeting
        script.onCase(s, script.today + p.resolveAfter, async () => {
          const to = ALTERNATE[p.category] === s.lead ? "gov" : ALTERNATE[p.category]!;
          if (!(await script.command(s, "resolve-dispute", COORDINATOR, { to, kind: "transfer" }))) return;
          s.gen++;
          s.lead = to;
          receive(script, s, script.today + p.afterDecision.ackAfter + 1);
        });
      });
      return;
    case "flagged":
      script.onCase(s, day + 1, async () => {
        await script.command(s, "flag-joint-handling", COORDINATOR, {
          note: "Compensation and resettlement housing together: natres and housing at the joint meeting (会办).",
        });
      });
      receive(script, s, day + p.ackAfter);
      return;
    default:
      receive(script, s, day + p.ackAfter);
  }
}

/** The lead acknowledges on `ackDay`, then handles the case. */
function receive(script: QuarterScript, s: CaseState, ackDay: number): void {
  script.onCase(s, ackDay, async () => {
    if (await script.command(s, "acknowledge", handlerOf(s.lead!))) handle(script, s, script.today);
  });
}

/** Handling after acknowledgement on `ackDay`: a pause or an extension as planned, then the reply. */
function handle(script: QuarterScript, s: CaseState, ackDay: number): void {
  const p = s.plan!;
  const agency = () => s.lead!;
  switch (p.handling) {
    case "open":
      return;
    case "paused":
      script.onCase(s, ackDay + p.pauseAfter, async () => {
        if (
          !(await script.command(s, "pause", handlerOf(agency()), {
            reason: "awaiting_petitioner",
            note: "Waiting for the petitioner's receipts.",
          }))
        )
          return;
        script.onCase(s, script.today + p.pauseDays, async () => {
          await script.command(s, "resume", handlerOf(agency()));
        });
      });
      break;
    case "extension":
      script.onCase(s, ackDay + p.extensionAfter, async () => {
        if (
          !(await script.command(s, "request-extension", handlerOf(agency()), {
            days: 30,
            reason: "An on-site appraisal by a qualified body is needed; the petitioner is told why.",
          }))
        )
          return;
        script.onCase(s, script.today + 1, async () => {
          await script.command(s, "approve-extension", headOf(agency()), { approve: true });
        });
      });
      break;
    default:
      break;
  }
  script.onCase(s, ackDay + p.replyAfter, async () => {
    const replier = p.n % 3 === 0 ? headOf(agency()) : handlerOf(agency());
    if (
      await script.command(s, "reply", replier, {
        summary: `Answered: ${String(p.registration.title).replace(/ \(.*$/, "")}`,
        text: "The agency has looked into the matter and answers in writing; the petitioner may ask for a review within 30 days.",
      })
    ) {
      afterReply(script, s, script.today);
    }
  });
}

/** After a reply on `replyDay`: the petitioner's rating, and a review (复查) and re-review (复核) if planned. */
export function afterReply(script: QuarterScript, s: CaseState, replyDay: number): void {
  const p = s.plan!;
  if (p.rating)
    script.onCase(s, replyDay + p.rateAfter, async () => {
      await script.command(s, "rate", INTAKE, { rating: p.rating });
    });
  const review = p.review;
  if (!review) return;
  const reviewer = superiorOf(s.lead!);
  if (!reviewer) return;
  script.onCase(s, replyDay + review.requestAfter, async () => {
    if (
      !(await script.command(s, "request-review", INTAKE, {
        reason:
          "The petitioner finds the reply does not settle the matter and asks the superior agency to review it (复查).",
      }))
    )
      return;
    script.onCase(s, script.today + review.opinionAfter, async () => {
      if (
        !(await script.command(s, "review-opinion", handlerOf(reviewer), {
          decision: review.decision,
          text:
            review.decision === "upheld"
              ? "The reply is lawful and appropriate; it stands."
              : "The reply is changed: the agency is to pay the difference within 30 days.",
        }))
      )
        return;
      const re = review.reReview;
      const reReviewer = superiorOf(reviewer);
      // Only a review by the county government goes on up, to the city (复核).
      if (!re || reviewer !== "gov" || !reReviewer) return;
      script.onCase(s, script.today + re.requestAfter, async () => {
        if (
          !(await script.command(s, "request-re-review", INTAKE, {
            reason: "The petitioner asks the city government to re-review (复核).",
          }))
        )
          return;
        script.onCase(s, script.today + re.opinionAfter, async () => {
          await script.command(s, "re-review-opinion", handlerOf(reReviewer), {
            decision: "upheld",
            text: "The review opinion stands; the matter is final (三级终结).",
          });
        });
      });
    });
  });
}
