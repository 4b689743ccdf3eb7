// zod for the HTTP routes and their schemas, with the `.openapi()` method of
// @hono/zod-openapi: importing that package is what adds the method to zod's schemas, so it
// is imported here, before any schema calls it.
//
// Import it as a namespace (`import * as z from "./zod.js"`), never as the `z` that zod or
// @hono/zod-openapi export: a bundler can drop what a namespace import leaves unused, but not
// what hangs off a value, and the Lambda bundles see a `z` that holds only what
// @hono/zod-openapi needs of it (shared/zod-for-lambda.ts; biome.jsonc refuses the import).
import "@hono/zod-openapi";

export * from "zod";
