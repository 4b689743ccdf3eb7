// The Lambda bundles validate with zod's mini edition wearing the classic methods Casebridge's
// schemas call (shared/zod-for-lambda.ts); the tests and the local runtime with zod itself.
// Here every schema that module files export — request bodies and queries, queue messages,
// the configuration — is bundled as the functions are, and on generated inputs, shaped after
// the schema so that most get past its first check, must answer exactly as the unbundled
// one: the same success, the same parsed value, the same issues in the same words.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esbuildOptions, REPO_ROOT } from "../../infra/bundling.js";

const MODULES = [
  "shared/http/schemas.ts",
  "shared/http/file-schemas.ts",
  "shared/http/meeting-bodies.ts",
  "shared/http/stats.ts",
  "shared/http/jurisdiction.ts",
  "shared/http/routing-rules.ts",
  "shared/http/webhooks.ts",
  "shared/http/notifications.ts",
  "shared/http/reference.ts",
  "shared/http/open311.ts",
  "shared/app/messages.ts",
  "shared/config.ts",
];

type Schema = {
  _zod: { def: Record<string, any> };
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: unknown[] } };
};
const isSchema = (v: unknown): v is Schema =>
  typeof v === "object" && v !== null && "_zod" in v && typeof (v as Schema).safeParse === "function";

/** Every schema a module exports, and those one level inside an exported object (commandBodies). */
function schemasOf(module: Record<string, unknown>): Map<string, Schema> {
  const found = new Map<string, Schema>();
  for (const [name, value] of Object.entries(module)) {
    if (isSchema(value)) found.set(name, value);
    else if (typeof value === "object" && value !== null && !Array.isArray(value))
      for (const [inner, v] of Object.entries(value)) if (isSchema(v)) found.set(`${name}.${inner}`, v);
  }
  return found;
}

const SAMPLES = [
  "",
  "  padded  ",
  "x",
  "2026-10",
  "2026-13",
  "2026-11-29T19:00:00.000Z",
  "2026-11-29T19:00:00+08:00",
  "2026-11-29",
  "https://hooks.example/casebridge",
  "http://hooks.example",
  "not a url",
  "01KAH3Q6J1X2Y3Z4A5B6C7D8E9",
  "hrss",
  "Bureau",
  "110101199003077777",
  "13800138000",
  "e\u0301",
  "信访事项",
  "25",
  "-1",
  "1.5",
];
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, 1e9, [], {}),
  fc.constantFrom(...SAMPLES),
  fc.string({ maxLength: 12 }),
);

/** What a schema's checks ask for: a pattern, a format, bounds on length or value. */
function wanted(def: Record<string, any>) {
  const want: { pattern?: RegExp; format?: string; min?: number; max?: number } = {};
  for (const check of (def.checks ?? []) as Array<{ _zod: { def: Record<string, any> } }>) {
    const c = check._zod.def;
    if (c.check === "string_format") {
      if (c.format === "regex") want.pattern ??= c.pattern;
      else want.format = c.format;
    } else if (c.check === "min_length") want.min = c.minimum;
    else if (c.check === "max_length") want.max = c.maximum;
    else if (c.check === "greater_than") want.min = c.value;
    else if (c.check === "less_than") want.max = c.value;
  }
  return want;
}

/** Strings that a string schema's own checks (its pattern, format and length) would let pass. */
function fitting(def: Record<string, any>): fc.Arbitrary<string> {
  const { pattern, format, min = 0, max } = wanted(def);
  if (format === "url") return fc.constantFrom("https://hooks.example/casebridge", "https://a.example/");
  if (format === "datetime") return fc.constantFrom("2026-11-29T19:00:00.000Z", "2026-01-01T00:00:00Z");
  // A pattern's own length wins when no bound is set (a SHA-256's 64 hex digits).
  return pattern
    ? fc
        .stringMatching(pattern)
        .filter((s) => s.length >= min && s.length <= (max ?? Number.POSITIVE_INFINITY))
    : fc.string({ minLength: min, maxLength: Math.min(max ?? 40, 200) });
}

/**
 * Inputs shaped after a schema's definition, now and then something else in a field's place.
 * `fit`: each field as its own checks want it and nothing beside, so that an object of many
 * fields (the Open311 form has seventeen, six with a pattern) passes now and then too: mixed
 * field by field, such an object all but never gets past every check, and its parsed value
 * would go unchecked.
 */
