// @asteasolutions/zod-to-openapi as the Lambda bundles see it: infra/bundling.ts aliases the
// package to this file.
//
// @hono/zod-openapi uses that package for two things: the `.openapi()` method on zod's
// schemas (metadata for the document) and the document itself (a registry of the routes,
// and a generator turning the registry into OpenAPI). Neither validates a request: that is
// zod and @hono/zod-validator, which stay as they are. The generator and its registry were
// 29 KB of the api bundle, so the document is generated at build time instead, from the
// unbundled app (its own GET /openapi.json), and shipped beside the bundle as openapi.json
// (bundleFunction, infra/bundling.ts). Here:
// - `.openapi()` hands back the schema itself: the unbundled one returns a copy of it with
//   metadata, which validates exactly alike;
// - the registry records what @hono/zod-openapi registers, and nothing reads it;
// - the generators hand back that prebuilt document, read on first use, not at import.
// tests/infra/bundles.test.ts runs the bundled api against the unbundled one, the document included.
import { readFileSync } from "node:fs";

/** The prebuilt document's file name, beside the bundle's index.mjs. */
export const OPENAPI_DOCUMENT_FILE = "openapi.json";

type Definition = { type: string } & Record<string, unknown>;

export class OpenAPIRegistry {
  private readonly _definitions: Definition[] = [];

  get definitions(): Definition[] {
    return this._definitions;
  }
  register<T>(refId: string, schema: T): T {
    this._definitions.push({ type: "schema", refId, schema });
    return schema;
  }
  registerParameter<T>(refId: string, schema: T): T {
    this._definitions.push({ type: "parameter", refId, schema });
    return schema;
  }
  registerPath(route: unknown): void {
    this._definitions.push({ type: "route", route });
  }
  registerWebhook(webhook: unknown): void {
    this._definitions.push({ type: "webhook", webhook });
  }
  registerComponent(componentType: string, name: string, component: unknown) {
    this._definitions.push({ type: "component", componentType, name, component });
    return { name, ref: { $ref: `#/components/${componentType}/${name}` } };
  }
}

let prebuilt: unknown;

/** The document generated at build time, read once. */
function prebuiltDocument(): unknown {
  prebuilt ??= JSON.parse(readFileSync(new URL(`./${OPENAPI_DOCUMENT_FILE}`, import.meta.url), "utf8"));
  return prebuilt;
}

/**
 * OpenAPI 3.1, as app.doc31 asks for it: the prebuilt document. Its configuration (servers,
 * tags, info) is the one the build passed, the same constant of shared/http/app.ts.
 */
export class OpenApiGeneratorV31 {
  generateDocument(_config?: unknown): unknown {
    return prebuiltDocument();
  }
  generateComponents(): never {
    throw new Error("OpenAPI components are not generated in this bundle: the document is prebuilt.");
  }
}

/** OpenAPI 3.0: not served by Casebridge, so not prebuilt. */
export class OpenApiGeneratorV3 {
  generateDocument(): never {
    throw new Error("No OpenAPI 3.0 document in this bundle: only the prebuilt 3.1 one.");
  }
  generateComponents(): never {
    throw new Error("OpenAPI components are not generated in this bundle: the document is prebuilt.");
  }
}

/** Adds `.openapi()` to zod's schemas, as the real one does; it keeps no metadata. */
export function extendZodWithOpenApi(zod: { ZodType: { prototype: object } }): void {
  const proto = zod.ZodType.prototype as { openapi?: unknown };
  if (proto.openapi !== undefined) return;
  proto.openapi = function openapi(this: unknown) {
    return this;
  };
}

/** No metadata is kept in a bundle. */
export function getOpenApiMetadata(_schema: unknown): Record<string, unknown> {
  return {};
}
