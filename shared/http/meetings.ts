// /v1/meetings: joint meetings, their compiled agendas, decisions, sanctions and minutes.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { SANCTION_KINDS } from "../domain/meetings.js";
import { AGENDA_REASONS } from "../domain/model.js";
import { newRouter } from "./env.js";
import { examples, meetingExample } from "./examples.js";
import { READ_ERRORS, WRITE_ERRORS, documentOnly, json, problems, security } from "./openapi.js";
import { CloseMeetingBody, MeetingDecisionBody, NewMeetingBody, SanctionBody } from "./meeting-bodies.js";
import { PageQuery, pageRequest } from "./schemas.js";

const MeetingId = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a meeting id (ULID)") });

const DecisionSchema = z.object({
  lead: z.string(),
  cohandlers: z.array(z.string()),
  handleDays: z.number().int().optional(),
  leader: z.string().optional(),
  hearing: z.object({ at: z.string(), participants: z.array(z.string()) }).optional(),
  note: z.string(),
  decidedAt: z.string(),
  decidedBy: z.string(),
});
const MeetingSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    scheduledAt: z.string(),
    status: z.enum(["open", "closed"]),
    chair: z.string(),
    members: z.array(z.string()),
    present: z.array(z.string()),
    agenda: z
      .array(
        z.object({
          caseId: z.string(),
          code: z.string(),
          category: z.string(),
          reason: z.enum(AGENDA_REASONS),
          addedAt: z.string(),
          decision: DecisionSchema.optional(),
          carriedOver: z.boolean().optional().openapi({
            description: "Left undecided when the meeting closed: on the next meeting's agenda.",
          }),
          finishedBefore: z.boolean().optional().openapi({
            description: "Left undecided because the case was finished before the meeting decided it.",
          }),
        }),
      )
      .openapi({ description: "Only the items whose cases the caller sees; hearing participants masked." }),
    sanctions: z.array(
      z.object({ agency: z.string(), kind: z.enum(SANCTION_KINDS), reason: z.string(), at: z.string() }),
    ),
    version: z.number().int(),
    createdAt: z.string(),
    closedAt: z.string().optional(),
  })
  .openapi("Meeting");

export const meetingsApp = newRouter();
const readErrors = documentOnly(problems(...READ_ERRORS));
const writeErrors = documentOnly(problems(...WRITE_ERRORS, 409));
const MeetingPage = z
  .object({ items: z.array(MeetingSchema), nextCursor: z.string().optional() })
  .openapi("MeetingPage");

meetingsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createMeeting",
    tags: ["meetings"],
    security,
    summary: "Convene a joint meeting (coordinator)",
    request: {
      body: {
        required: true,
        content: json(NewMeetingBody, documentOnly(examples.newMeeting)),
      },
    },
    responses: {
      201: {
        description: "Convened; waiting cases are on its agenda",
        content: json(MeetingSchema, meetingExample),
      },
      ...writeErrors,
    },
  }),
  async (c) =>
    c.json(await c.var.services.meetings.create(c.var.identity, c.req.valid("json")), 201) as never,
);

meetingsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listMeetings",
    tags: ["meetings"],
    security,
    summary: "Joint meetings of the bureau, or that the caller's agency sits on, newest first",
    description:
      "A page may hold fewer than `limit` (meetings of other agencies are left out); follow `nextCursor`.",
    request: { query: PageQuery },
    responses: {
      200: { description: "A page of meetings", content: json(MeetingPage, { items: [meetingExample] }) },
      ...readErrors,
    },
  }),
  async (c) => {
    return c.json(
      await c.var.services.meetings.list(c.var.identity, pageRequest(c.req.valid("query"))),
      200,
    ) as never;
  },
);

meetingsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getMeeting",
    tags: ["meetings"],
    security,
    summary: "One meeting with its agenda",
    request: { params: MeetingId },
    responses: {
      200: { description: "The meeting", content: json(MeetingSchema, meetingExample) },
      ...readErrors,
    },
  }),
  async (c) =>
    c.json(await c.var.services.meetings.get(c.var.identity, c.req.valid("param").id), 200) as never,
);

meetingsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/agenda/refresh",
    operationId: "refreshMeetingAgenda",
    tags: ["meetings"],
    security,
    summary: "Compile the agenda now (coordinator)",
    description: "Takes no body. The agenda also compiles itself on a schedule.",
    request: { params: MeetingId },
    responses: {
      200: { description: "The meeting", content: json(MeetingSchema, meetingExample) },
      ...problems(...READ_ERRORS, 413, 415),
    },
  }),
  async (c) => {
    return c.json(
      await c.var.services.meetings.refreshAgenda(c.var.identity, c.req.valid("param").id),
      200,
    ) as never;
  },
);

meetingsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/decisions",
    operationId: "decideAgendaItem",
    tags: ["meetings"],
    security,
    summary: "Record a decision on an agenda item; the platform carries it out",
    request: {
      params: MeetingId,
      body: {
        required: true,
        content: json(MeetingDecisionBody, documentOnly(examples.meetingDecision)),
      },
    },
    responses: {
      200: {
        description: "Decided; the case is being handed to its new lead",
        content: json(MeetingSchema, meetingExample),
      },
      ...writeErrors,
    },
  }),
  async (c) =>
    c.json(
      await c.var.services.meetings.decide(c.var.identity, c.req.valid("param").id, c.req.valid("json")),
      200,
    ) as never,
);

meetingsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/sanctions",
    operationId: "recordSanction",
    tags: ["meetings"],
    security,
    summary: "Record a summons (约谈) or circulated notice (通报) against an agency",
    request: {
      params: MeetingId,
      body: {
        required: true,
        content: json(SanctionBody, documentOnly(examples.sanction)),
      },
    },
    responses: {
      200: { description: "Recorded", content: json(MeetingSchema, meetingExample) },
      ...writeErrors,
    },
  }),
  async (c) =>
    c.json(
      await c.var.services.meetings.sanction(c.var.identity, c.req.valid("param").id, c.req.valid("json")),
      200,
    ) as never,
);

meetingsApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/close",
    operationId: "closeMeeting",
    tags: ["meetings"],
    security,
    summary: "Close the meeting, recording who was present",
    description: "The body may be left out: nobody recorded as present.",
    request: {
      params: MeetingId,
      body: {
        required: false,
        content: json(CloseMeetingBody, documentOnly(examples.closeMeeting)),
      },
    },
    responses: {
      200: {
        description: "Closed",
        content: json(MeetingSchema, {
          ...meetingExample,
          status: "closed",
          present: ["hrss", "sasac", "gov"],
        }),
      },
      ...writeErrors,
    },
  }),
  async (c) =>
    c.json(
      await c.var.services.meetings.close(
        c.var.identity,
        c.req.valid("param").id,
        c.req.valid("json").present ?? [],
      ),
      200,
    ) as never,
);

meetingsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/minutes",
    operationId: "getMeetingMinutes",
    tags: ["meetings"],
    security,
    summary: "The minutes as Markdown",
    description: "Only the agenda items whose cases the caller sees; hearing participants masked.",
    request: { params: MeetingId },
    responses: {
      200: {
        description: "Minutes",
        content: {
          "text/markdown": {
            schema: z.string(),
            example:
              "# 2026年第四季度联席会议\n\n联席会议纪要 · Joint meeting minutes\n\n- Scheduled: 2026-11-20 10:00 (Asia/Shanghai)\n",
          },
        },
      },
      ...readErrors,
    },
  }),
  async (c) => {
    const md = await c.var.services.meetings.minutes(c.var.identity, c.req.valid("param").id);
    return c.body(md, 200, { "content-type": "text/markdown; charset=utf-8" }) as never;
  },
);
