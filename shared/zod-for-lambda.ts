// zod as the Lambda bundles see it: infra/bundling.ts aliases the package "zod" to this file
// (and zod's JSON Schema converter to shared/zod-json-schema-for-lambda.ts). The tests and the
// local runtime use zod itself.
//
// It is zod's own mini edition, "zod/mini", wearing the few chained methods of zod's classic
// edition that Casebridge's schemas call (`z.string().min(1).max(40).optional()`). Classic
// zod hangs every method on every schema (`.email()`, `.pipe()`, `.toJSONSchema()`, …), so
// a bundle that makes one string schema carries all of zod: 81 KB of each bundle. Mini
// leaves each check to be imported on its own, and esbuild drops what nobody imports. The
// methods below are the classic ones, written as zod writes them — a check added to a
// clone of the schema (`check`), or the schema wrapped (`optional`) — from the same core
// checks, so a schema validates and words its issues exactly alike; classic's English
// messages are set as its default locale is. What classic sets beside that, a memo of
// parses for inputs that refer to themselves, never meets a JSON body.
//
// A method not listed here is not there: a schema calling one fails at import, in every
// bundle test. tests/infra/bundles.test.ts runs the bundled api against the unbundled one,
// and every schema of shared/http, shared/app/messages.ts and shared/config.ts, bundled, against
// itself unbundled, on generated inputs.
//
// @hono/zod-openapi imports zod's `z` namespace as a value (to add `.openapi()` to its
// schemas, and to re-export it): here `z` is only the one member it reads. Casebridge code
// imports zod as a namespace (`import * as z from "zod"`), never `z`: biome.jsonc refuses it.
import * as core from "../node_modules/zod/v4/core/index.js";
import en from "../node_modules/zod/v4/locales/en.js";
import * as mini from "../node_modules/zod/v4/mini/index.js";

export * from "../node_modules/zod/v4/mini/index.js";

type Schema = core.$ZodType & {
  check(...checks: unknown[]): Schema;
  clone(): Schema;
};
/** A check's message or options, passed through to zod as given. */
type Params = string | { message?: string; abort?: boolean };

/** The bound a schema's `min`/`max` sets: a length for strings and arrays, a value for numbers. */
function bound(schema: Schema, side: "min" | "max", value: number, params?: Params) {
  const type = schema._zod.def.type;
  if (type === "number") return side === "min" ? mini.gte(value, params) : mini.lte(value, params);
  if (type === "string" || type === "array")
    return side === "min" ? mini.minLength(value, params) : mini.maxLength(value, params);
  throw new TypeError(`.${side}() on a ${type} schema is not in the Lambda bundles' zod`);
}

/** Classic zod's methods that Casebridge calls, on every schema made here. */
const methods: ThisType<Schema> & Record<string, (this: Schema, ...args: never[]) => unknown> = {
  optional() {
    return mini.optional(this);
  },
  default(value: unknown) {
    return mini._default(this, value as never);
  },
  refine(fn: (value: unknown) => unknown, params?: Params) {
    return this.check(mini.refine(fn, params));
  },
  superRefine(fn: Parameters<typeof mini.superRefine>[0]) {
    return this.check(mini.superRefine(fn));
  },
  describe(description: string) {
    const clone = this.clone();
    core.globalRegistry.add(clone, { description });
    return clone;
  },
  // The document is prebuilt (shared/zod-to-openapi-for-lambda.ts): metadata changes nothing.
  openapi() {
    return this;
  },
  min(value: number, params?: Params) {
    return this.check(bound(this, "min", value, params));
  },
  max(value: number, params?: Params) {
    return this.check(bound(this, "max", value, params));
  },
  int(params?: Params) {
    return this.check(mini.int(params));
  },
  regex(pattern: RegExp, params?: Params) {
    return this.check(mini.regex(pattern, params));
  },
  overwrite(fn: (value: never) => unknown) {
    return this.check(mini.overwrite(fn as never));
  },
  startsWith(prefix: string, params?: Params) {
    return this.check(mini.startsWith(prefix, params));
  },
  url(params?: Params) {
    return this.check(mini.url(params));
  },
  datetime(params?: Parameters<typeof mini.iso.datetime>[0]) {
    return this.check(mini.iso.datetime(params));
  },
  extend(shape: core.$ZodShape) {
    return mini.extend(this as never, shape);
  },
  pick(mask: Record<string, true>) {
    return mini.pick(this as never, mask);
  },
};

// On the prototype of each kind of schema a Casebridge schema is made of, as classic zod
// installs its own: every instance has them, none copies them.
for (const kind of [
  mini.ZodMiniString,
  mini.ZodMiniNumber,
  mini.ZodMiniNumberFormat,
  mini.ZodMiniBoolean,
  mini.ZodMiniArray,
  mini.ZodMiniObject,
  mini.ZodMiniEnum,
  mini.ZodMiniLiteral,
  mini.ZodMiniUnknown,
  mini.ZodMiniRecord,
  mini.ZodMiniUnion,
  mini.ZodMiniOptional,
  mini.ZodMiniDefault,
  mini.ZodMiniPipe,
]) {
  for (const [name, method] of Object.entries(methods))
    Object.defineProperty(kind.prototype, name, { value: method, writable: true, configurable: true });
}

/** Classic zod's `z.preprocess`: the value transformed, then checked (a pipe, as there). */
export function preprocess<T extends core.$ZodType>(fn: (value: unknown) => unknown, schema: T) {
  return mini.pipe(mini.transform(fn), schema);
}

// Classic zod's default: its English messages.
if (!core.globalConfig.localeError) core.config(en());

/** What extendZodWithOpenApi(z) reads: `.openapi` is among the methods already. */
export const z = { ZodType: { prototype: methods } };
export default z;
