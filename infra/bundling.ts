// How every Lambda is bundled, said once: bundleFunction builds a function's asset
// directory (index.mjs, and for the api its OpenAPI document and the /docs browser bundle,
// for the notices function the fonts its PDFs are set in).
// The CDK stack runs it for every function (infra/stack.ts, through infra/bundle-cli.ts at
// synth), and the bundle benchmark and tests call it directly, so what is measured and
// checked is what ships.
//
// esbuild runs through its JS API, not its command line: plugins leave out what only the
// OpenAPI document needs, zod's JSON Schema converter (zodJsonSchemaStub), the routes' and
// schemas' documentation (infra/openapi-strip.ts) and the examples (dataOnlyModules), and
// only the JS API takes plugins. That is why the stack does not use NodejsFunction, which
// runs esbuild's command line.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Metafile, type Plugin } from "esbuild";
import type { Deps } from "../shared/app/deps.js";
import { apiReferenceSource, DOCS_ASSETS_DIR } from "../shared/http/docs-bundle.js";
import type { FunctionShape } from "../shared/resources.js";
import { OPENAPI_DOCUMENT_FILE } from "../shared/zod-to-openapi-for-lambda.js";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

export const LAMBDA_BUNDLING = {
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: false,
  // Strings as UTF-8, not \u escapes: the console's Chinese texts are a third smaller.
  charset: "utf8",
  mainFields: ["module", "main"],
  // An ESM bundle has no `require`, yet bundled CommonJS dependencies still call it.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // The Node.js 22 runtime ships AWS SDK v3.
  external: ["@aws-sdk/*"],
  // Paths from the project root. zod without the members no bundle uses
  // (shared/zod-for-lambda.ts); zod-to-openapi without its document generator, the document
  // being built beforehand (shared/zod-to-openapi-for-lambda.ts).
  alias: {
    zod: "./shared/zod-for-lambda.ts",
    "@asteasolutions/zod-to-openapi": "./shared/zod-to-openapi-for-lambda.ts",
  },
  // Modules that only declare data (the OpenAPI examples): without side effects, so that a
  // bundle using none of their exports carries none of them. esbuild would otherwise keep an
  // unused object literal that spreads another, a getter being able to run.
  dataOnly: ["shared/http/examples.ts", "shared/http/jurisdiction-examples.ts"],
  // Imports resolved to a module of ours, whoever imports them: brotli's decompressor, which
  // fontkit loads for WOFF2 fonts only (shared/no-woff2-for-lambda.ts).
  stubs: { "brotli/decompress.js": "./shared/no-woff2-for-lambda.ts" },
  // zod's own imports of these, resolved to this file (shared/zod-json-schema-for-lambda.ts).
  zodJsonSchemaStub: {
    replaces: ["zod/v4/core/json-schema-processors.js", "zod/v4/core/to-json-schema.js"],
    by: "./shared/zod-json-schema-for-lambda.ts",
  },
} as const;

/** LAMBDA_BUNDLING.stubs: each import path, exactly, to its module of ours. */
function stubs(projectRoot: string): Plugin {
  const byPath = new Map(
    Object.entries(LAMBDA_BUNDLING.stubs).map(([path, by]) => [path, resolve(projectRoot, by)]),
  );
  return {
    name: "stubs",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const stub = byPath.get(args.path);
        return stub ? { path: stub } : undefined;
      });
    },
  };
}

/** zod's imports of its JSON Schema converter, from zod's own files only, to the stub. */
function zodJsonSchemaStub(projectRoot: string): Plugin {
  const { replaces, by } = LAMBDA_BUNDLING.zodJsonSchemaStub;
  const stub = resolve(projectRoot, by);
  const names = replaces.map((r) => r.split("/").pop()!);
  return {
    name: "zod-json-schema-stub",
    setup(b) {
      b.onResolve({ filter: /\/(json-schema-processors|to-json-schema)\.js$/ }, (args) => {
        const fromZod = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer);
        const file = args.path.split("/").pop()!;
        return fromZod && names.includes(file) ? { path: stub } : undefined;
      });
    },
  };
}

/** LAMBDA_BUNDLING.dataOnly, imported as `./name.js`, marked without side effects. */
function dataOnlyModules(projectRoot: string): Plugin {
  const files = new Set(LAMBDA_BUNDLING.dataOnly.map((f) => resolve(projectRoot, f)));
  return {
    name: "data-only-modules",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const file = resolve(dirname(args.importer), args.path.replace(/\.js$/, ".ts"));
        return files.has(file) ? { path: file, sideEffects: false } : undefined;
      });
    },
  };
}

