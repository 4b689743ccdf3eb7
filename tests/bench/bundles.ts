// Benchmark 4, Lambda cold start: each function bundled as
// the CDK stack bundles it (bundleFunction), its size, and the time a fresh Node process
// takes to import the bundle and hold its `handler`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Metafile } from "esbuild";
import { bundleFunction, LAMBDA_BUNDLING } from "../../infra/bundling.js";
import { functions } from "../../shared/resources.js";
import {
  fmt,
  median,
  table,
  verdict,
  type Budget,
  type ChildProcesses,
  type Section,
  type SummaryRow,
} from "./harness.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RUNS = 5;
const MAX_BYTES = 300 * 1024;
const MAX_READY_MS = 150;

// Runs in the fresh process: from the first line of the importing script to `handler` in hand.
const IMPORT_SCRIPT = `
const t0 = performance.now();
const mod = await import(process.env.BENCH_BUNDLE);
if (typeof mod.handler !== "function") throw new Error("no handler export");
process.stdout.write(JSON.stringify({ readyMs: performance.now() - t0 }));
`;

interface BundleFigures {
  id: string;
  bytes: number;
  readyMs: number[];
  processMs: number[];
  /** The @aws-sdk/* modules the bundle imports (left to the runtime), and the floor: importing them alone. */
  sdk: string[];
  floorMs: number[];
  /** Bytes of the bundle by where they come from (a package, or a folder of ours), largest first. */
  parts: [string, number][];
}

/** The @aws-sdk/* modules a bundle imports at its top level (left to the Lambda runtime). */
export function sdkImportsOf(metafile: Metafile): string[] {
  return [
    ...new Set(
      Object.values(metafile.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && i.kind === "import-statement" && i.path.startsWith("@aws-sdk/"))
        .map((i) => i.path),
    ),
  ].sort();
}

/** Where an input of the metafile comes from: its npm package, or the folder of ours it sits in. */
function partOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (pkg) return pkg[1]!;
  const [top, second] = input.split("/");
  return top === "shared" && second && !second.includes(".") ? `shared/${second}` : top!;
}

