// The API's zod schemas: they validate requests and generate the OpenAPI document.
// Request bodies are strict (unknown fields are refused), every string and array is
// bounded, so no client can write `status`, `version` or `leadAgency` through a body.
import { z } from "@hono/zod-openapi";
import { CHANNELS, CLOCK_NAMES, STATUSES } from "../domain/model.js";

/** Text without control characters other than tab and newlines. */
export const text = (max: number) =>
  z.string().min(1).max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), "must not contain control characters");

export const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a lower-case id such as hrss");
const isoDateTime = z.string().datetime({ offset: true });

export const PetitionerSchema = z.strictObject({
  name: text(100),
  idNumber: z.string().regex(/^(\d{15}|\d{17}[\dXx])$/, "a 15- or 18-character ID number").optional(),
  phone: z.string().regex(/^\+?[\d -]{5,20}$/, "a phone number").optional(),
  address: text(300).optional(),
}).openapi("Petitioner");

export const RegisterCaseBody = z.strictObject({
  channel: z.enum(CHANNELS),
  receivedAt: isoDateTime.optional(),
  petitioner: PetitionerSchema,
  headcount: z.number().int().min(1).max(100_000).optional(),
  category: slug,
  region: slug,
  title: text(200),
  description: text(10_000),
  respondent: z.strictObject({ agency: slug.optional(), official: text(100).optional() }).optional(),
}).openapi("RegisterCase");

/** Bodies of the commands on an existing case, by action name in the URL. */
export const commandBodies = {
  route: z.strictObject({
    kind: z.enum(["transfer", "assign"]),
    to: slug.optional(),
    cohandlers: z.array(slug).max(10).optional(),
    reportBackDays: z.number().int().min(1).max(365).optional(),
  }).openapi("RouteCommand"),
  acknowledge: z.strictObject({}).openapi("AcknowledgeCommand"),
  decline: z.strictObject({ reason: text(2000), basis: text(500) }).openapi("DeclineCommand"),
  reply: z.strictObject({ summary: text(500), text: text(20_000) }).openapi("ReplyCommand"),
} as const;
export type ActionName = keyof typeof commandBodies;

const ClockSchema = z.object({
  name: z.enum(CLOCK_NAMES),
  owner: z.string(),
  startedAt: isoDateTime,
  dueAt: isoDateTime,
  state: z.enum(["running", "paused", "met", "overdue"]),
  length: z.number().int(),
  unit: z.enum(["calendar", "working"]),
  stoppedAt: isoDateTime.optional(),
}).openapi("Clock");

export const CaseSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(STATUSES),
  channel: z.enum(CHANNELS),
  receivedAt: isoDateTime,
  category: z.string(),
  region: z.string(),
  title: z.string(),
  description: z.string(),
  petitioner: z.object({ name: z.string(), idNumber: z.string().optional(), phone: z.string().optional(), address: z.string().optional() }),
  headcount: z.number().int(),
  collective: z.boolean(),
  respondent: z.object({ agency: z.string().optional(), official: z.string().optional() }).optional(),
  leadAgency: z.string().optional(),
  cohandlers: z.array(z.string()),
  leader: z.string().optional(),
  clocks: z.array(ClockSchema),
  escalation: z.object({ level: z.number().int(), supervised: z.boolean(), meetingId: z.string().optional() }),
  outcome: z.object({ kind: z.enum(["declined", "replied"]), summary: z.string(), at: isoDateTime }).optional(),
  allowedActions: z.array(z.string()).openapi({ description: "Commands the caller may issue now, from the lifecycle table." }),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
}).openapi("Case");

export const EventSchema = z.object({
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
}).openapi("Event");

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
}).openapi("Problem");

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);

export const PageQuery = z.strictObject({
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const CaseListQuery = PageQuery.extend({
  agency: slug.optional(),
  status: z.enum(STATUSES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  category: slug.optional(),
  region: slug.optional(),
  channel: z.enum(CHANNELS).optional(),
});

export const CaseIdParam = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a case id (ULID)") });

export const problemResponses = {
  400: { description: "Bad request", content: { "application/problem+json": { schema: ProblemSchema } } },
  401: { description: "No valid token", content: { "application/problem+json": { schema: ProblemSchema } } },
  403: { description: "Role may not", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "No such case, or not visible to the caller", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;
