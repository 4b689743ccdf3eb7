// Registering a petition (登记): the new case with its route clock, marked collective when
// enough people bring it, and checked against the petitioner's earlier cases on the same
// matter: a matter already re-reviewed is recorded and not accepted; an open one is offered
// to the bureau as a repeat petition, which `link-repeat` joins to it.
import { DAY_MS } from "../durations.js";
import { ForbiddenError, RuleViolationError } from "../errors.js";
import { BUREAU } from "./access.js";
import { finish } from "./audit.js";
import type { DecideContext, Decision } from "./decide.js";
import { startClock } from "./deadlines.js";
import type { Effects } from "./effects.js";
import { BUREAU_STAFF, TERMINAL_STATUSES } from "./lifecycle.js";
import { defaultHotspotRules, type HotspotRules } from "./hotspots.js";
import type { Case, EventDraft, Notification, OutboxEntry } from "./model.js";

export interface RegisterInput {
  channel: Case["channel"];
  receivedAt?: string;
  petitioner: Case["petitioner"];
  headcount?: number;
  category: string;
  region: string;
  title: string;
  description: string;
  respondent?: Case["respondent"];
  /** Filed through a client app (Open311): set by the facade, never by a /v1 body. */
  submission?: Case["submission"];
}

/** People on one matter from whom a petition counts as collective (集体访). */
export const COLLECTIVE_HEADCOUNT = 5;

export interface PriorPetitions {
  /** The petitioner's keyed ID hash, when an ID number was given. */
  petitionerKey?: string;
  /** Earlier cases of the same petitioner in the same category. */
  earlier: readonly Case[];
}

/**
 * A petitioner whose matter keeps returning: this petition and the same person's earlier
 * ones in the category within the window reach the rule's number, or the matter was final.
 * The bureau's coordinators are told by case ids only — the keyed hash that linked them stays
 * on the cases, and nothing of the person is in the notice.
 */
function repeatNotice(
  created: Case,
  sameMatter: readonly Case[],
  afterFinal: boolean,
  ctx: Pick<DecideContext, "newId" | "now">,
  rules: Pick<HotspotRules, "repeatPetitions" | "repeatWithinDays">,
): OutboxEntry[] {
  const since = Date.parse(created.receivedAt) - rules.repeatWithinDays * DAY_MS;
  // The final case is named however long ago it was: it is why the new petition is not accepted.
  const recent = sameMatter
    .filter((e) => Date.parse(e.receivedAt) >= since || e.status === "final")
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  if (!afterFinal && recent.length + 1 < rules.repeatPetitions) return [];
  const n: Notification = {
    id: ctx.newId(),
    type: "repeat_petitioner",
    caseId: created.id,
    agency: BUREAU,
    roles: ["coordinator"],
    level: 0,
    at: ctx.now.toISOString(),
    repeat: {
      category: created.category,
      caseIds: [...recent.map((e) => e.id), created.id],
      withinDays: rules.repeatWithinDays,
      afterFinal,
    },
  };
  return [{ id: n.id, queue: "notifications", caseId: created.id, body: { ...n } }];
}