export async function benchBundles(
  budget: Budget,
  children: ChildProcesses,
  log: (line: string) => void,
): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "casebridge-bench-"));
  // The bundles leave @aws-sdk/* to the runtime; here the project's own copy stands in for it.
  symlinkSync(resolve(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const figures: BundleFigures[] = [];
  try {
    for (const fn of functions) {
      if (budget.expired()) break;
      const built = await bundleFunction(fn, join(dir, fn.id));
      const outfile = built.file;
      // The floor: a bundle that imports the same @aws-sdk/* modules at its top level and nothing else.
      const sdk = sdkImportsOf(built.metafile);
      const floorFile = join(dir, fn.id, "floor.mjs");
      writeFileSync(
        floorFile,
        `${sdk.map((m) => `import ${JSON.stringify(m)};`).join("\n")}\nexport const handler = async () => {};\n`,
      );
      const parts = new Map<string, number>();
      for (const output of Object.values(built.metafile.outputs))
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
          parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
      const f: BundleFigures = {
        id: fn.id,
        bytes: built.bytes,
        readyMs: [],
        processMs: [],
        sdk,
        floorMs: [],
        parts: [...parts].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]),
      };
      // Alternating, so the two meet the same load.
      for (let run = 0; run < RUNS && !budget.expired(); run++) {
        let measured: { readyMs: number; processMs: number };
        let floor: { readyMs: number };
        try {
          floor = await importInFreshProcess(floorFile, budget.left(), children);
          measured = await importInFreshProcess(outfile, budget.left(), children);
        } catch (err) {
          // Killed because the section's time ran out: the runs so far stand, marked incomplete.
          if (budget.expired()) break;
          throw err;
        }
        f.floorMs.push(floor.readyMs);
        f.readyMs.push(measured.readyMs);
        f.processMs.push(measured.processMs);
      }
      if (!f.readyMs.length) break;
      figures.push(f);
      log(
        `  ${fn.id}: ${fmt.kb(f.bytes)}, import-to-ready median ${fmt.ms(median(f.readyMs))} (its SDK imports alone ${fmt.ms(median(f.floorMs))})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  /** What a bundle's own code adds to import-to-ready, beyond the floor of its SDK imports. */
  const ownMs = (f: (typeof figures)[number]) => median(f.readyMs) - median(f.floorMs);
  const oversize = figures.filter((f) => f.bytes > MAX_BYTES);
  const rows: SummaryRow[] = figures.flatMap((f) => [
    {
      benchmark: `Bundle size: ${f.id}`,
      measured:
        f.bytes > MAX_BYTES
          ? `${fmt.kb(f.bytes)} (its import: ${fmt.ms(ownMs(f))} above its SDK imports' floor)`
          : fmt.kb(f.bytes),
      target: "≤ 300 KB",
      verdict: verdict(f.bytes <= MAX_BYTES),
    },
    {
      benchmark: `Import-to-ready: ${f.id} (median of ${f.readyMs.length})`,
      measured: `${fmt.ms(median(f.readyMs))} (floor: its @aws-sdk/* imports alone, ${fmt.ms(median(f.floorMs))})`,
      target: `≤ ${MAX_READY_MS} ms`,
      verdict: f.readyMs.length === RUNS ? verdict(median(f.readyMs) <= MAX_READY_MS) : "incomplete",
    },
  ]);
  if (figures.length < functions.length)
    rows.push({
      benchmark: "Bundles: remaining functions",
      measured: "not run (time budget)",
      target: "",
      verdict: "incomplete",
    });
  return {
    title: "4. Bundle sizes and import-to-ready",
    rows,
    method:
      `Each function of shared/resources.ts (${functions.map((f) => f.entry).join(", ")}) is bundled by ` +
      "`bundleFunction` of infra/bundling.ts, the very function the CDK stack runs at synth to build each Lambda's asset: esbuild's " +
      `API with bundle, platform node, format ESM, target ${LAMBDA_BUNDLING.target}, minify, no source map, charset ${LAMBDA_BUNDLING.charset}, mainFields ` +
      `${LAMBDA_BUNDLING.mainFields.join(",")}, external ${LAMBDA_BUNDLING.external.join(", ")}, the aliases ` +
      `${Object.entries(LAMBDA_BUNDLING.alias)
        .map(([from, to]) => `${from} → ${to}`)
        .join(
          ", ",
        )} (zod's mini edition wearing the classic methods the schemas call), zod's own imports of ${LAMBDA_BUNDLING.zodJsonSchemaStub.replaces.join(" and ")} resolved to ` +
      `${LAMBDA_BUNDLING.zodJsonSchemaStub.by}, our sources without what only the OpenAPI document reads (infra/openapi-strip.ts: ` +
      "createRoute's document-only members, the schemas' .openapi() metadata, values marked documentOnly), " +
      `${LAMBDA_BUNDLING.dataOnly.join(" and ")} marked without side effects, and the createRequire banner; for the api it also ` +
      "writes the OpenAPI document, generated beforehand from the unbundled sources, beside the bundle (read on the first " +
      "GET /openapi.json, not at import). The size " +
      "is that of index.mjs, the one JavaScript file. Then, " +
      `${RUNS} times per bundle, a fresh \`node\` process (no loader, no flags) imports the bundle with \`import()\` and checks that \`handler\` ` +
      "is a function; import-to-ready is the time from the first line of its script to that check (module loading and top-level code, " +
      "including @aws-sdk/* loaded from node_modules as the Lambda runtime would provide it), the median is reported. Node startup itself is " +
      "shown apart, and so is the fastest of the runs, the least disturbed by other processes on the machine. Handlers build their " +
      "clients lazily on the first event, so that is not part of this figure. The floor beside each: a module that imports, at its top " +
      "level, exactly the @aws-sdk/* modules the bundle imports there (from its esbuild metafile) and nothing else, imported the same way, " +
      "alternating with the bundle: what any handler using those SDK clients pays before its own code runs.",
    details: [
      ...oversize.map(
        (f) =>
          `Over the size goal: ${f.id}, ${fmt.kb(f.bytes - MAX_BYTES)} over. The size goal stands for the cold start; ` +
          `measured, importing this bundle takes ${fmt.ms(ownMs(f))} more than importing its @aws-sdk/* modules alone ` +
          `(${fmt.ms(median(f.readyMs))} against ${fmt.ms(median(f.floorMs))}), ${median(f.readyMs) <= MAX_READY_MS ? "within" : "beyond"} the ${MAX_READY_MS} ms goal for import-to-ready.\n`,
      ),
      table(
        [
          "function",
          "bundle",
          `import-to-ready, ${RUNS} runs in ms`,
          "median",
          "fastest",
          "floor: its @aws-sdk/* imports alone (median)",
          "whole process, spawn to exit (median)",
        ],
        figures.map((f) => [
          f.id,
          `${fmt.int(f.bytes)} B (${fmt.kb(f.bytes)})`,
          f.readyMs.map((v) => v.toFixed(0)).join(", "),
          fmt.ms(median(f.readyMs)),
          fmt.ms(Math.min(...f.readyMs)),
          `${fmt.ms(median(f.floorMs))} (${f.sdk.map((m) => m.replace("@aws-sdk/", "")).join(", ") || "none"})`,
          fmt.ms(median(f.processMs)),
        ]),
      ),
      "",
      "Where the bytes of each bundle come from (esbuild's metafile: the minified bytes each npm package, or folder of ours, puts in the bundle; the eight largest):",
      "",
      table(
        ["function", "bundle", "largest parts"],
        figures.map((f) => [
          f.id,
          fmt.kb(f.bytes),
          f.parts
            .slice(0, 8)
            .map(([part, bytes]) => `${part} ${fmt.kb(bytes)}`)
            .join(", "),
        ]),
      ),
    ].join("\n"),
  };
}

function importInFreshProcess(
  bundle: string,
  timeoutMs: number,
  children: ChildProcesses,
): Promise<{ readyMs: number; processMs: number }> {
  const started = performance.now();
  const child = children.track(
    spawn(process.execPath, ["--input-type=module", "-e", IMPORT_SCRIPT], {
      env: { PATH: process.env.PATH ?? "", BENCH_BUNDLE: bundle },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), Math.min(timeoutMs, 30_000));
    child.once("exit", (code) => {
      clearTimeout(timer);
      const processMs = performance.now() - started;
      if (code !== 0)
        return reject(new Error(`Importing ${bundle} failed (exit ${code}): ${err.slice(-400)}`));
      resolvePromise({ readyMs: (JSON.parse(out) as { readyMs: number }).readyMs, processMs });
    });
  });
}