/** Our sources without what only the OpenAPI document reads (infra/openapi-strip.ts). */
function openApiDocumentationStrip(): Plugin {
  return {
    name: "openapi-documentation-strip",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
        // Loaded when bundling only: it brings the TypeScript compiler, which the stack need not load.
        const { mayDocument, stripOpenApiDocumentation } = await import("./openapi-strip.js");
        const source = readFileSync(args.path, "utf8");
        if (!mayDocument(source)) return undefined;
        return { contents: stripOpenApiDocumentation(source, args.path), loader: "ts" };
      });
    },
  };
}

/** LAMBDA_BUNDLING for esbuild's API; `projectRoot` is where the alias paths start. */
export function esbuildOptions(projectRoot: string): BuildOptions {
  const b = LAMBDA_BUNDLING;
  return {
    bundle: true,
    platform: "node",
    format: b.format,
    target: b.target,
    minify: b.minify,
    sourcemap: b.sourcemap,
    charset: b.charset,
    mainFields: [...b.mainFields],
    banner: { js: b.banner },
    external: [...b.external],
    alias: { ...b.alias },
    plugins: [
      stubs(projectRoot),
      zodJsonSchemaStub(projectRoot),
      dataOnlyModules(projectRoot),
      openApiDocumentationStrip(),
    ],
    absWorkingDir: projectRoot,
  };
}

export interface BundledFunction {
  /** The bundle, `<outdir>/index.mjs`; the Lambda handler is `index.handler`. */
  file: string;
  bytes: number;
  metafile: Metafile;
}

/**
 * A function's asset directory, as it ships: `index.mjs`, and for the api `openapi.json` (the
 * document its bundle serves, shared/zod-to-openapi-for-lambda.ts) and the API reference's
 * browser bundle (DOCS_ASSETS_DIR, shared/http/docs-bundle.ts); for the notices function the
 * font files shared/adapters/notice-pdf.ts reads from beside index.mjs (noticeFontSources).
 */
export async function bundleFunction(
  shape: Pick<FunctionShape, "id" | "entry">,
  outdir: string,
  projectRoot = REPO_ROOT,
): Promise<BundledFunction> {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, "index.mjs");
  const { metafile } = await build({
    ...esbuildOptions(projectRoot),
    entryPoints: [resolve(projectRoot, shape.entry)],
    outfile: file,
    metafile: true,
    logLevel: "silent",
  });
  if (shape.id === "api") {
    writeFileSync(join(outdir, OPENAPI_DOCUMENT_FILE), await openApiDocument());
    mkdirSync(join(outdir, DOCS_ASSETS_DIR), { recursive: true });
    const source = apiReferenceSource();
    copyFileSync(source, join(outdir, DOCS_ASSETS_DIR, source.split(/[\\/]/).pop()!));
  }
  if (shape.id === "notices") {
    // Loaded when bundling the notices only: the renderer brings the PDF library with it.
    const { noticeFontSources } = await import("../shared/adapters/notice-pdf.js");
    for (const { from, to } of noticeFontSources()) copyBeside(outdir, from, to);
  }
  return { file, bytes: statSync(file).size, metafile };
}

/** `from` copied to `to` under `outdir`; a destination outside the asset directory is refused. */
function copyBeside(outdir: string, from: string, to: string): void {
  const target = resolve(outdir, to);
  const inside = relative(outdir, target);
  if (isAbsolute(to) || inside.startsWith("..") || isAbsolute(inside) || inside === "") {
    throw new Error(`A file beside the bundle must go under its directory, not to ${JSON.stringify(to)}.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(from, target);
}

/**
 * The OpenAPI document the api serves: the unbundled app's own answer to GET /openapi.json,
 * generated by @hono/zod-openapi from the same routes and schemas. Building the app touches
 * none of its dependencies, and serving the document none either: any use of one throws.
 */
export async function openApiDocument(): Promise<string> {
  const { createApp } = await import("../shared/http/app.js");
  const unused = (what: string) =>
    new Proxy(
      {},
      {
        get: (_target, name) => {
          throw new Error(`The OpenAPI document needs no ${what}.${String(name)}.`);
        },
      },
    );
  const deps = new Proxy({} as Deps, { get: (_target, name) => unused(String(name)) });
  const res = await createApp(deps, { claims: { kind: "apigw" } }).request("/openapi.json");
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${text.slice(0, 400)}`);
  return text;
}

/**
 * bundleFunction in a child process, synchronously, as CDK's local bundling wants it
 * (`tryBundle`); infra/bundle-cli.ts runs it under tsx. No Docker, no network.
 */
export function bundleFunctionSync(shape: Pick<FunctionShape, "id">, outdir: string): void {
  execFileSync(process.execPath, ["--import", "tsx", BUNDLE_CLI, shape.id, outdir], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** The script bundleFunctionSync runs, from the project root. */
export const BUNDLE_CLI = "infra/bundle-cli.ts";
