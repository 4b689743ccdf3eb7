// What the Lambda bundles leave out of the routes and schemas: only what the OpenAPI document
// reads (infra/openapi-strip.ts). tests/infra/bundles.test.ts runs the result.
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { mayDocument, stripOpenApiDocumentation } from "../../infra/openapi-strip.js";

const source = `
const Item = z
  .object({ name: z.string().min(1).openapi({ description: "The name", example: "x" }), n: z.number() })
  .openapi("Item");
const Named = z.string().openapi(name);
app.openapi(
  createRoute({
    method: "post",
    path: "/items/{id}",
    operationId: "addItem",
    tags: ["items"],
    security,
    summary: "Add an item",
    description: \`An item, \${NOTE}\`,
    middleware: [limit],
    request: { params: z.object({ id: z.string() }), body: { required: true, content: json(Item, example) } },
    responses: { 201: { description: "Added", content: json(Item.openapi({ description: "nested" })) } },
    hide: false,
    "x-custom": 1,
  }),
  (c) => c.json({}, 201),
);
app.openapi(route, handler);
`;

describe("stripOpenApiDocumentation", () => {
  const out = stripOpenApiDocumentation(source, "routes.ts");

  it("keeps of a route what routes and validates, and anything it does not know", () => {
    for (const kept of [
      'method: "post"',
      'path: "/items/{id}"',
      "middleware: [limit]",
      "request: { params: z.object({ id: z.string() }), body: { required: true, content: json(Item, example) } }",
      "hide: false",
      '"x-custom": 1',
      "(c) => c.json({}, 201)",
      "app.openapi(route, handler);",
    ])
      expect(out).toContain(kept);
    for (const gone of ["operationId", "tags", "security", "summary", "description", "responses", "NOTE"])
      expect(out).not.toContain(gone);
  });

  it("drops a schema's metadata, keeping the schema", () => {
    expect(out).toContain(".object({ name: z.string().min(1), n: z.number() });");
    expect(out).not.toContain('openapi("Item")');
    // A name held in a variable could be anything: left as it is.
    expect(out).toContain("z.string().openapi(name)");
  });

  it("leaves valid TypeScript, and the rest byte for byte", () => {
    expect(() => transformSync(out, { loader: "ts" })).not.toThrow();
    expect(stripOpenApiDocumentation("const a = 1; // createRoute( .openapi(\n", "x.ts")).toBe(
      "const a = 1; // createRoute( .openapi(\n",
    );
    expect(mayDocument("const a = 1;")).toBe(false);
  });

  it("leaves undefined where a value is marked documentOnly", () => {
    expect(
      stripOpenApiDocumentation(
        "const a = json(Body, documentOnly(examples.body));\nconst b = documentOnly({ ...x, y: f() });\n",
        "b.ts",
      ),
    ).toBe("const a = json(Body, undefined);\nconst b = undefined;\n");
  });

  it("refuses a literal route given to .openapi(), which it could not tell from metadata", () => {
    expect(() =>
      stripOpenApiDocumentation('app.openapi({ method: "get", path: "/" }, (c) => c.text(""));', "r.ts"),
    ).toThrow(/looks like a route/);
  });
});
