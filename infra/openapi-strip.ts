// What only the OpenAPI document reads, taken out of the sources a Lambda bundle is built
// from (bundleFunction, infra/bundling.ts). The bundles serve a document generated before
// bundling from the untouched sources (shared/zod-to-openapi-for-lambda.ts), so in them this
// is dead weight: about 25 KB of the api bundle, the descriptions, summaries, answers and
// examples.
//
// Three things go, all read by the document generator and by nothing that runs:
// - of a `createRoute({...})` literal, the members @hono/zod-openapi leaves to the document
//   (DOCUMENT_ONLY): it routes and validates with `method`, `path`, `request`, `middleware`
//   and `hide`, which stay, as does any member not named here;
// - a schema's `.openapi("Name")` or `.openapi({...})`: in the bundles it hands back the
//   schema itself. A call whose first argument is anything else stays (a router's
//   `app.openapi(route, handler)` takes a route, never a string or a literal); a literal
//   that names a `method` or `path` is refused, since it would be a route;
// - `documentOnly(value)` (shared/http/openapi.ts), which marks such a value where the two
//   rules above cannot see it, a request body's example say: it becomes `undefined`.
// tests/infra/openapi-strip.test.ts shows it on examples; tests/infra/bundles.test.ts runs
// every documented operation against the bundled and the unbundled api.
import ts from "typescript";

/** The createRoute members only the document reads. */
export const DOCUMENT_ONLY = [
  "summary",
  "description",
  "tags",
  "operationId",
  "security",
  "responses",
  "deprecated",
  "externalDocs",
  "servers",
  "callbacks",
] as const;

const documentOnlyMembers = new Set<string>(DOCUMENT_ONLY);

/** Worth parsing: the source mentions one of the three. */
export const mayDocument = (source: string) =>
  source.includes("createRoute(") || source.includes(".openapi(") || source.includes("documentOnly(");

/** `source` (TypeScript) without what only the OpenAPI document reads; the rest byte for byte. */
export function stripOpenApiDocumentation(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // Each cut: a range of the source, and what takes its place.
  const cuts: Array<[number, number, string]> = [];

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const [first] = node.arguments;
      if (
        ts.isIdentifier(callee) &&
        callee.text === "createRoute" &&
        first &&
        ts.isObjectLiteralExpression(first)
      ) {
        for (const member of first.properties) {
          const name = member.name && propertyName(member.name);
          const plain = ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member);
          if (plain && name !== undefined && documentOnlyMembers.has(name)) {
            cuts.push([member.getStart(file), afterComma(source, member.end), ""]);
          }
        }
      }
      if (ts.isIdentifier(callee) && callee.text === "documentOnly" && node.arguments.length === 1) {
        // `documentOnly(example)` → `undefined`
        cuts.push([node.getStart(file), node.end, "undefined"]);
      }
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "openapi" &&
        first &&
        isMetadata(first, file)
      ) {
        // `schema.openapi(...)` → `schema`
        cuts.push([callee.expression.end, node.end, ""]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  // A cut inside another (a .openapi() call within a stripped member) goes with the outer one.
  cuts.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number, string]> = [];
  for (const cut of cuts) {
    const last = merged[merged.length - 1];
    if (last && cut[0] < last[1]) last[1] = Math.max(last[1], cut[1]);
    else merged.push([...cut]);
  }
  let out = "";
  let at = 0;
  for (const [start, end, by] of merged) {
    out += source.slice(at, start) + by;
    at = end;
  }
  return out + source.slice(at);
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The end of a member and of the comma after it, if one follows. */
function afterComma(source: string, end: number): number {
  let i = end;
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return source[i] === "," ? i + 1 : end;
}

/** A schema's metadata: a name, or an object literal that is not a route. */
function isMetadata(arg: ts.Expression, file: ts.SourceFile): boolean {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return true;
  if (!ts.isObjectLiteralExpression(arg)) return false;
  for (const member of arg.properties) {
    const name = member.name && propertyName(member.name);
    if (name === "method" || name === "path") {
      const { line } = file.getLineAndCharacterOfPosition(arg.getStart(file));
      throw new Error(
        `${file.fileName}:${line + 1}: .openapi() with a literal naming \`${name}\` looks like a route: ` +
          "define routes with createRoute() (infra/openapi-strip.ts).",
      );
    }
  }
  return true;
}
