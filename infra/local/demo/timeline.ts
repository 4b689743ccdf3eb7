// A case's timeline as the report prints it: one line per event, saying what happened,
// who did it, and which clocks it met, missed or started; never who the petitioner is.
import type { CaseEvent } from "../../../shared/domain/model.js";
import { DAY_MS, localMinute } from "./local-time.js";

export interface TimelineEntry {
  at: string;
  type: string;
  by: string;
  detail: string;
}

export function timelineEntry(e: CaseEvent): TimelineEntry {
  return {
    at: localMinute(e.at),
    type: e.type,
    by: `${e.actor}${e.role && e.role !== "system" ? ` (${e.role})` : ""}`,
    detail: describeEvent(e),
  };
}

/** One line for a timeline: what the event says, never who the petitioner is. */
export function describeEvent(e: CaseEvent): string {
  // biome-ignore lint/suspicious/noExplicitAny: event data differs by type; this only writes it out for the report
  const d = e.data as Record<string, any>;
  const clocks = d.clocks as
    | { met: string[]; overdue: string[]; started: { name: string; dueAt: string }[] }
    | undefined;
  const parts: string[] = [];
  switch (e.type) {
    case "registered":
      parts.push(
        `${d.channel}, ${d.category}, ${d.region}, ${d.headcount} ${d.headcount === 1 ? "person" : "people"}${d.collective ? " (collective)" : ""}`,
      );
      break;
    case "route_requested":
    case "dispute_resolved":
      parts.push(
        `${d.kind} to ${d.to}${d.cohandlers?.length ? ` with ${d.cohandlers.join(", ")}` : ""} (${d.rule})`,
      );
      break;
    case "transferred":
    case "assigned":
      parts.push(`lead ${d.lead}${d.cohandlers?.length ? `, co-handling ${d.cohandlers.join(", ")}` : ""}`);
      break;
    case "leader_assigned":
      parts.push(`leader ${d.leader}`);
      break;
    case "instructed":
    case "note_added":
      parts.push(`“${String(d.text).slice(0, 90)}${String(d.text).length > 90 ? "…" : ""}”`);
      break;
    case "clock_paused":
      parts.push(`${d.clock} clock paused: ${d.reason}`);
      break;
    case "clock_resumed":
      parts.push(
        `${d.clock} clock resumed after ${(Number(d.pausedMs) / DAY_MS).toFixed(1)} days; due ${localMinute(String(d.dueAt))}`,
      );
      break;
    case "hearing_held":
      parts.push(`held ${localMinute(String(d.at))} with ${Number(d.participantCount)} participants`);
      break;
    case "replied":
      parts.push(String(d.summary));
      break;
    case "rated":
      parts.push(String(d.rating));
      break;
    case "due_soon":
      parts.push(`${d.clock} due ${localMinute(String(d.dueAt))}`);
      break;
    case "escalated":
      parts.push(`L${d.level}${d.clock ? ` on ${d.clock}` : ""}${d.reason ? ` (${d.reason})` : ""}`);
      break;
    case "listed_supervision":
      parts.push(`L2 on ${d.clock}`);
      break;
    case "window_lapsed":
      parts.push(`${d.clock} window lapsed`);
      break;
    case "closed":
      parts.push(String(d.reason ?? ""));
      break;
    default:
      break;
  }
  if (clocks?.met.length) parts.push(`met: ${clocks.met.join(", ")}`);
  if (clocks?.overdue.length) parts.push(`overdue: ${clocks.overdue.join(", ")}`);
  if (clocks?.started.length)
    parts.push(`started: ${clocks.started.map((s) => `${s.name} (due ${localMinute(s.dueAt)})`).join(", ")}`);
  return parts.filter(Boolean).join("; ");
}
