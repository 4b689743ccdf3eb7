// /v1/cases: register, list, read, the audit trail, who read the petitioner's identity,
// and one route per command. Who may call which route is decided before any of these
// handlers runs (shared/http/guard.ts, shared/domain/rights.ts); only GET /v1/cases/{id}
// shows a petitioner in full, and only after recording the read.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import type { Context } from "hono";
import { BadRequestError } from "../errors.js";
import { viewOf } from "../app/cases.js";
import type { CommandInputs } from "../domain/lifecycle.js";
import type { Identity } from "../domain/access.js";
import type { Case } from "../domain/model.js";
import type { PageRequest } from "../ports.js";
import { newRouter, type AppEnv } from "./env.js";
import { accessRecordExample, caseExample, eventExample, examples } from "./examples.js";
import {
  COMMAND_ERRORS,
  READ_ERRORS,
  WRITE_ERRORS,
  documentOnly,
  etagHeader,
  json,
  problems,
  security,
} from "./openapi.js";
import {
  AccessRecordSchema,
  CaseIdParam,
  CaseListQuery,
  CaseReadQuery,
  pageRequest,
  CaseSchema,
  EventSchema,
  PageQuery,
  RegisterCaseBody,
  commandBodies,
  pageOf,
  type ActionName,
} from "./schemas.js";

export const casesApp = newRouter();

function reply(c: Context<AppEnv>, kase: Case, status: 200 | 201 | 202 = 200, revealed = false) {
  c.header("ETag", `"${kase.version}"`);
  return c.json(viewOf(kase, c.var.identity, revealed), status);
}

const MASKED_NOTE =
  "Identities (the petitioner, hearing participants) are masked in this reply; GET /v1/cases/{id}?reveal=petitioner shows them in full to those who work the case, and records the reveal.";

const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 letters, digits, - or _")
  .optional();

casesApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "registerCase",
    tags: ["cases"],
    security,
    summary: "Register a petition (intake, coordinator)",
    description: `${MASKED_NOTE} With an Idempotency-Key, the same key and body answer the case first registered; the same key with another body is 422.`,
    request: {
      headers: z.object({ "idempotency-key": idempotencyKey }),
      body: { required: true, content: json(RegisterCaseBody, documentOnly(examples.registerCase)) },
    },
    responses: {
      201: {
        description: "Registered",
        headers: etagHeader,
        content: json(CaseSchema, {
          ...caseExample,
          status: "registered",
          leadAgency: undefined,
          cohandlers: [],
        }),
      },
      ...problems(...WRITE_ERRORS),
    },
  }),
  async (c) => {
    const { case: kase } = await c.var.services.cases.register(
      c.var.identity,
      c.req.valid("json"),
      c.req.valid("header")["idempotency-key"],
    );
    return reply(c, kase, 201) as never;
  },
);

casesApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listCases",
    tags: ["cases"],
    security,
    summary: "Cases the caller's agency handles (the bureau: all)",
    description:
      "Newest first, identities masked. Filters apply within each page, so a page may hold fewer than `limit`; follow `nextCursor`.",
    request: { query: CaseListQuery },
    responses: {
      200: {
        description: "A page of cases",
        content: json(pageOf(CaseSchema, "CasePage"), {
          items: [caseExample],
          nextCursor: "eyJwayI6IkNBU0UjMDFLQUgzUTZKMVgyWTNaNEE1QjZDN0Q4RTkifQ",
        }),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) => {
    const { cursor, limit, overdue, ...filters } = c.req.valid("query");
    const page = await c.var.services.cases.list(
      c.var.identity,
      { ...filters, ...(overdue ? { overdue: overdue === "true" } : {}) },
      pageRequest({ cursor, limit }),
    );
    return c.json(
      {
        items: page.items.map((k) => viewOf(k, c.var.identity)),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
      200,
    ) as never;
  },
);

casesApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getCase",
    tags: ["cases"],
    security,
    summary: "One case",
    description:
      "Identities (the petitioner, hearing participants) come masked, and an ordinary read writes nothing. " +
      "`?reveal=petitioner` shows them in full to those who work the case — intake and coordinators at the bureau; handlers and heads " +
      "at the lead, a co-handler or the reviewing agency — and records the reveal in the access log first; anyone else gets 403.",
    request: { params: CaseIdParam, query: CaseReadQuery },
    responses: {
      200: { description: "The case", headers: etagHeader, content: json(CaseSchema, caseExample) },
      ...problems(...READ_ERRORS, 503),
    },
  }),
  async (c) => {
    const read = await c.var.services.cases.read(
      c.var.identity,
      c.req.valid("param").id,
      c.req.valid("query").reveal === "petitioner",
    );
    return reply(c, read.case, 200, read.revealed) as never;
  },
);

