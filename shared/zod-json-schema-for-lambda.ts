// zod's JSON Schema conversion as the Lambda bundles see it: infra/bundling.ts resolves zod's
// own imports of zod/v4/core/json-schema-processors.js and zod/v4/core/to-json-schema.js to
// this file.
//
// zod's schemas refer to the converter (for `toJSONSchema()` and the Standard JSON Schema
// `~standard.jsonSchema`), so a bundler keeps all of it, some 17 KB, although nothing in a
// Lambda converts a schema at run time: the OpenAPI document is built before bundling
// (shared/zod-to-openapi-for-lambda.ts). Here every name the two files export is present,
// and each converter throws if it is ever called. Building a schema, parsing and validating
// never call them; `aggregateChecks` (what getters such as `minLength` read) is zod's own.
// tests/infra/bundles.test.ts runs the bundled api against the unbundled one.

export { aggregateChecks } from "../node_modules/zod/v4/core/json-schema-processors.js";

function notInBundle(name: string) {
  return (..._args: unknown[]): never => {
    throw new Error(`zod's ${name} is not in this bundle (shared/zod-json-schema-for-lambda.ts).`);
  };
}

// json-schema-processors.js
export const stringProcessor = /* @__PURE__ */ notInBundle("stringProcessor");
export const numberProcessor = /* @__PURE__ */ notInBundle("numberProcessor");
export const booleanProcessor = /* @__PURE__ */ notInBundle("booleanProcessor");
export const bigintProcessor = /* @__PURE__ */ notInBundle("bigintProcessor");
export const symbolProcessor = /* @__PURE__ */ notInBundle("symbolProcessor");
export const nullProcessor = /* @__PURE__ */ notInBundle("nullProcessor");
export const undefinedProcessor = /* @__PURE__ */ notInBundle("undefinedProcessor");
export const voidProcessor = /* @__PURE__ */ notInBundle("voidProcessor");
export const neverProcessor = /* @__PURE__ */ notInBundle("neverProcessor");
export const anyProcessor = /* @__PURE__ */ notInBundle("anyProcessor");
export const unknownProcessor = /* @__PURE__ */ notInBundle("unknownProcessor");
export const dateProcessor = /* @__PURE__ */ notInBundle("dateProcessor");
export const enumProcessor = /* @__PURE__ */ notInBundle("enumProcessor");
export const literalProcessor = /* @__PURE__ */ notInBundle("literalProcessor");
export const nanProcessor = /* @__PURE__ */ notInBundle("nanProcessor");
export const templateLiteralProcessor = /* @__PURE__ */ notInBundle("templateLiteralProcessor");
export const fileProcessor = /* @__PURE__ */ notInBundle("fileProcessor");
export const successProcessor = /* @__PURE__ */ notInBundle("successProcessor");
export const customProcessor = /* @__PURE__ */ notInBundle("customProcessor");
export const functionProcessor = /* @__PURE__ */ notInBundle("functionProcessor");
export const transformProcessor = /* @__PURE__ */ notInBundle("transformProcessor");
export const mapProcessor = /* @__PURE__ */ notInBundle("mapProcessor");
export const setProcessor = /* @__PURE__ */ notInBundle("setProcessor");
export const arrayProcessor = /* @__PURE__ */ notInBundle("arrayProcessor");
export const objectProcessor = /* @__PURE__ */ notInBundle("objectProcessor");
export const unionProcessor = /* @__PURE__ */ notInBundle("unionProcessor");
export const intersectionProcessor = /* @__PURE__ */ notInBundle("intersectionProcessor");
export const tupleProcessor = /* @__PURE__ */ notInBundle("tupleProcessor");
export const recordProcessor = /* @__PURE__ */ notInBundle("recordProcessor");
export const nullableProcessor = /* @__PURE__ */ notInBundle("nullableProcessor");
export const nonoptionalProcessor = /* @__PURE__ */ notInBundle("nonoptionalProcessor");
export const defaultProcessor = /* @__PURE__ */ notInBundle("defaultProcessor");
export const prefaultProcessor = /* @__PURE__ */ notInBundle("prefaultProcessor");
export const catchProcessor = /* @__PURE__ */ notInBundle("catchProcessor");
export const pipeProcessor = /* @__PURE__ */ notInBundle("pipeProcessor");
export const readonlyProcessor = /* @__PURE__ */ notInBundle("readonlyProcessor");
export const promiseProcessor = /* @__PURE__ */ notInBundle("promiseProcessor");
export const optionalProcessor = /* @__PURE__ */ notInBundle("optionalProcessor");
export const lazyProcessor = /* @__PURE__ */ notInBundle("lazyProcessor");
/** Read by zod's JSONSchemaGenerator only: any lookup throws. */
export const allProcessors: Record<string, unknown> = /* @__PURE__ */ new Proxy(
  {},
  {
    get: (_target, name) => notInBundle(`allProcessors.${String(name)}`)(),
  },
);
export const toJSONSchema = /* @__PURE__ */ notInBundle("toJSONSchema");

// to-json-schema.js
export const initializeContext = /* @__PURE__ */ notInBundle("initializeContext");
export const handleUnrepresentable = /* @__PURE__ */ notInBundle("handleUnrepresentable");
export const processSchema = /* @__PURE__ */ notInBundle("processSchema");
export { processSchema as process };
export const extractDefs = /* @__PURE__ */ notInBundle("extractDefs");
export const finalize = /* @__PURE__ */ notInBundle("finalize");
// Called when a schema's `toJSONSchema` or `~standard` is read: they make the method, which throws when called.
export const createToJSONSchemaMethod = (..._args: unknown[]) => notInBundle("toJSONSchema");
export const createStandardJSONSchemaMethod = (..._args: unknown[]) => notInBundle("~standard.jsonSchema");
