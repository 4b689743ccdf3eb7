// /v1/routing-rules: which agency a case of each category and region goes to, read by
// everyone who reads reference data and replaced by the bureau's coordinator under
// If-Match (docs/jurisdiction.md, "Routing rules"); /history, the changes as the
// jurisdiction's trail records them.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { BadRequestError, PreconditionRequiredError } from "../errors.js";
import { newRouter } from "./env.js";
import {
  routingRulesBody,
  routingRulesEventExample,
  routingRulesExample,
  routingRulesInvalid,
} from "./examples.js";
import { documentOnly, json, problemAs, problems, security } from "./openapi.js";
import { pageOf, pageRequest, PageQuery, slug } from "./schemas.js";

export const routingRulesApp = newRouter();

/** Rules a jurisdiction may hold: every category × (its regions and "*") with room to spare. */
const MAX_RULES = 200;
const MAX_COHANDLERS = 10;

const RuleBody = z.strictObject({
  category: slug,
  region: z
    .union([slug, z.literal("*")])
    .openapi({ description: 'A region of the jurisdiction, or "*" for every region.' }),
  lead: slug,
  cohandlers: z.array(slug).max(MAX_COHANDLERS),
});

const RoutingRulesBody = z
  .strictObject({ rules: z.array(RuleBody).min(1).max(MAX_RULES) })
  .openapi("RoutingRulesChange");

const RoutingRuleSchema = z
  .object({
    category: z.string(),
    region: z
      .string()
      .openapi({ description: '"*": the category\'s default, where no rule names the region.' }),
    lead: z.string(),
    cohandlers: z.array(z.string()),
  })
  .openapi("RoutingRule");

const RoutingRulesSchema = z
  .object({
    version: z.number().int().min(0).openapi({ description: "Also the ETag; send it back as If-Match." }),
    rules: z.array(RoutingRuleSchema),
  })
  .openapi("RoutingRules");

export const JurisdictionEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string().datetime(),
    actor: z.string(),
    agency: z.string(),
    role: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({
      description:
        "versionBefore, versionAfter, and the rules added, removed and changed (before and after).",
    }),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("JurisdictionEvent");
/** A page of the jurisdiction's trail, as every history route answers it. */
export const JurisdictionEventPageSchema = pageOf(JurisdictionEventSchema, "JurisdictionEventPage");

const rulesEtag = {
  ETag: {
    description: 'The rules\' version, quoted ("3"): send it back as If-Match to change them.',
    schema: { type: "string" as const, example: '"3"' },
  },
};

/** `If-Match: "<version>"`, required: a change names the version it replaces. */
function requiredVersion(header: string | undefined): number {
  if (header === undefined || header.trim() === "*")
    throw new PreconditionRequiredError(
      'Send If-Match with the version last read (its ETag, e.g. "3"); "*" is not a version.',
    );
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new BadRequestError('If-Match must be the routing rules\' ETag, such as "3".');
  return Number(m[1]);
}

routingRulesApp.openapi(
  createRoute({
    method: "get",
    path: "/routing-rules",
    operationId: "getRoutingRules",
    tags: ["reference"],
    security,
    summary: "The routing rules in force, with their version",
    description:
      'Without an explicit `to`, routing a case takes the rule of its category and region, else its category\'s rule for region "*".',
    responses: {
      200: {
        description: "The rules",
        headers: rulesEtag,
        content: json(RoutingRulesSchema, routingRulesExample),
      },
      ...problems(401, 403, 429, 500),
    },
  }),
  async (c) => {
    const set = await c.var.services.routingRules.read(c.var.identity);
    c.header("ETag", `"${set.version}"`);
    return c.json(set, 200);
  },
);

routingRulesApp.openapi(
  createRoute({
    method: "put",
    path: "/routing-rules",
    operationId: "replaceRoutingRules",
    tags: ["reference"],
    security,
    summary: "Replace the routing rules (the bureau's coordinator; If-Match required)",
    description:
      "The whole rule set, as GET answers it, from the version named in If-Match (428 without it, 412 when the rules have moved on). " +
      'Refused with 422 and each broken rule in `issues`: an unknown category, region, or agency; two rules for one category and region; a co-handler that leads or is named twice; a category with a default lead left without a rule for region "*". ' +
      "A case is still never routed to its respondent: checked when each case is routed. Each change is recorded on the jurisdiction's trail (GET /v1/routing-rules/history); cases already routed stay where they are.",
    request: {
      headers: z.object({
        "if-match": z.string().max(40).optional().openapi({
          description: 'The version from GET\'s ETag ("3"). Required: 428 without it, 412 when stale.',
        }),
      }),
      body: { required: true, content: json(RoutingRulesBody, documentOnly(routingRulesBody)) },
    },
    responses: {
      200: {
        description: "The rules now in force",
        headers: rulesEtag,
        content: json(RoutingRulesSchema, routingRulesExample),
      },
      // No 404: the rules always exist. 409 when other changes of the jurisdiction kept winning.
      ...problems(400, 401, 403, 409, 412, 413, 415, 428, 429, 500),
      422: problemAs(422, routingRulesInvalid),
    },
  }),
  async (c) => {
    const version = requiredVersion(c.req.valid("header")["if-match"]);
    const set = await c.var.services.routingRules.replace(c.var.identity, c.req.valid("json").rules, version);
    c.header("ETag", `"${set.version}"`);
    return c.json(set, 200);
  },
);

routingRulesApp.openapi(
  createRoute({
    method: "get",
    path: "/routing-rules/history",
    operationId: "listRoutingRuleChanges",
    tags: ["reference"],
    security,
    summary: "Changes to the routing rules, oldest first: who, when, versions and the rules changed",
    description:
      "Events of the jurisdiction's hash-chained trail; they name agencies, categories and regions, no petitioner.",
    request: { query: PageQuery },
    responses: {
      200: {
        description: "A page of changes",
        content: json(JurisdictionEventPageSchema, {
          items: [routingRulesEventExample],
        }),
      },
      ...problems(400, 401, 403, 429, 500),
    },
  }),
  async (c) =>
    c.json(await c.var.services.routingRules.history(c.var.identity, pageRequest(c.req.valid("query"))), 200),
);
