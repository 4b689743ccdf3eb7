// How every Lambda is bundled, said once: the CDK stack hands these options to
// NodejsFunction (infra/stack.ts), and the bundle benchmark and tests give the same to
// esbuild's API (esbuildOptions), so what is measured and checked is what ships.
import type { BuildOptions } from "esbuild";

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
  // zod without the members no bundle uses; paths from the project root (shared/zod-for-lambda.ts).
  alias: { zod: "./shared/zod-for-lambda.ts" },
} as const;

/**
 * LAMBDA_BUNDLING for esbuild's API, as NodejsFunction passes it to esbuild's command line
 * (which adds --bundle and --platform=node, and runs in the project root).
 */
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
    absWorkingDir: projectRoot,
  };
}
