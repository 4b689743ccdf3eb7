// Who may do what, and who sees what (docs/access.md): the one place access is decided.
// Every HTTP route names an action; the table below says which roles may take it and
// where the caller must sit. Case commands take their roles from the lifecycle table
// (`machine`), so the two cannot disagree. Deny by default: an action without a row, or
// a role without a grant, is refused. Which case a caller sees at all, and whether they
// see its petitioner in full, is decided here too.
import { ForbiddenError } from "../errors.js";
import { BUREAU, isBureau, type Identity } from "./access.js";
import { rolesAllowedAnywhere } from "./decide.js";
import { COMMAND_NAMES, machine, type CommandName } from "./lifecycle.js";
import { ROLES, type Case, type Petitioner, type Role } from "./model.js";
import type { Submission } from "./open311.js";

/**
 * Where the caller must sit for a grant to apply: anywhere, in the petition bureau, or
 * in the agency the route names (its first path parameter, e.g. PUT /agencies/{id}/webhook).
 */
export type Scope = "any" | "bureau" | "path-agency";

export interface Grant {
  role: Role;
  scope: Scope;
}

export interface Right {
  grants: readonly Grant[];
  /** Why these roles: the rule or the reasoning, for the reader and the docs. */
  why: string;
}

const grant = (scope: Scope, ...roles: Role[]): Grant[] => roles.map((role) => ({ role, scope }));
const EVERY_ROLE = grant("any", ...ROLES);
const MEETING_READERS = [
  ...grant("any", "meeting_member", "leader", "auditor"),
  ...grant("bureau", "coordinator"),
];