/**
 * A page of one kind of item kept in a case's partition — its reveals, its events — for
 * those the route guard lets ask and who see the case.
 */
function casePartitionRoute<T extends z.ZodTypeAny>(route: {
  path: "/{id}/access-log" | "/{id}/events";
  operationId: string;
  summary: string;
  description?: string;
  page: { description: string; schema: T; example: unknown };
  read: (
    services: AppEnv["Variables"]["services"]["cases"],
    who: Identity,
    caseId: string,
    page: PageRequest,
  ) => Promise<unknown>;
}) {
  casesApp.openapi(
    createRoute({
      method: "get",
      path: route.path,
      operationId: route.operationId,
      tags: ["cases"],
      security,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      request: { params: CaseIdParam, query: PageQuery },
      responses: {
        200: { description: route.page.description, content: json(route.page.schema, route.page.example) },
        ...problems(...READ_ERRORS),
      },
    }),
    async (c) => {
      const page = await route.read(
        c.var.services.cases,
        c.var.identity,
        c.req.valid("param").id,
        pageRequest(c.req.valid("query")),
      );
      return c.json(page, 200) as never;
    },
  );
}

casePartitionRoute({
  path: "/{id}/access-log",
  operationId: "getCaseAccessLog",
  summary: "Who revealed the case's identities, newest first (auditors, the bureau)",
  page: {
    description: "A page of reveals",
    schema: pageOf(AccessRecordSchema, "AccessRecordPage"),
    example: documentOnly({ items: [accessRecordExample] }),
  },
  read: (cases, who, id, page) => cases.accessLog(who, id, page),
});

casePartitionRoute({
  path: "/{id}/events",
  operationId: "listCaseEvents",
  summary: "The case's audit trail, oldest first",
  description:
    "Every event carries the hash of the one before it. Names of people other than officers are masked or left out.",
  page: {
    description: "A page of events",
    schema: pageOf(EventSchema, "EventPage"),
    example: documentOnly({ items: [eventExample] }),
  },
  read: (cases, who, id, page) => cases.events(who, id, page),
});

casesApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/events/verify",
    operationId: "verifyCaseEvents",
    tags: ["cases"],
    security,
    summary: "Verify the case's hash chain end to end",
    request: { params: CaseIdParam },
    responses: {
      200: {
        description: "Verdict",
        content: json(
          z
            .object({
              valid: z.boolean(),
              events: z.number().int(),
              firstBadSeq: z.number().int().optional(),
            })
            .openapi("ChainVerdict"),
          { valid: true, events: 12 },
        ),
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) =>
    c.json(await c.var.services.cases.verify(c.var.identity, c.req.valid("param").id), 200) as never,
);

/** `If-Match: "<version>"`; `*` or absent means "re-read and re-check". */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new BadRequestError('If-Match must be a case ETag such as "3".');
  return Number(m[1]);
}

const ACCEPTED_ASYNC: ReadonlySet<ActionName> = new Set(["route", "resolve-dispute"]);

/** `add-cohandler` → `addCohandler`: the command's operationId. */
const camel = (action: string) => action.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());

for (const action of Object.keys(commandBodies) as ActionName[]) {
  const status = ACCEPTED_ASYNC.has(action) ? 202 : 200;
  const body = commandBodies[action];
  casesApp.openapi(
    createRoute({
      method: "post",
      path: `/{id}/${action}`,
      operationId: camel(action),
      tags: ["commands"],
      security,
      summary: `Command: ${action}`,
      description: `${MASKED_NOTE} Who may issue it, in which status, and the clocks it stops and starts: the lifecycle table (shared/domain/lifecycle.ts).`,
      request: {
        params: CaseIdParam,
        headers: z.object({
          "if-match": z.string().max(40).optional().openapi({
            description:
              'The version from the case\'s ETag ("3"); 412 when the case has moved on. Without it the server re-reads and re-checks.',
          }),
        }),
        // A body with no required field may be left out altogether (curl -X POST), as {} would say.
        body: {
          required: !body.safeParse({}).success,
          content: json(body, documentOnly(examples.commands[action])),
        },
      },
      responses: {
        [status]: {
          description: status === 202 ? "Accepted; the router applies it over the queue" : "Applied",
          headers: etagHeader,
          content: json(CaseSchema, caseExample),
        },
        ...problems(...COMMAND_ERRORS),
      },
    }),
    async (c) => {
      const ifMatch = parseIfMatch(c.req.valid("header")["if-match"]);
      const input = c.req.valid("json") as CommandInputs[typeof action];
      const kase = await c.var.services.cases.command(
        c.var.identity,
        c.req.valid("param").id,
        action,
        input,
        ifMatch,
      );
      return reply(c, kase, status) as never;
    },
  );
}
