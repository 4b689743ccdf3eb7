// zod as the Lambda bundles see it: infra/bundling.ts aliases the package "zod" to this file
// (and zod's JSON Schema converter to shared/zod-json-schema-for-lambda.ts).
//
// @hono/zod-openapi imports zod's `z` namespace as a value (to add `.openapi()` to its
// schemas, and to re-export it), and a namespace used as a value keeps every member in the
// bundle: the 64 locales of `z.locales` alone were 260 KB of each bundle serving HTTP, the
// JSON Schema reader and the schema compiler most of the rest. Here every export of zod
// passes through unchanged, one by one, so esbuild drops those nobody imports; only `z` (and
// the default export) is the one member @hono/zod-openapi reads of it. Casebridge code
// imports zod as a namespace (`import * as z from "zod"`), never `z`: biome.jsonc refuses
// that import, and tests/infra/bundles.test.ts runs the bundled api against the unbundled one.
import { ZodType } from "../node_modules/zod/v4/classic/schemas.js";

export * from "../node_modules/zod/v4/classic/external.js";

/** What extendZodWithOpenApi(z) reads: it sets `z.ZodType.prototype.openapi`. */
export const z = { ZodType };
export default z;