function inputFor(schema: Schema, fit = false): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  const own = (): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case "object": {
        const fields = (asFit: boolean) =>
          Object.fromEntries(
            Object.entries(def.shape as Record<string, Schema>).map(([k, s]) => [k, inputFor(s, asFit)]),
          );
        const fitted = fc
          .record(fields(true))
          .map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
        if (fit) return fitted;
        return fc.oneof(
          {
            weight: 3,
            arbitrary: fc
              .tuple(
                fc.record(fields(false), { requiredKeys: [] }),
                fc.option(fc.constantFrom("bogus", "extra")),
              )
              .map(([record, extra]) => (extra ? { ...record, [extra]: 1 } : record)),
          },
          { weight: 1, arbitrary: fitted },
        );
      }
      case "string":
        return fit
          ? fitting(def)
          : fc.oneof(
              { weight: 3, arbitrary: fitting(def) },
              fc.constantFrom(...SAMPLES),
              fc.string({ maxLength: 60 }),
              fc.string({ minLength: 190, maxLength: 4200, unit: "grapheme" }),
            );
      case "number": {
        const { min: minimum = -10, max: maximum = 500 } = wanted(def);
        const within = fc.integer({ min: Math.max(minimum, -1e6), max: Math.min(maximum, 1e6) });
        return fit
          ? within
          : fc.oneof(
              { weight: 3, arbitrary: within },
              fc.double(),
              fc.constantFrom(0, 1, 2.5, 1e12, minimum - 1, maximum + 1),
            );
      }
      case "boolean":
        return fc.boolean();
      case "enum":
        return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
      case "literal":
        return fc.constantFrom(...(def.values as unknown[]));
      case "array": {
        const { min = 0, max = 5 } = fit ? wanted(def) : {};
        return fc.array(inputFor(def.element, fit), {
          minLength: min,
          maxLength: Math.max(min, Math.min(max, 5)),
        });
      }
      case "record":
        return fc.dictionary(
          fc.oneof(fc.constantFrom(...SAMPLES), fc.string({ maxLength: 8 })),
          inputFor(def.valueType, fit),
          {
            maxKeys: 3,
          },
        );
      case "optional":
      case "default":
      case "nullable":
        return fc.oneof(fc.constant(undefined), inputFor(def.innerType, fit));
      case "union":
        return fc.oneof(...(def.options as Schema[]).map((option) => inputFor(option, fit)));
      case "pipe":
        return fit ? inputFor(def.out, true) : fc.oneof(inputFor(def.out), leaf);
      default:
        return leaf;
    }
  };
  return fit ? own() : fc.oneof({ weight: 12, arbitrary: own() }, { weight: 1, arbitrary: leaf });
}

function answer(schema: Schema, input: unknown) {
  try {
    const result = schema.safeParse(input);
    return result.success ? { data: result.data } : { issues: result.error!.issues };
  } catch (error) {
    return { threw: String(error) };
  }
}

let dir: string;
const pairs: Array<[string, Schema, Schema]> = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "casebridge-zod-"));
  const names = MODULES.map((_, i) => `m${i}`);
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    MODULES.map((m, i) => `export * as ${names[i]} from ${JSON.stringify(join(REPO_ROOT, m))};`).join("\n"),
  );
  const out = join(dir, "schemas.mjs");
  await build({ ...esbuildOptions(REPO_ROOT), entryPoints: [entry], outfile: out, logLevel: "silent" });
  const bundled = (await import(pathToFileURL(out).href)) as Record<string, Record<string, unknown>>;
  for (const [i, module] of MODULES.entries()) {
    const source = schemasOf((await import(join(REPO_ROOT, module))) as Record<string, unknown>);
    const inBundle = schemasOf(bundled[names[i]!]!);
    expect([...inBundle.keys()].sort(), module).toEqual([...source.keys()].sort());
    for (const [name, schema] of source) pairs.push([`${module} ${name}`, schema, inBundle.get(name)!]);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Lambda bundles' zod", () => {
  it("is zod's mini edition: no classic zod in a bundle", async () => {
    const result = await build({
      ...esbuildOptions(REPO_ROOT),
      entryPoints: [join(REPO_ROOT, "functions/api.ts")],
      write: false,
      outfile: join(dir, "api.mjs"),
      metafile: true,
      logLevel: "silent",
    });
    const kept = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(kept.some((p) => p.includes("zod/v4/mini/"))).toBe(true);
    expect(kept.filter((p) => p.includes("zod/v4/classic/"))).toEqual([]);
  }, 30_000);

  it("validates every exported schema as zod itself does, on generated inputs", () => {
    expect(pairs.length).toBeGreaterThan(30);
    const accepting: string[] = [];
    for (const [name, source, bundled] of pairs) {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(inputFor(source), (input) => {
          const expected = answer(source, input);
          expect(answer(bundled, input), name).toEqual(expected);
          if ("data" in expected) accepted++;
          else refused++;
        }),
        { numRuns: 200, seed: 20261130 },
      );
      expect(refused, name).toBeGreaterThan(0);
      if (accepted > 0) accepting.push(name);
    }
    // Both ways: for all but a few schemas some inputs pass every check (the inputs fitted
    // field by field see to it; a query whose fields must agree with each other may not).
    expect(accepting.length).toBeGreaterThan(pairs.length * 0.95);
  }, 120_000);
});
