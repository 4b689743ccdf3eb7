// /v1/agencies and /v1/categories: the jurisdiction's reference data.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { newRouter } from "./env.js";
import { agencyExample, categoryExample } from "./examples.js";
import { json, problems, security } from "./openapi.js";

export const referenceApp = newRouter();

const AgencySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nameZh: z.string(),
    superior: z.string().optional(),
    level: z.enum(["county", "city"]),
  })
  .openapi("Agency");
const CategorySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nameZh: z.string(),
    defaultLead: z.string().optional(),
    defaultCohandlers: z.array(z.string()),
  })
  .openapi("Category");

referenceApp.openapi(
  createRoute({
    method: "get",
    path: "/agencies",
    operationId: "listAgencies",
    tags: ["reference"],
    security,
    summary: "Agencies of the jurisdiction",
    responses: {
      200: {
        description: "Agencies",
        content: json(z.object({ items: z.array(AgencySchema) }).openapi("AgencyList"), {
          items: [agencyExample],
        }),
      },
      ...problems(401, 403, 429, 500),
    },
  }),
  async (c) => {
    return c.json({ items: await c.var.services.reference.agencies() }, 200);
  },
);

referenceApp.openapi(
  createRoute({
    method: "get",
    path: "/categories",
    operationId: "listCategories",
    tags: ["reference"],
    security,
    summary: "Petition categories and their default lead agencies",
    responses: {
      200: {
        description: "Categories and regions",
        content: json(
          z.object({ items: z.array(CategorySchema), regions: z.array(z.string()) }).openapi("CategoryList"),
          { items: [categoryExample], regions: ["chengguan", "xiangshan", "industrial-park"] },
        ),
      },
      ...problems(401, 403, 429, 500),
    },
  }),
  async (c) => {
    return c.json(await c.var.services.reference.categories(), 200);
  },
);
