// The English strings of the bureau's oversight pages, the charts, the regions' names and the
// services' refusals in words: part of the one English catalogue, ./en.ts, shaped as the
// Chinese ones (./zh-oversight.ts). Headings and buttons are issue 10's names, exactly.
import { MAX_EXTENSION_DAYS } from "../../domain/handling-effects.js";
import { MEETING_HANDLE_DAYS } from "../../domain/oversight-effects.js";
import { REPORT_BACK_DAYS } from "../../domain/routing-effects.js";
import type { zhOversight } from "./zh-oversight.js";

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

export const enOversight: typeof zhOversight = {
  regionNames: {
    chengguan: "Chengguan town",
    xiangshan: "Xiangshan township",
    "industrial-park": "Industrial park",
  },

  problems: {
    rules: {
      "case-on-agenda": "The case is not on this meeting's agenda.",
      "cohandler-new": "That agency already handles the case.",
      "known-agency": "That agency cannot take the case, or there is no such agency.",
      "known-category": "There is no such category.",
      "known-region": "There is no such region.",
      "rate-a-reply": "Only a written reply can be rated.",
      "received-not-in-future": "The time received cannot be later than now.",
      "repeat-of-known-case": "There is no such earlier case.",
      "repeat-of-open-case": "A repeat petition links to a case that is still open.",
      "repeat-same-petitioner-and-matter":
        "A repeat petition comes from the same petitioner in the same category.",
      "supervision-due-in-future": "A supervision deadline must lie in the future.",
      "idempotency-key-reuse":
        "This form was sent before with different content; open the form again and send it anew.",
      "case-size": "The case record is nearly full; add long material as a note or an attachment.",
      "extension-max-30-days": `An extension is 1 to ${days(MAX_EXTENSION_DAYS)} (Regulation on Petitions, Art. 34).`,
      "extension-once": "The case has had its one extension (Regulation on Petitions, Art. 34).",
      "window-not-pausable":
        "A request or objection window belongs to the petitioner or the agency; it does not pause.",
      "review-pause-hearing-only":
        "Only hearing time is taken out of review and re-review periods (Regulation on Petitions, Art. 35, 36).",
      "handle-days": `A joint meeting sets a handling period of ${MEETING_HANDLE_DAYS.min} to ${days(MEETING_HANDLE_DAYS.max)}.`,
      "report-back-days": `A report-back period runs from ${REPORT_BACK_DAYS.min} to ${days(REPORT_BACK_DAYS.max)}.`,
      "respondent-never-routed":
        "The agency a petition complains about may not handle, review or re-review it (Regulation on Petitions, Art. 30).",
      "superior-exists": "That agency has no superior agency to review or re-review the case.",
      "routing-rule-exists": "No routing rule covers this category and region: name the lead agency.",
    },
    statusRefuses: (status: string) => `The case is now “${status}”, which does not take this step.`,
  },

  escalations: {
    heading: "Escalations",
    intro:
      "Cases escalated for lateness, disputed, or under listed supervision, by agency, the longest-waiting first.",
    lists: { L1: "L1", L2: "L2", L3: "L3", dispute: "Disputes", supervised: "Listed supervision" },
    describe: {
      L1: () => "Past due and not done: the handler, the agency head and the owning leader are told.",
      L2: (n: number) => `More than ${days(n)} overdue: listed supervision by the bureau.`,
      L3: (n: number) =>
        `More than ${days(n)} overdue, or overdue again under listed supervision: onto the joint meeting.`,
      dispute: (n: number) =>
        `An agency objected to the case and the bureau has not decided; after ${n} working day${n === 1 ? "" : "s"} it goes to the joint meeting.`,
      supervised: () => "Cases the bureau supervises by name until a joint meeting decides them.",
    },
    columns: { case: "Case", clock: "Clock", due: "Due", overdue: "Overdue" },
    disputeClock: "Dispute (until the joint meeting)",
    lateBy: (n: number) => `Done ${days(n)} late`,
    daysToMeeting: (n: number) => (n === 0 ? "Due today" : `${days(n)} left`),
    empty: "No cases.",
    more: (list: string) => `More in ${list}`,
    all: "Back to all lists",
    count: (n: number) => (n === 1 ? "1 case" : `${n} cases`),
  },

  meetings: {
    heading: "Meetings",
    empty: "No joint meeting you may see.",
    columns: { title: "Meeting", date: "Date", status: "Status", members: "Members", items: "Items" },
    statuses: { open: "Open", closed: "Closed" },
    convene: {
      heading: "Convene meeting",
      title: "Title",
      date: "Date",
      members: "Members",
      submit: "Convene meeting",
    },
    facts: { date: "Date", status: "Status", chair: "Chair", members: "Members", present: "Present" },
    agenda: "Agenda",
    noItems: "No agenda item you may see.",
    itemColumns: {
      case: "Case",
      category: "Category",
      reason: "Why on the agenda",
      added: "Added",
      outcome: "Decision",
    },
    reasons: {
      escalated: "Escalated (L3)",
      dispute: "Dispute over responsibility",
      joint_handling: "Joint handling",
    },
    decided: (lead: string) => `Lead: ${lead}`,
    decidedWith: (cohandlers: string) => `, co-handled by ${cohandlers}`,
    decidedDays: (n: number) => `, within ${days(n)}`,
    decidedLeader: (leader: string) => `, owned by ${leader}`,
    undecided: "Not decided yet",
    carriedOver: "Not decided: carried over to the next meeting",
    finishedBefore: "Not decided: the case was finished before the meeting",
    decision: {
      heading: (code: string) => `Decision on ${code}`,
      lead: "Lead agency",
      cohandlers: "Co-handlers",
      handleDays: "Handling days",
      leader: "Leader",
      note: "Note",
      submit: "Record decision",
    },
    sanctions: "Sanctions",
    noSanctions: "No summons or circulated notice.",
    sanction: {
      heading: "Summons or circulated notice",
      agency: "Agency",
      kind: "Kind",
      kinds: { summons: "Summons", circulated_notice: "Circulated notice" },
      reason: "Reason",
      submit: "Record sanction",
    },
    close: { heading: "Close meeting", present: "Present agencies", submit: "Close meeting" },
    minutes: "Download minutes",
    done: {
      decision: "Decision recorded; the case is being handed to its new lead.",
      sanction: "Sanction recorded.",
      close: "Meeting closed; undecided items are carried over to the next one.",
      convene: "Meeting convened; the cases waiting for one are on its agenda.",
    },
    back: "All meetings",
  },

  statistics: {
    heading: "Statistics",
    period: (from: string, to: string) => `Period: ${from} to ${to}.`,
    rates: "Rates",
    rateNames: {
      acknowledgedOnTime: "On-time acknowledgement",
      concludedOnTime: "On-time conclusion",
      backlog: "Backlog rate",
      satisfaction: "Satisfaction",
    },
    byMonth: "Cases by month",
    byCategory: "Cases by category",
    byRegion: "Cases by region",
    byChannel: "Cases by channel",
    received: "Received",
    concluded: "Concluded",
    month: "Month",
    category: "Category",
    region: "Region",
    channel: "Channel",
    rate: "Rate",
    value: "Value",
    count: "Cases",
    warnings: {
      heading: "Early warnings",
      type: "Warning",
      subject: "Category and region",
      figures: "Figures",
      cases: "Cases",
      hotspot: (window: "day" | "week", day: string, observed: number, expected: number) =>
        `${window === "day" ? day : `week to ${day}`}: ${observed} petitions (usually about ${expected})`,
      repeat: (count: number, days: number, afterFinal: boolean) =>
        `${count} petitions of one person on one matter within ${days} days${afterFinal ? " (the matter was final)" : ""}`,
    },
  },

  charts: {
    table: (title: string) => `${title} (data table)`,
    noData: "No data.",
  },
};
