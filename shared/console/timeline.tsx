// The timeline: the case's audit trail in order, each event in words — what happened, when,
// by whom at which agency — with the facts it records (a reason, a new lead, a clock
// started) by name rather than as JSON, and whether the hash chain verifies end to end.
import type { ChainVerdict } from "../domain/audit.js";
import type { CaseEvent, ClockName } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, categoryName, type Lang } from "./language.js";
import { localDateTime } from "./local-time.js";

export interface TimelineView {
  t: Catalogue;
  lang: Lang;
  reference: Reference;
  timeZone: string;
}

type Fields = Catalogue["fields"];

/** The facts shown, in this order; the rest (ids, hashes, bookkeeping) stays in the API's trail. */
const SHOWN = [
  "kind",
  "to",
  "lead",
  "cohandlers",
  "agency",
  "reviewer",
  "reReviewer",
  "leader",
  "decision",
  "approve",
  "rating",
  "days",
  "clock",
  "level",
  "at",
  "dueAt",
  "participantCount",
  "channel",
  "category",
  "headcount",
  "respondentAgency",
  "repeatOf",
  "summary",
  "reason",
  "reasonForPetitioner",
  "basis",
  "note",
  "text",
  "outcome",
] as const;

const AGENCIES = new Set(["to", "lead", "agency", "reviewer", "reReviewer", "respondentAgency"]);
const TEXTS = new Set(["summary", "reason", "reasonForPetitioner", "basis", "note", "text", "outcome"]);

function factValue(key: string, value: unknown, e: CaseEvent, view: TimelineView): string {
  const { t, lang, reference } = view;
  const pick = <T extends Record<string, string>>(names: T) =>
    names[String(value) as keyof T] ?? String(value);
  if (AGENCIES.has(key)) return agencyName(reference, String(value), lang);
  if (key === "cohandlers")
    return Array.isArray(value) && value.length
      ? value.map((a) => agencyName(reference, String(a), lang)).join(t.listSeparator)
      : t.none;
  if (key === "kind") return pick(t.routeKinds);
  if (key === "clock") return pick(t.clockNames);
  // A pause's reason is one of the reasons a clock may pause for, not words of its own.
  if (key === "reason" && e.type === "clock_paused") return pick(t.pauseReasons);
  if (key === "decision") return pick(t.opinions);
  if (key === "rating") return pick(t.ratings);
  if (key === "approve") return pick(t.approvals);
  if (key === "channel") return pick(t.channels);
  if (key === "category") return categoryName(reference, String(value), lang);
  if (key === "level") return t.notifications.level(Number(value));
  if (key === "at" || key === "dueAt") return localDateTime(String(value), view.timeZone);
  return String(value);
}

function factLabel(key: (typeof SHOWN)[number], e: CaseEvent, t: Catalogue): string {
  if (key === "reasonForPetitioner") return t.fields.reason;
  // A supervision's own deadline; on the platform's events (escalated, window lapsed) the clock's due date.
  if (key === "dueAt" && e.type !== "supervised") return t.case.clockColumns.due;
  if (key === "approve") return t.fields.approve;
  return t.fields[key as keyof Fields];
}

interface ClockChanges {
  met?: ClockName[];
  overdue?: ClockName[];
  started?: { name: ClockName; dueAt: string }[];
}

function Event({ e, view }: { e: CaseEvent; view: TimelineView }) {
  const { t } = view;
  const events = t.events as Record<string, string | undefined>;
  const system = e.actor.startsWith("system:");
  const facts = SHOWN.filter((k) => e.data[k] !== undefined && e.data[k] !== null && e.data[k] !== "");
  const clocks = (e.data.clocks ?? {}) as ClockChanges;
  const clockNames = (names: ClockName[] | undefined) =>
    (names ?? []).map((n) => t.clockNames[n]).join(t.listSeparator);
  const status =
    typeof e.data.status === "string" ? (t.statuses as Record<string, string>)[e.data.status] : undefined;
  return (
    <li>
      <h3>{events[e.type] ?? t.timeline.other(e.type)}</h3>
      <p class="when">
        {t.timeline.seq(e.seq)} · {localDateTime(e.at, view.timeZone)} ·{" "}
        {system
          ? `${t.timeline.platform} (${t.timeline.systemActors[e.actor.slice("system:".length)] ?? e.actor})`
          : t.timeline.by(
              e.actor,
              agencyName(view.reference, e.agency, view.lang),
              (t.roles as Record<string, string>)[e.role] ?? e.role,
            )}
      </p>
      {(facts.length > 0 ||
        status ||
        clocks.started?.length ||
        clocks.met?.length ||
        clocks.overdue?.length) && (
        <dl class="facts">
          {status && (
            <>
              <dt>{t.case.status}</dt>
              <dd>{t.timeline.statusTo(status)}</dd>
            </>
          )}
          {facts.map((k) => (
            <>
              <dt>{factLabel(k, e, t)}</dt>
              <dd class={TEXTS.has(k) ? "pre" : undefined}>{factValue(k, e.data[k], e, view)}</dd>
            </>
          ))}
          {clocks.started?.length ? (
            <>
              <dt>{t.timeline.clocksStarted}</dt>
              <dd>
                {clocks.started
                  .map(
                    (s) =>
                      `${t.clockNames[s.name]} (${t.deadline.due(localDateTime(s.dueAt, view.timeZone))})`,
                  )
                  .join(t.listSeparator)}
              </dd>
            </>
          ) : null}
          {clocks.met?.length ? (
            <>
              <dt>{t.timeline.clocksMet}</dt>
              <dd>{clockNames(clocks.met)}</dd>
            </>
          ) : null}
          {clocks.overdue?.length ? (
            <>
              <dt>{t.timeline.clocksOverdue}</dt>
              <dd>{clockNames(clocks.overdue)}</dd>
            </>
          ) : null}
        </dl>
      )}
    </li>
  );
}

export function Timeline(props: { events: readonly CaseEvent[]; verdict: ChainVerdict; view: TimelineView }) {
  const { t } = props.view;
  return (
    <>
      {props.verdict.valid ? (
        <p class="chain ok">{t.case.chainVerified}</p>
      ) : (
        <p class="chain bad" role="alert">
          {t.case.chainBroken(props.verdict.firstBadSeq ?? 0)}
        </p>
      )}
      <ol class="timeline">
        {props.events.map((e) => (
          <Event e={e} view={props.view} />
        ))}
      </ol>
    </>
  );
}