export function registerCase(
  input: RegisterInput,
  ctx: DecideContext,
  prior: PriorPetitions = { earlier: [] },
  rules: Pick<HotspotRules, "repeatPetitions" | "repeatWithinDays"> = defaultHotspotRules,
): Decision {
  if (!BUREAU_STAFF.some((r) => ctx.actor.roles.includes(r)) || ctx.actor.agency !== BUREAU) {
    throw new ForbiddenError(
      "Only the petition bureau's intake officers and coordinators register petitions.",
    );
  }
  const { reference } = ctx;
  if (!reference.categories.has(input.category))
    throw new RuleViolationError("known-category", `Unknown category "${input.category}".`);
  if (!reference.regions.has(input.region))
    throw new RuleViolationError("known-region", `Unknown region "${input.region}".`);
  if (input.respondent?.agency && !reference.agencies.has(input.respondent.agency)) {
    throw new RuleViolationError("known-agency", `Unknown respondent agency "${input.respondent.agency}".`);
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : ctx.now;
  if (receivedAt > ctx.now)
    throw new RuleViolationError("received-not-in-future", "receivedAt lies in the future.");

  const id = ctx.newId();
  const headcount = input.headcount ?? 1;
  const role = ctx.actor.roles.find((r) => BUREAU_STAFF.includes(r))!;
  const now = ctx.now.toISOString();
  const sameMatter = prior.earlier.filter((e) => e.category === input.category && e.id !== id);
  const finalCase = sameMatter.find((e) => e.status === "final");
  const open = sameMatter.filter((e) => !TERMINAL_STATUSES.has(e.status)).map((e) => e.id);

  const created: Case = {
    id,
    code: `XF${now.slice(0, 10).replaceAll("-", "")}-${id.slice(-6)}`,
    status: "registered",
    channel: input.channel,
    receivedAt: receivedAt.toISOString(),
    category: input.category,
    region: input.region,
    title: input.title,
    description: input.description,
    petitioner: input.petitioner,
    headcount,
    collective: headcount >= COLLECTIVE_HEADCOUNT,
    ...(input.respondent ? { respondent: input.respondent } : {}),
    ...(input.submission ? { submission: input.submission } : {}),
    cohandlers: [],
    involved: [BUREAU],
    clocks: [],
    escalation: { level: 0, supervised: false },
    hearings: [],
    repeatCandidates: finalCase ? [] : open,
    ...(prior.petitionerKey ? { petitionerKey: prior.petitionerKey } : {}),
    version: 0,
    lastSeq: 0,
    lastHash: "",
    createdAt: now,
    updatedAt: now,
  };
  // Event data carries no petitioner identity: the audit trail is shown to every party.
  const registered: EventDraft = {
    type: "registered",
    data: {
      status: "registered",
      channel: created.channel,
      category: created.category,
      region: created.region,
      headcount,
      collective: created.collective,
      respondentAgency: created.respondent?.agency,
      // The app by its id: the trail shows where the petition came from, nothing it sent.
      ...(input.submission ? { via: input.submission.via, client: input.submission.client } : {}),
      ...(open.length && !finalCase ? { repeatCandidates: open } : {}),
    },
  };
  const outbox = repeatNotice(created, sameMatter, finalCase !== undefined, ctx, rules);
  if (finalCase) {
    // Art. 36: a matter re-reviewed is final; a new petition on it is recorded, not accepted.
    created.status = "closed";
    created.repeatOf = finalCase.id;
    return finish(
      undefined,
      created,
      [
        registered,
        {
          type: "not_accepted",
          data: {
            status: "closed",
            repeatOf: finalCase.id,
            basis: "信访工作条例 Art. 36: the matter has been re-reviewed and is final",
          },
        },
      ],
      outbox,
      ctx,
      role,
    );
  }
  const { clock } = startClock(ctx.policy, "route", BUREAU, receivedAt);
  created.clocks.push(clock);
  registered.data.clocks = { met: [], overdue: [], started: [{ name: "route", dueAt: clock.dueAt }] };
  return finish(undefined, created, [registered], outbox, ctx, role);
}

export const registrationEffects: Effects<"link-repeat"> = {
  /** A repeat petition on an open matter closes into the earlier case, under its clocks. */
  "link-repeat"(c, input, ctx) {
    const earlier = ctx.related;
    if (!earlier || earlier.id !== input.caseId || earlier.id === c.id)
      throw new RuleViolationError("repeat-of-known-case", `No case ${input.caseId} to link to.`);
    if (TERMINAL_STATUSES.has(earlier.status))
      throw new RuleViolationError("repeat-of-open-case", "A repeat petition links to an open case.");
    if (!c.petitionerKey || earlier.petitionerKey !== c.petitionerKey || earlier.category !== c.category) {
      throw new RuleViolationError(
        "repeat-same-petitioner-and-matter",
        "A repeat petition comes from the same petitioner in the same category.",
      );
    }
    c.repeatOf = earlier.id;
    return {
      event: "linked_as_repeat",
      data: { repeatOf: earlier.id, note: "handled under the earlier case's clock" },
    };
  },
};
