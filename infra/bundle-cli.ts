// `tsx infra/bundle-cli.ts <function id> <outdir>`: bundleFunction (infra/bundling.ts) for one
// function of shared/resources.ts. The CDK stack runs it at synth, through bundleFunctionSync.
import { bundleFunction } from "./bundling.js";
import { functions } from "../shared/resources.js";

const [id, outdir] = process.argv.slice(2);
const shape = functions.find((f) => f.id === id);
if (!shape || !outdir) {
  process.stderr.write(`usage: tsx infra/bundle-cli.ts <${functions.map((f) => f.id).join("|")}> <outdir>\n`);
  process.exit(2);
}
const { bytes } = await bundleFunction(shape, outdir);
process.stderr.write(`${shape.id}: index.mjs ${(bytes / 1024).toFixed(1)} KB\n`);
