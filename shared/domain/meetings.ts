// Joint meetings (联席会议; who sees them: docs/access.md): an agenda compiled, not typed — escalated cases,
// stale disputes and cases flagged for joint handling — a decision per item that the
// platform carries out, sanctions against failing agencies, and minutes in Markdown.
import { ConflictError, RuleViolationError } from "../errors.js";
import type { AgendaReason, Case } from "./model.js";
import { maskName } from "./rights.js";

export interface MeetingDecision {
  lead: string;
  cohandlers: string[];
  handleDays?: number;
  leader?: string;
  hearing?: { at: string; participants: string[] };
  note: string;
  decidedAt: string;
  decidedBy: string;
}

export interface AgendaItem {
  caseId: string;
  code: string;
  category: string;
  reason: AgendaReason;
  addedAt: string;
  decision?: MeetingDecision;
  /** Left undecided when the meeting closed: back on the next meeting's agenda. */
  carriedOver?: boolean;
  /** Left undecided because the case was finished (closed or final) before a decision. */
  finishedBefore?: boolean;
}

export const SANCTION_KINDS = ["summons", "circulated_notice"] as const;
export interface Sanction {
  agency: string;
  kind: (typeof SANCTION_KINDS)[number];
  reason: string;
  at: string;
}

export interface Meeting {
  id: string;
  title: string;
  scheduledAt: string;
  status: "open" | "closed";
  chair: string;
  members: string[];
  present: string[];
  agenda: AgendaItem[];
  sanctions: Sanction[];
  version: number;
  createdAt: string;
  closedAt?: string;
}

export function newMeeting(
  input: { title: string; scheduledAt: string; members: string[] },
  chair: string,
  id: string,
  now: Date,
): Meeting {
  return {
    id,
    title: input.title,
    scheduledAt: new Date(input.scheduledAt).toISOString(),
    status: "open",
    chair,
    members: [...new Set(input.members)],
    present: [],
    agenda: [],
    sanctions: [],
    version: 1,
    createdAt: now.toISOString(),
  };
}

/** The open meeting the agenda feeds: the earliest one not yet held, else the latest open one. */
export function nextOpenMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  const open = meetings
    .filter((m) => m.status === "open")
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  return open.find((m) => m.scheduledAt >= now.toISOString()) ?? open.at(-1);
}

export function withAgendaItem(m: Meeting, c: Case, reason: AgendaReason, now: Date): Meeting | undefined {
  if (m.status !== "open") throw new ConflictError("The meeting is closed.");
  if (m.agenda.some((i) => i.caseId === c.id && !i.decision)) return undefined;
  return {
    ...m,
    version: m.version + 1,
    agenda: [
      ...m.agenda,
      { caseId: c.id, code: c.code, category: c.category, reason, addedAt: now.toISOString() },
    ],
  };
}

export function withDecision(m: Meeting, caseId: string, decision: MeetingDecision): Meeting {
  if (m.status !== "open") throw new ConflictError("The meeting is closed.");
  const item = m.agenda.find((i) => i.caseId === caseId && !i.decision);
  if (!item) {
    if (m.agenda.some((i) => i.caseId === caseId))
      throw new ConflictError("This agenda item is decided already.");
    throw new RuleViolationError("case-on-agenda", `Case ${caseId} is not on this meeting's agenda.`);
  }
  return { ...m, version: m.version + 1, agenda: m.agenda.map((i) => (i === item ? { ...i, decision } : i)) };
}

export function withSanction(m: Meeting, s: Sanction): Meeting {
  if (m.status !== "open") throw new ConflictError("The meeting is closed.");
  return { ...m, version: m.version + 1, sanctions: [...m.sanctions, s] };
}