/** Rights of every route that is not a case command. */
const routeRights = {
  "cases.register": {
    grants: grant("bureau", "intake", "coordinator"),
    why: "The bureau registers petitions; an auditor is read-only.",
  },
  "cases.list": {
    grants: EVERY_ROLE,
    why: "Everyone may ask; the list holds only cases the caller sees, petitioners masked.",
  },
  "views.keep": {
    grants: EVERY_ROLE,
    why: "A person's own saved inbox filters (filter values only: no case, no identity): whoever may list cases may keep theirs, auditors included, for it changes nothing of any case.",
  },
  "cases.read": {
    grants: EVERY_ROLE,
    why: "Everyone may ask; visibility (canSeeCase) then answers 404 for cases not theirs; identities come masked.",
  },
  "cases.revealIdentity": {
    grants: [...grant("bureau", "intake", "coordinator"), ...grant("any", "handler", "agency_head")],
    why: "Need to know, not rank: those who work cases; mayRevealIdentity then asks whether they work this one. Each reveal is recorded.",
  },
  "cases.notices": {
    grants: EVERY_ROLE,
    why: "Which written notices a case's petitioner was given, when, and their hashes: every party that sees the case; the list names no one.",
  },
  "cases.noticePdf": {
    grants: [...grant("bureau", "intake", "coordinator"), ...grant("any", "handler", "agency_head")],
    why: "A notice is addressed to the petitioner by name: reading it is an identity reveal, for those who work the case (mayRevealIdentity), recorded first.",
  },
  "cases.noticeDelivered": {
    grants: [...grant("bureau", "intake", "coordinator"), ...grant("any", "handler", "agency_head")],
    why: "Whoever hands, posts or sends the notice records how it reached the petitioner: those who work the case.",
  },
  "cases.attachments.add": {
    grants: [...grant("bureau", "intake", "coordinator"), ...grant("any", "handler", "agency_head")],
    why: "The papers a petition comes with, and those its handling produces, are added by those who work the case (mayRevealIdentity): they carry the petitioner's identity.",
  },
  "cases.attachments.read": {
    grants: [...grant("bureau", "intake", "coordinator"), ...grant("any", "handler", "agency_head")],
    why: "A file's name and bytes may name the petitioner: for those who work the case, each read recorded as a reveal.",
  },
  "cases.events": {
    grants: EVERY_ROLE,
    why: "The audit trail goes to every party that sees the case; it holds no petitioner identity.",
  },
  "cases.verify": { grants: EVERY_ROLE, why: "Anyone who sees a case may check its chain." },
  "cases.accessLog": {
    grants: [...grant("any", "auditor"), ...grant("bureau", "intake", "coordinator")],
    why: "Who read a petitioner's identity is itself sensitive: auditors and the bureau that keeps the identity.",
  },
  "cases.escalations": {
    grants: grant("bureau", "intake", "coordinator", "auditor"),
    why:
      "The bureau supervises overdue and disputed cases across agencies (督查督办), its auditors check that it does; " +
      "an agency learns of its own cases' escalations by notification.",
  },
  "stats.read": {
    grants: [...grant("bureau", ...ROLES), ...grant("any", "agency_head", "leader", "auditor")],
    why: "The bureau reads every agency's figures; an agency head, its leaders and its auditors their own agency's — counts only, never a person.",
  },
  "agencies.list": { grants: EVERY_ROLE, why: "Reference data every role needs to read a case." },
  "categories.list": { grants: EVERY_ROLE, why: "Reference data every role needs to read a case." },
  "routingRules.read": {
    grants: EVERY_ROLE,
    why: "Reference data: which agency a case of each category and region goes to; categories.list already shows every default lead.",
  },
  "routingRules.write": {
    grants: grant("bureau", "coordinator"),
    why: "The bureau routes petitions (信访工作条例 Art. 22); its coordinator decides which agency a category goes to. Each change is on the jurisdiction's trail.",
  },
  "routingRules.history": {
    grants: [...grant("any", "auditor"), ...grant("bureau", "intake", "coordinator")],
    why: "Who changed the routing rules, and how, is the bureau's record and the auditors' to check; it holds no petitioner.",
  },
  "notifications.list": {
    grants: EVERY_ROLE,
    why: "An agency's own notifications, filtered to the caller's roles and to cases it sees.",
  },
  "notifications.markRead": {
    grants: grant("any", ...ROLES.filter((r) => r !== "auditor")),
    why: "Anyone marks their own notifications read; an auditor changes nothing, not even that.",
  },
  "agencies.webhook": {
    grants: [...grant("bureau", "coordinator"), ...grant("path-agency", "agency_head")],
    why: "Where an agency's notifications go: its own head, or the bureau's coordinator for any agency.",
  },
  "open311.clients.read": {
    grants: [...grant("bureau", "coordinator"), ...grant("any", "auditor")],
    why: "Which civic apps hold a key, who created or revoked it: the coordinator who manages them, and auditors, who read everything but a person. Never a key, nor its hash.",
  },
  "open311.clients.manage": {
    grants: grant("bureau", "coordinator"),
    why: "Which civic apps may file online petitions is the bureau's to decide, as registration is; an app's key is shown once, to the coordinator who created it.",
  },
  "meetings.create": {
    grants: grant("bureau", "coordinator"),
    why: "The coordinator chairs and convenes the joint meeting.",
  },
  "meetings.list": {
    grants: MEETING_READERS,
    why: "Members, leaders and auditors read meetings — only those of the bureau or their agency sits on (canSeeMeeting), each agenda item only where they see its case.",
  },
  "meetings.read": {
    grants: MEETING_READERS,
    why: "As meetings.list: a meeting the caller's agency does not sit on is 404.",
  },
  "meetings.minutes": {
    grants: MEETING_READERS,
    why: "The minutes go to those who may read the meeting, with only the agenda items whose cases they see.",
  },
  "meetings.decide": {
    grants: grant("bureau", "coordinator"),
    why: "The chair records the meeting's decisions; they route cases like any handoff.",
  },
  "meetings.close": { grants: grant("bureau", "coordinator"), why: "The chair closes the meeting." },
  "meetings.compileAgenda": {
    grants: grant("bureau", "coordinator"),
    why: "The agenda compiles itself on a schedule; the coordinator may refresh it on demand.",
  },
  "meetings.sanction": {
    grants: grant("bureau", "coordinator"),
    why: "Summons and circulated notices are the meeting's, recorded by its chair.",
  },
  "calendars.list": {
    grants: EVERY_ROLE,
    why: "The holiday calendar every due date is counted with: public data (the State Council's notice) every role reads deadlines by.",
  },
  "calendars.set": {
    grants: grant("bureau", "coordinator"),
    why: "The bureau keeps the jurisdiction's calendar (it answers for the deadlines it supervises); a year it enters moves open clocks, so only its coordinator, recorded on the jurisdiction's trail.",
  },
  "calendars.history": {
    grants: [...grant("any", "auditor"), ...grant("bureau", "intake", "coordinator")],
    why: "As routingRules.history: who entered which calendar year, and what it changed, is the bureau's record and the auditors' to check.",
  },
  "thresholds.history": {
    grants: [...grant("any", "auditor"), ...grant("bureau", "intake", "coordinator")],
    why: "As routingRules.history: who moved which threshold, from what to what, is the bureau's record and the auditors' to check.",
  },
  "thresholds.read": {
    grants: EVERY_ROLE,
    why: "When a case is warned and escalated concerns every party to it; no case or person is in them.",
  },
  "thresholds.set": {
    grants: grant("bureau", "coordinator"),
    why: "Warning and escalation thresholds decide when the bureau supervises and the joint meeting takes a case: its coordinator sets them, recorded on the jurisdiction's trail.",
  },
} as const satisfies Record<string, Right>;

