// The API's zod schemas: they validate requests and generate the OpenAPI document.
// Request bodies are strict (unknown fields are refused), every string and array is
// bounded, so no client can write `status`, `version` or `leadAgency` through a body.
import * as z from "./zod.js";
import type { PageRequest } from "../ports.js";
import { AGENDA_REASONS, CHANNELS, CLOCK_NAMES, PAUSE_REASONS, STATUSES } from "../domain/model.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: it exists to find control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** A surrogate without its partner: not text, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Bidirectional embeddings, overrides and isolates: they make a text read differently from what it holds. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** Noncharacters and the byte-order mark: no place in a petition. */
const NONCHARACTER = /[\ufdd0-\ufdef\ufffe\uffff\ufeff]/;

/**
 * Text as people write it: no control characters but tab and newlines, no lone
 * surrogates, no bidi overrides or noncharacters, bounded in length, stored in NFC so
 * that the same words compare equal however a keyboard composed them.
 */
export const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), "must not contain control characters")
    .refine((s) => !LONE_SURROGATE.test(s), "must be well-formed Unicode")
    .refine((s) => !BIDI_CONTROL.test(s), "must not contain bidirectional override characters")
    .refine((s) => !NONCHARACTER.test(s), "must not contain noncharacters")
    .refine((s) => s.trim().length > 0, "must not be blank")
    .overwrite((s) => s.normalize("NFC"));

export const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a lower-case id such as hrss");
/** An ISO date-time with offset, within years the calendars and clocks can mean something for. */
export const isoDateTime = z
  .string()
  .datetime({ offset: true })
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 2000 && year <= 2199;
  }, "must lie between the years 2000 and 2199");

const PetitionerSchema = z
  .strictObject({
    name: text(100),
    idNumber: z
      .string()
      .regex(/^(\d{15}|\d{17}[\dXx])$/, "a 15- or 18-character ID number")
      .optional(),
    phone: z
      .string()
      .regex(/^\+?[\d -]{5,20}$/, "a phone number")
      .optional(),
    email: z
      .string()
      .max(254)
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address")
      .optional(),
    address: text(300).optional(),
  })
  .openapi("Petitioner");

export const RegisterCaseBody = z
  .strictObject({
    channel: z.enum(CHANNELS),
    receivedAt: isoDateTime.optional(),
    petitioner: PetitionerSchema,
    headcount: z.number().int().min(1).max(100_000).optional(),
    category: slug,
    region: slug,
    title: text(200),
    description: text(10_000),
    respondent: z.strictObject({ agency: slug.optional(), official: text(100).optional() }).optional(),
  })
  .openapi("RegisterCase");

/** Bodies of the commands on an existing case, by action name in the URL. */
const routeFields = {
  to: slug.optional(),
  cohandlers: z.array(slug).max(10).optional(),
  // Bounded for sanity here; the domain answers 422 for a period the rules do not allow.
  reportBackDays: z.number().int().min(-10_000).max(10_000).optional(),
};
const opinion = z.strictObject({ decision: z.enum(["upheld", "changed"]), text: text(20_000) });
const sub = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "a user id: printable ASCII without spaces");

