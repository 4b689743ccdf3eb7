// /v1/calendars and /v1/thresholds: the jurisdiction's holiday calendar (years over the
// shipped shared/calendars/cn.json) and its warning, escalation and hotspot thresholds,
// read by everyone and set by the bureau's coordinator under If-Match.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import type { Context } from "hono";
import { BadRequestError } from "../errors.js";
import { newRouter, type AppEnv } from "./env.js";
import {
  calendarExample,
  calendarYearBodyExample,
  fieldRuleExample,
  historyExamples,
  thresholdsBodyExample,
  thresholdsExample,
} from "./jurisdiction-examples.js";
import { documentOnly, json, problemAs, problems, security } from "./openapi.js";
import { JurisdictionEventPageSchema } from "./routing-rules.js";
import { PageQuery, pageRequest } from "./schemas.js";

export const jurisdictionApp = newRouter();

const day = z.string().max(10).openapi({ description: "A local date, YYYY-MM-DD (Asia/Shanghai)." });
const CalendarYearEntrySchema = z
  .strictObject({
    source: z.string().max(500).openapi({ description: "The notice: title, issuer, date." }),
    holidays: z
      .array(z.strictObject({ name: z.string().max(100), from: day, to: day }))
      .max(60)
      .openapi({ description: "Inclusive ranges of rest days, inside the year, not overlapping." }),
    makeUpWorkdays: z
      .array(z.strictObject({ date: day, for: z.string().max(100) }))
      .max(60)
      .openapi({ description: "Weekend days that are working days (调休), outside every holiday." }),
  })
  .openapi("CalendarYearEntry");
