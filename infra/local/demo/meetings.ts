// The quarter's two joint meetings (联席会议): convened mid-quarter and near the end, held
// on the afternoon of their day. The coordinator decides each agenda item (escalated
// cases, disputes, joint handling), sanctions the agency with the most overdue clocks, and
// closes the meeting; the new lead of each decided case acknowledges and replies in time.
import { localDay } from "../../../shared/domain/calendar.js";
import type { Meeting } from "../../../shared/domain/meetings.js";
import {
  ALTERNATE,
  COORDINATOR,
  LEADER,
  MEMBERS,
  PARTNER,
  defaultRoute,
  handlerOf,
  headOf,
} from "./county.js";
import { TZ } from "./local-time.js";
import { afterReply } from "./ordinary-cases.js";
import { listRunCases } from "./read-back.js";
import { MEETINGS, type CaseView, type QuarterScript } from "./script.js";

interface MeetingPlan {
  no: number;
  convene: number;
  held: number;
  sanction: "circulated_notice" | "summons";
  absent?: string;
}

/** Scripts the meetings; the returned ids fill in as each is convened. */
export function scriptJointMeetings(script: QuarterScript): string[] {
  const { days, from } = script;
  const workday = script.workday.bind(script);
  const meetingIds: string[] = [];
  const planned: MeetingPlan[] = [
    {
      no: 1,
      convene: workday(Math.round(days * 0.36)),
      held: workday(Math.round(days * 0.5)),
      sanction: "circulated_notice",
      absent: "health",
    },
    { no: 2, convene: workday(Math.round(days * 0.65)), held: workday(days - 4), sanction: "summons" },
  ];
  const plans = planned.filter((m) => m.held < days);
  const quarterName = `${localDay(from, TZ).slice(0, 4)} Q${Math.floor(Number(localDay(from, TZ).slice(5, 7)) / 3.01) + 1}`;

  for (const m of plans) {
    let id: string | undefined;
    script.at(m.convene, MEETINGS, async () => {
      const meeting = await script.act<Meeting>(
        `convene joint meeting ${m.no}`,
        COORDINATOR,
        "POST",
        "/v1/meetings",
        {
          title: `示例县信访工作联席会议 · Demo County joint meeting, ${quarterName} no. ${m.no}`,
          scheduledAt: script.slotTime(m.held, 1).toISOString(),
          members: MEMBERS,
        },
      );
      if (meeting) {
        id = meeting.id;
        meetingIds.push(id);
      }
    });
    script.at(
      m.held,
      MEETINGS,
      async () => {
        if (id) await holdMeeting(script, m, id);
      },
      1,
    );
  }
  return meetingIds;
}

async function holdMeeting(script: QuarterScript, m: MeetingPlan, id: string): Promise<void> {
  const meeting = await script.act<Meeting>(
    `read joint meeting ${m.no}`,
    COORDINATOR,
    "GET",
    `/v1/meetings/${id}`,
  );
  if (!meeting) return;
  const worst = await mostOverdueAgency(script);
  for (const item of meeting.agenda.filter((i) => !i.decision)) {
    const c = await script.act(
      `read case ${item.code} for the meeting`,
      COORDINATOR,
      "GET",
      `/v1/cases/${item.caseId}`,
    );
    if (!c) continue;
    const decision = decisionFor(script, c, item.reason);
    const decided = await script.act<Meeting>(
      `decide ${item.code} at meeting ${m.no}`,
      COORDINATOR,
      "POST",
      `/v1/meetings/${id}/decisions`,
      { caseId: c.id, ...decision },
    );
    if (decided) followDecision(script, c.id, decision.lead);
  }
  if (worst) {
    await script.act(`sanction at meeting ${m.no}`, COORDINATOR, "POST", `/v1/meetings/${id}/sanctions`, {
      agency: worst.agency,
      kind: m.sanction,
      reason: `${worst.overdue} clocks overdue and ${worst.escalated} cases escalated this quarter, the most of any agency.`,
    });
  }
  await script.act(`close joint meeting ${m.no}`, COORDINATOR, "POST", `/v1/meetings/${id}/close`, {
    present: ["bureau", ...MEMBERS.filter((a) => a !== m.absent)],
  });
}