/** Close the meeting; `finished` names the undecided items' cases that ended meanwhile. */
export function closed(
  m: Meeting,
  present: string[],
  now: Date,
  finished: ReadonlySet<string> = new Set(),
): Meeting {
  if (m.status !== "open") throw new ConflictError("The meeting is closed already.");
  return {
    ...m,
    version: m.version + 1,
    status: "closed",
    closedAt: now.toISOString(),
    present: [...new Set(present)],
    agenda: m.agenda.map((i) =>
      i.decision ? i : finished.has(i.caseId) ? { ...i, finishedBefore: true } : { ...i, carriedOver: true },
    ),
  };
}

/**
 * The meeting as one caller sees it: only the agenda items whose cases they see (so the
 * agency a petition complains about never learns it was discussed), and hearing
 * participants masked — a meeting is no place to reveal a person (docs/access.md).
 */
export function meetingSeenBy(m: Meeting, visibleCases: ReadonlySet<string>): Meeting {
  return {
    ...m,
    agenda: m.agenda
      .filter((i) => visibleCases.has(i.caseId))
      .map((i) => {
        const hearing = i.decision?.hearing;
        return hearing
          ? {
              ...i,
              decision: {
                ...i.decision!,
                hearing: { ...hearing, participants: hearing.participants.map(maskName) },
              },
            }
          : i;
      }),
  };
}

const REASONS: Record<AgendaReason, string> = {
  escalated: "escalated (L3)",
  dispute: "dispute over responsibility",
  joint_handling: "flagged for joint handling (会办)",
};
const SANCTIONS: Record<Sanction["kind"], string> = {
  summons: "summons (约谈)",
  circulated_notice: "circulated notice (通报)",
};

/** The minutes: who was there, each item and its decision, the sanctions. No petitioner data. */
export function minutes(m: Meeting, agencyName: (id: string) => string, timeZone = "Asia/Shanghai"): string {
  const local = (iso: string) => {
    const parts = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(iso));
    return `${parts} (${timeZone})`;
  };
  const lines = [
    `# ${m.title}`,
    "",
    `联席会议纪要 · Joint meeting minutes`,
    "",
    `- Scheduled: ${local(m.scheduledAt)}`,
    `- Status: ${m.status}${m.closedAt ? ` (closed ${local(m.closedAt)})` : ""}`,
    `- Chair: ${m.chair}`,
    `- Members: ${m.members.map(agencyName).join(", ") || "none"}`,
    `- Present: ${m.present.map(agencyName).join(", ") || (m.status === "open" ? "not yet recorded" : "none recorded")}`,
    "",
    `## Agenda`,
    "",
  ];
  if (!m.agenda.length) lines.push("No items.", "");
  m.agenda.forEach((item, n) => {
    lines.push(
      `### ${n + 1}. Case ${item.code} (${item.category})`,
      "",
      `- Reason: ${REASONS[item.reason]}`,
      `- Added: ${local(item.addedAt)}`,
    );
    const d = item.decision;
    if (d) {
      lines.push(
        `- **Decision** (${local(d.decidedAt)}, ${d.decidedBy}): lead ${agencyName(d.lead)}` +
          (d.cohandlers.length ? `, co-handling ${d.cohandlers.map(agencyName).join(", ")}` : "") +
          (d.handleDays ? `, to report within ${d.handleDays} days` : "") +
          (d.leader ? `, owned by leader ${d.leader}` : "") +
          (d.hearing ? `, hearing on ${local(d.hearing.at)} with ${d.hearing.participants.join(", ")}` : ""),
      );
      lines.push(`- Note: ${d.note}`);
    } else {
      lines.push(
        item.carriedOver
          ? "- Not decided: carried over to the next meeting."
          : item.finishedBefore
            ? "- Not decided: the case was finished before the meeting."
            : "- Not decided yet.",
      );
    }
    lines.push("");
  });
  lines.push("## Sanctions", "");
  if (!m.sanctions.length) lines.push("None.");
  for (const s of m.sanctions)
    lines.push(`- ${SANCTIONS[s.kind]} of ${agencyName(s.agency)} (${local(s.at)}): ${s.reason}`);
  return `${lines.join("\n")}\n`;
}