const CalendarYearSchema = z
  .object({
    year: z.number().int(),
    origin: z.enum(["shipped", "stored"]).openapi({
      description:
        "shipped: from the release (shared/calendars/cn.json); stored: entered here, over any shipped one.",
    }),
    source: z.string(),
    holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
    makeUpWorkdays: z.array(z.object({ date: z.string(), for: z.string() })),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .openapi("CalendarYear");
const CalendarSchema = z
  .object({
    version: z.number().int().openapi({ description: "Moves on with every stored year; the ETag." }),
    years: z.array(CalendarYearSchema),
  })
  .openapi("Calendar");

const EscalationRulesSchema = z
  .strictObject({
    warnFraction: z
      .number()
      .openapi({ description: "Warn when this share of the period has elapsed, in (0, 1)." }),
    warnDaysLeft: z.number().int().openapi({ description: "…or this many days are left, 0–30." }),
    listedSupervisionAfterDays: z
      .number()
      .int()
      .openapi({ description: "L2, listed supervision (挂牌督办): days after due, 1–90." }),
    meetingAfterDays: z
      .number()
      .int()
      .openapi({ description: "L3, the joint meeting: days after due, more than L2's, 1–180." }),
    disputeToMeetingWorkingDays: z.number().int().openapi({
      description: "An unresolved dispute goes to the joint meeting after this many working days, 1–30.",
    }),
  })
  .openapi("EscalationRules");
const perWindow = (what: string) =>
  z.strictObject({ day: z.number(), week: z.number() }).openapi({ description: what });
const HotspotSchema = z
  .strictObject({
    threshold: z
      .number()
      .openapi({ description: "EARS C2's alarm level on the standardised excess, (0, 20]; 3." }),
    relativeSdFloor: z
      .number()
      .openapi({ description: "The baseline's sd is never taken below this share of its mean, 0–1; 0.2." }),
    sdFloor: perWindow("…nor below this many petitions, for a day and for a week (> 0)."),
    minCount: perWindow(
      "At least this many petitions in the day or the week before anything is a spike (whole, ≥ 1).",
    ),
    quietDays: z.number().int().openapi({
      description: "An alarm within this many days of the last continues the same spike, 1–90; 7.",
    }),
    repeatPetitions: z.number().int().openapi({
      description: "Petitions of one person in one category that make a repeat petitioner, 2–100; 3.",
    }),
    repeatWithinDays: z.number().int().openapi({ description: "…within this many days, 1–3650; 90." }),
  })
  .openapi("HotspotSettings");
const ThresholdsBodySchema = z
  .strictObject({ escalation: EscalationRulesSchema, hotspot: HotspotSchema })
  .openapi("ThresholdsInput");
const ThresholdsSchema = z
  .object({
    version: z.number().int().openapi({ description: "0 while the defaults hold; the ETag." }),
    escalation: EscalationRulesSchema,
    hotspot: HotspotSchema,
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .openapi("Thresholds");

const IfMatchHeader = z.object({
  "if-match": z.string().max(40).optional().openapi({
    description:
      'The version from the ETag of the last read ("3"); required: 428 without it, 412 when stale.',
  }),
});
const versionTag = (name: string) => ({
  ETag: {
    description: `The ${name}'s version, quoted ("3"): send it back as If-Match to change it.`,
    schema: { type: "string" as const, example: '"3"' },
  },
});
/** A PUT: a malformed body, parameter or If-Match (400), refusals, stale or missing If-Match, broken rules, and 409 when the trail stayed busy. */
const WRITE_PROBLEMS = documentOnly({
  ...problems(400, 401, 403, 409, 412, 413, 415, 428, 429, 500),
  422: problemAs(422, fieldRuleExample),
});

/** `If-Match: "<version>"`; absent or `*` names no version (428 from the service). */
function versionOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new BadRequestError('If-Match must be an ETag such as "3".');
  return Number(m[1]);
}

const tagged = <T>(c: Context<AppEnv>, body: T & { version: number }) => {
  c.header("ETag", `"${body.version}"`);
  return body;
};

jurisdictionApp.openapi(
  createRoute({
    method: "get",
    path: "/calendars",
    operationId: "listCalendars",
    tags: ["reference"],
    security,
    summary: "The holiday calendar: each year known, with its source, holidays and make-up working days",
    responses: {
      200: {
        description: "The calendar",
        headers: versionTag("calendar"),
        content: json(CalendarSchema, calendarExample),
      },
      ...problems(401, 403, 429, 500),
    },
  }),
  async (c) => c.json(tagged(c, await c.var.services.jurisdiction.calendars(c.var.identity)), 200),
);

jurisdictionApp.openapi(
  createRoute({
    method: "put",
    path: "/calendars/{year}",
    operationId: "putCalendarYear",
    tags: ["reference"],
    security,
    summary: "Enter or replace a year of the calendar (bureau coordinator, If-Match)",
    description:
      "Stored over any shipped year. Clocks still going that reach the year are recounted by the sweeper's next run, " +
      "each moved due time recorded on its case as a `calendar_changed` event (docs/jurisdiction.md).",
    request: {
      params: z.object({
        year: z
          .string()
          .regex(/^\d{4}$/)
          .openapi({ example: "2027" }),
      }),
      headers: IfMatchHeader,
      body: { required: true, content: json(CalendarYearEntrySchema, documentOnly(calendarYearBodyExample)) },
    },
    responses: {
      200: {
        description: "Stored; the calendar after it",
        headers: versionTag("calendar"),
        content: json(CalendarSchema, calendarExample),
      },
      ...WRITE_PROBLEMS,
    },
  }),
  async (c) => {
    const view = await c.var.services.jurisdiction.setCalendarYear(
      c.var.identity,
      Number(c.req.valid("param").year),
      c.req.valid("json"),
      versionOf(c.req.valid("header")["if-match"]),
    );
    return c.json(tagged(c, view), 200);
  },
);

jurisdictionApp.openapi(
  createRoute({
    method: "get",
    path: "/thresholds",
    operationId: "getThresholds",
    tags: ["reference"],
    security,
    summary: "Warning, escalation-ladder and hotspot thresholds",
    responses: {
      200: {
        description: "The thresholds",
        headers: versionTag("thresholds"),
        content: json(ThresholdsSchema, thresholdsExample),
      },
      ...problems(401, 403, 429, 500),
    },
  }),
  async (c) => c.json(tagged(c, await c.var.services.jurisdiction.thresholds(c.var.identity)), 200),
);

jurisdictionApp.openapi(
  createRoute({
    method: "put",
    path: "/thresholds",
    operationId: "putThresholds",
    tags: ["reference"],
    security,
    summary: "Set the warning, escalation-ladder and hotspot thresholds (bureau coordinator, If-Match)",
    description:
      "The sweeper uses them from its next run; cases are refiled under their next action time by the new thresholds.",
    request: {
      headers: IfMatchHeader,
      body: { required: true, content: json(ThresholdsBodySchema, documentOnly(thresholdsBodyExample)) },
    },
    responses: {
      200: {
        description: "Stored",
        headers: versionTag("thresholds"),
        content: json(ThresholdsSchema, thresholdsExample),
      },
      ...WRITE_PROBLEMS,
    },
  }),
  async (c) => {
    const stored = await c.var.services.jurisdiction.setThresholds(
      c.var.identity,
      c.req.valid("json"),
      versionOf(c.req.valid("header")["if-match"]),
    );
    return c.json(tagged(c, stored), 200);
  },
);

for (const of of ["calendar", "thresholds"] as const) {
  const path = of === "calendar" ? "/calendars/history" : "/thresholds/history";
  jurisdictionApp.openapi(
    createRoute({
      method: "get",
      path,
      operationId: of === "calendar" ? "listCalendarChanges" : "listThresholdChanges",
      tags: ["reference"],
      security,
      summary: `Changes to the ${of === "calendar" ? "calendar" : "thresholds"}, oldest first: who, when, versions and what changed`,
      description:
        "Events of the jurisdiction's hash-chained trail (the routing rules' too); public dates and settings, no petitioner.",
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of changes",
          content: json(JurisdictionEventPageSchema, { items: [historyExamples[of]] }),
        },
        ...problems(400, 401, 403, 429, 500),
      },
    }),
    async (c) =>
      c.json(
        await c.var.services.jurisdiction.history(c.var.identity, of, pageRequest(c.req.valid("query"))),
        200,
      ),
  );
}