export type RouteAction = keyof typeof routeRights;
export type CommandAction = `command:${CommandName}`;
export type Action = RouteAction | CommandAction;

export const commandAction = (command: CommandName): CommandAction => `command:${command}`;

/**
 * A command's rights from the lifecycle table: the roles that may issue it in some
 * status; bureau-only when every status gives it to the bureau. Party and status are
 * checked against the case itself by `decide`.
 */
function commandRight(command: CommandName): Right {
  const transitions = Object.values(machine).flatMap((row) => (row[command] ? [row[command]] : []));
  const scope: Scope = transitions.every((t) => t.party === "bureau") ? "bureau" : "any";
  return {
    grants: grant(scope, ...ROLES.filter((r) => rolesAllowedAnywhere(command).has(r))),
    why: `From the lifecycle table: parties ${[...new Set(transitions.map((t) => t.party))].join(", ")}.`,
  };
}

/** The whole table: every action and its grants. */
export const rights: ReadonlyMap<Action, Right> = new Map<Action, Right>([
  ...(Object.entries(routeRights) as [RouteAction, Right][]),
  ...COMMAND_NAMES.map((n) => [commandAction(n), commandRight(n)] as [Action, Right]),
]);

export interface Place {
  /** The agency the route names, for `path-agency` grants. */
  pathAgency?: string;
}

function inScope(who: Identity, scope: Scope, place: Place): boolean {
  switch (scope) {
    case "any":
      return true;
    case "bureau":
      return isBureau(who);
    case "path-agency":
      return place.pathAgency !== undefined && place.pathAgency === who.agency;
  }
}

/** Whether the caller's roles and place grant the action. Unknown actions: never. */
export function permits(who: Identity, action: Action | string, place: Place = {}): boolean {
  const right = rights.get(action as Action);
  if (!right) return false;
  return right.grants.some((g) => who.roles.includes(g.role) && inScope(who, g.scope, place));
}

export function authorize(who: Identity, action: Action | string, place: Place = {}): void {
  if (permits(who, action, place)) return;
  throw new ForbiddenError(
    rights.has(action as Action)
      ? `Your roles (${who.roles.join(", ") || "none"}) at ${who.agency} may not take the action ${action}.`
      : `No rights are defined for ${action}; refused by default.`,
    { action },
  );
}

/**
 * A joint meeting and its minutes are for the bureau and the agencies that sit on it
 * (docs/access.md, "Joint meetings"); each agenda item further only for those who see its case.
 */
export function canSeeMeeting(m: { members: readonly string[] }, who: Identity): boolean {
  return isBureau(who) || m.members.includes(who.agency);
}

/**
 * An agency sees a case while it is or was lead, co-handler or reviewer; the bureau
 * sees every case; the owning leader sees it; the respondent agency never does
 * (信访工作条例 Art. 30, 46).
 */
export function canSeeCase(c: Case, who: Identity): boolean {
  if (c.respondent?.agency && c.respondent.agency === who.agency) return false;
  if (isBureau(who)) return true;
  if (c.leader && c.leader === who.sub && who.roles.includes("leader")) return true;
  return c.involved.includes(who.agency);
}