/** The platform re-routes a decided case; the new lead acknowledges and reports back in time. */
function followDecision(script: QuarterScript, caseId: string, lead: string): void {
  const s = script.byId.get(caseId);
  if (!s?.plan) return;
  s.gen++;
  s.lead = lead;
  const after = s.plan.afterDecision;
  script.onCase(s, script.today + after.ackAfter, async () => {
    if (!(await script.command(s, "acknowledge", handlerOf(s.lead!)))) return;
    script.onCase(s, script.today + after.replyAfter, async () => {
      if (
        await script.command(s, "reply", headOf(s.lead!), {
          summary: "Handled as the joint meeting decided",
          text: "Handled as the joint meeting decided; the agency reports the result to the bureau and answers the petitioner in writing.",
        })
      ) {
        afterReply(script, s, script.today);
      }
    });
  });
}

/**
 * The meeting's decision on an agenda item. Never the respondent the petition complains
 * about, nor the bureau: a dispute goes to the alternate agency (else the county
 * government) with the objector co-handling; joint handling gets a partner, the owning
 * leader and a hearing; an escalated case stays with its lead under a 20-day report.
 */
function decisionFor(script: QuarterScript, c: CaseView, reason: string) {
  const respondent = c.respondent?.agency;
  const usable = (a: string | undefined): a is string => !!a && a !== respondent && a !== "bureau";
  const collectiveLeader = c.collective ? { leader: LEADER.sub } : {};
  if (reason === "dispute") {
    const objector = c.objection?.by;
    const alternate = ALTERNATE[c.category];
    const lead = usable(alternate) && alternate !== objector ? alternate : "gov";
    const cohandlers = usable(objector) && objector !== lead ? [objector] : [];
    return {
      lead,
      cohandlers,
      handleDays: 20,
      ...collectiveLeader,
      note: `Responsibility settled by the meeting: ${lead} leads${cohandlers.length ? ` with ${cohandlers.join(", ")}` : ""} and reports within 20 days.`,
    };
  }
  const current = c.leadAgency ?? defaultRoute(c.category)?.lead;
  const lead = usable(current) ? current : "gov";
  if (reason === "joint_handling") {
    const partner = PARTNER[c.category];
    return {
      lead,
      cohandlers: usable(partner) && partner !== lead ? [partner] : [],
      handleDays: 30,
      leader: LEADER.sub,
      hearing: {
        at: script.slotTime(Math.min(script.today + 10, script.days - 1)).toISOString(),
        participants: ["county People's Congress deputies", "lawyers", "villagers' representatives"],
      },
      note: "Joint handling (会办): one plan for compensation and resettlement housing, a hearing first.",
    };
  }
  const cohandlers = (defaultRoute(c.category)?.cohandlers ?? []).filter((a) => usable(a) && a !== lead);
  return {
    lead,
    cohandlers,
    handleDays: 20,
    ...collectiveLeader,
    note: "Overdue past listed supervision: acknowledge at once and report within 20 days; the agency head answers for it.",
  };
}

/**
 * Whom the meeting sanctions: the agency owning the most clocks overdue (stopped late, or
 * running past due) among this run's cases, then the most escalated cases it leads.
 */
async function mostOverdueAgency(script: QuarterScript) {
  const cases = await listRunCases(script);
  const tally = new Map<string, { overdue: number; escalated: number }>();
  const nowIso = script.now.toISOString();
  for (const c of cases) {
    for (const k of [...(c.pastClocks ?? []), ...c.clocks]) {
      if (k.owner === "bureau" || !(k.state === "overdue" || (k.state === "running" && k.dueAt < nowIso)))
        continue;
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
  const ranked = [...tally.entries()].sort(
    (a, b) => b[1].overdue - a[1].overdue || b[1].escalated - a[1].escalated || a[0].localeCompare(b[0]),
  );
  return ranked[0] ? { agency: ranked[0][0], ...ranked[0][1] } : undefined;
}