export const commandBodies = {
  route: z.strictObject({ kind: z.enum(["transfer", "assign"]), ...routeFields }).openapi("RouteCommand"),
  acknowledge: z.strictObject({}).openapi("AcknowledgeCommand"),
  decline: z.strictObject({ reason: text(2000), basis: text(500) }).openapi("DeclineCommand"),
  object: z.strictObject({ reason: text(2000) }).openapi("ObjectCommand"),
  "resolve-dispute": z
    .strictObject({ kind: z.enum(["transfer", "assign"]).optional(), ...routeFields, to: slug })
    .openapi("ResolveDisputeCommand"),
  "add-cohandler": z.strictObject({ agency: slug }).openapi("AddCohandlerCommand"),
  note: z.strictObject({ text: text(5000) }).openapi("NoteCommand"),
  "request-extension": z
    .strictObject({ days: z.number().int().min(-10_000).max(10_000), reason: text(2000) })
    .openapi("RequestExtensionCommand"),
  "approve-extension": z.strictObject({ approve: z.boolean() }).openapi("ApproveExtensionCommand"),
  pause: z
    .strictObject({
      clock: z.enum(CLOCK_NAMES).optional(),
      reason: z.enum(PAUSE_REASONS),
      note: text(2000).optional(),
    })
    .openapi("PauseCommand"),
  resume: z.strictObject({ clock: z.enum(CLOCK_NAMES).optional() }).openapi("ResumeCommand"),
  reply: z.strictObject({ summary: text(500), text: text(20_000) }).openapi("ReplyCommand"),
  "request-review": z.strictObject({ reason: text(2000) }).openapi("RequestReviewCommand"),
  "review-opinion": opinion.openapi("ReviewOpinionCommand"),
  "request-re-review": z.strictObject({ reason: text(2000) }).openapi("RequestReReviewCommand"),
  "re-review-opinion": opinion.openapi("ReReviewOpinionCommand"),
  "assign-leader": z.strictObject({ leader: sub }).openapi("AssignLeaderCommand"),
  instruct: z.strictObject({ text: text(5000) }).openapi("InstructCommand"),
  supervise: z.strictObject({ note: text(2000), dueAt: isoDateTime.optional() }).openapi("SuperviseCommand"),
  "flag-joint-handling": z.strictObject({ note: text(2000) }).openapi("FlagJointHandlingCommand"),
  hearing: z
    .strictObject({
      at: isoDateTime,
      participants: z.array(text(200)).min(1).max(100),
      outcome: text(5000).optional(),
    })
    .openapi("HearingCommand"),
  rate: z
    .strictObject({ rating: z.enum(["satisfied", "basically_satisfied", "unsatisfied"]) })
    .openapi("RateCommand"),
  "link-repeat": z
    .strictObject({ caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a case id (ULID)") })
    .openapi("LinkRepeatCommand"),
} as const;
export type ActionName = keyof typeof commandBodies;

const ClockSchema = z
  .object({
    name: z.enum(CLOCK_NAMES),
    owner: z.string(),
    startedAt: isoDateTime,
    dueAt: isoDateTime,
    state: z.enum(["running", "paused", "met", "overdue"]),
    length: z.number().int(),
    unit: z.enum(["calendar", "working"]),
    pausedMs: z.number().int(),
    pausedAt: isoDateTime.optional(),
    pauseReason: z.enum(PAUSE_REASONS).optional(),
    stoppedAt: isoDateTime.optional(),
    calendarWarning: z.string().optional().openapi({
      description:
        "The period runs into a year without official calendar data: counted with weekends as the only rest days (docs/calendars.md).",
    }),
    warnedAt: isoDateTime.optional().openapi({ description: "When the due-soon warning went out." }),
    level: z.number().int().min(0).max(3).optional().openapi({
      description:
        "Escalation steps taken for this clock: 1 at due, 2 listed supervision, 3 the joint meeting.",
    }),
  })
  .openapi("Clock");

export const CaseSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    status: z.enum(STATUSES),
    channel: z.enum(CHANNELS),
    receivedAt: isoDateTime,
    category: z.string(),
    region: z.string(),
    title: z.string(),
    description: z.string(),
    petitioner: z.object({
      name: z.string(),
      idNumber: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
      address: z.string().optional(),
    }),
    submission: z
      .object({
        via: z.literal("open311"),
        client: z.string(),
        clientName: z.string(),
        mediaUrl: z.string().optional(),
        location: z
          .object({
            address: z.string().optional(),
            addressId: z.string().optional(),
            lat: z.number().optional(),
            long: z.number().optional(),
          })
          .optional(),
      })
      .optional()
      .openapi({
        description:
          "Filed through a client app (Open311): the app, the media URL it gave (never fetched), and the place; the place's address is masked, and its coordinates left out, until the identity is shown.",
      }),
    headcount: z.number().int(),
    collective: z.boolean(),
    respondent: z.object({ agency: z.string().optional(), official: z.string().optional() }).optional(),
    leadAgency: z.string().optional(),
    cohandlers: z.array(z.string()),
    leader: z.string().optional(),
    clocks: z.array(ClockSchema),
    pastClocks: z.array(ClockSchema).optional().openapi({
      description: "Clocks replaced by a later one of the same name, kept for the on-time rates.",
    }),
    escalation: z.object({
      level: z.number().int(),
      supervised: z.boolean(),
      meetingId: z.string().optional(),
    }),
    agendaPending: z
      .object({ reason: z.enum(AGENDA_REASONS), at: isoDateTime })
      .optional()
      .openapi({ description: "Waiting for the next joint meeting's agenda." }),
    outcome: z
      .object({ kind: z.enum(["declined", "replied"]), summary: z.string(), at: isoDateTime })
      .optional(),
    reviewer: z.string().optional(),
    reReviewer: z.string().optional(),
    escalations: z
      .array(
        z.object({
          level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
          owner: z.string(),
          at: z.string(),
        }),
      )
      .optional(),
    objections: z.array(z.object({ by: z.string(), at: z.string() })).optional(),
    reviewDecision: z.enum(["upheld", "changed"]).optional(),
    reReviewDecision: z.enum(["upheld", "changed"]).optional(),
    extension: z
      .object({
        days: z.number().int(),
        reason: z.string(),
        requestedAt: isoDateTime,
        requestedBy: z.string(),
        decision: z.enum(["approved", "refused"]).optional(),
        decidedAt: isoDateTime.optional(),
      })
      .optional(),
    objection: z.object({ by: z.string(), reason: z.string(), at: isoDateTime }).optional(),
    supervision: z.object({ note: z.string(), at: isoDateTime, dueAt: isoDateTime.optional() }).optional(),
    jointHandling: z.object({ note: z.string(), at: isoDateTime }).optional(),
    hearings: z.array(
      z.object({
        at: isoDateTime,
        participants: z.array(z.string()).openapi({ description: "Masked unless revealed." }),
        outcome: z.string().optional(),
      }),
    ),
    rating: z.enum(["satisfied", "basically_satisfied", "unsatisfied"]).optional(),
    repeatOf: z.string().optional(),
    repeatCandidates: z
      .array(z.string())
      .openapi({ description: "Open cases of the same petitioner in the same category: offer link-repeat." }),
    allowedActions: z
      .array(z.string())
      .openapi({ description: "Commands the caller may issue now, from the lifecycle table." }),
    version: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .openapi("Case");

export const EventSchema = z
  .object({
    caseId: z.string(),
    seq: z.number().int(),
    type: z.string(),
    at: isoDateTime,
    actor: z.string(),
    agency: z.string(),
    role: z.string(),
    data: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("Event");

export const AccessRecordSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    at: isoDateTime,
    actor: z.string(),
    agency: z.string(),
    roles: z.array(z.string()),
    view: z.enum(["petitioner_full"]),
  })
  .openapi("AccessRecord");

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);

/** The most items one page of a list may hold. */
export const MAX_PAGE_LIMIT = 100;

export const PageQuery = z.strictObject({
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(25),
});

/** A validated page query as the services take it: no `cursor` key at all on the first page. */
export const pageRequest = ({
  cursor,
  limit,
}: {
  cursor?: string | undefined;
  limit: number;
}): PageRequest => ({
  limit,
  ...(cursor ? { cursor } : {}),
});

export const CaseListQuery = PageQuery.extend({
  agency: slug.optional(),
  status: z.enum(STATUSES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  category: slug.optional(),
  region: slug.optional(),
  channel: z.enum(CHANNELS).optional(),
});

export const CaseReadQuery = z.strictObject({
  reveal: z.enum(["petitioner"]).optional().openapi({
    description: "Show the case's identities in full (recorded); for those who work the case only.",
  }),
});

export const CaseIdParam = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a case id (ULID)") });