/** Roles that work cases: at the bureau, those who register and route; at an agency, those who handle. */
const BUREAU_CASEWORK: ReadonlySet<Role> = new Set(["intake", "coordinator"]);
const AGENCY_CASEWORK: ReadonlySet<Role> = new Set(["handler", "agency_head"]);

/**
 * Need to know, not rank (docs/access.md): the people who work the case may have its
 * identities (petitioner, hearing participants) revealed — intake and coordinators at
 * the bureau; handlers and heads at the lead, a co-handler or the agency reviewing it
 * now. Auditors, leaders and meeting members, of whatever agency, see them masked; the
 * respondent agency sees nothing at all.
 */
export function mayRevealIdentity(c: Case, who: Identity): boolean {
  if (c.respondent?.agency && c.respondent.agency === who.agency) return false;
  if (who.agency === BUREAU) return who.roles.some((r) => BUREAU_CASEWORK.has(r));
  if (!who.roles.some((r) => AGENCY_CASEWORK.has(r))) return false;
  const reviewing =
    (c.status === "review_requested" && c.reviewer === who.agency) ||
    (c.status === "re_review_requested" && c.reReviewer === who.agency);
  return reviewing || c.leadAgency === who.agency || c.cohandlers.includes(who.agency);
}

/** The role under which `who` works a case (mayRevealIdentity), as the chain records it. */
export function workingRole(who: Identity): Role | undefined {
  const casework = who.agency === BUREAU ? BUREAU_CASEWORK : AGENCY_CASEWORK;
  return who.roles.find((r) => casework.has(r));
}

/**
 * Keep `start` leading and `end` trailing characters (code points), hide the rest, and
 * always hide at least `minHidden` — or all of a value too short to show anything.
 */
function maskMiddle(value: string, start: number, end: number, minHidden: number): string {
  const chars = [...value];
  const budget = Math.max(0, chars.length - minHidden);
  const head = Math.min(start, budget);
  const tail = Math.min(end, budget - head);
  return (
    chars.slice(0, head).join("") +
    "*".repeat(chars.length - head - tail) +
    (tail ? chars.slice(-tail).join("") : "")
  );
}

/** A person's name as everyone but those who work the case sees it: the first character, then stars. */
export function maskName(name: string): string {
  return maskMiddle(name, 1, 0, Math.max(1, [...name].length - 1));
}

/** `王**`, `4101**********1234`, `138****1234`, `示例县***`: never the whole of any field. */
export function maskPetitioner(p: Petitioner): Petitioner {
  const masked: Petitioner = { name: maskName(p.name) };
  if (p.idNumber) masked.idNumber = maskMiddle(p.idNumber, 4, 4, 8);
  if (p.phone) masked.phone = maskMiddle(p.phone, 3, 4, 4);
  if (p.email) {
    // The first character and the domain: enough to tell two apart, not to write to.
    const [local = "", domain = ""] = p.email.split("@");
    masked.email = `${maskMiddle(local, 1, 0, 3)}@${domain}`;
  }
  if (p.address) {
    // The address shows its first few characters (the county or town) and hides its length.
    const chars = [...p.address];
    masked.address = `${chars.slice(0, Math.min(3, Math.floor(chars.length / 2))).join("")}***`;
  }
  return masked;
}

/** The place an app sent may be someone's home: its address masked as one, its coordinates and id left out. */
export function maskSubmission(s: Submission): Submission {
  const { location, ...rest } = s;
  if (!location?.address) return rest;
  return { ...rest, location: { address: maskPetitioner({ name: "", address: location.address }).address! } };
}

/** A case's identities as all but those who work it see them: petitioner, the place an app sent, hearing participants. */
export function maskedIdentities(c: Pick<Case, "petitioner" | "submission" | "hearings">) {
  return {
    petitioner: maskPetitioner(c.petitioner),
    ...(c.submission ? { submission: maskSubmission(c.submission) } : {}),
    hearings: c.hearings.map((h) => ({ ...h, participants: h.participants.map(maskName) })),
  };
}
