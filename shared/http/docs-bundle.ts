// The API reference's browser bundle (Scalar's standalone build from npm), which the app
// serves itself so /docs needs no CDN. On AWS the file ships beside the api Lambda's bundle
// (DOCS_ASSETS_DIR, copied by bundleFunction of infra/bundling.ts); locally it is read from
// node_modules.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The folder beside the Lambda bundle that bundleFunction (infra/bundling.ts) fills. */
export const DOCS_ASSETS_DIR = "docs-assets";
const BUNDLE_FILE = "standalone.js";

export interface DocsBundle {
  /** Named after the content, so a new version is a new URL and caches may keep it forever. */
  name: string;
  body: Uint8Array<ArrayBuffer>;
  gzipped(): Uint8Array<ArrayBuffer>;
}

/** Where npm installed the bundle; bundleFunction copies it from here. */
export function apiReferenceSource(): string {
  // The package exports no subpath for its browser build: resolve its entry, then go to dist/browser.
  const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
  return join(dirname(entry), "browser", BUNDLE_FILE);
}

let loaded: DocsBundle | undefined;

/** Read once per process and kept in memory (4.8 MB, about 1.4 MB gzipped). */
export function docsBundle(): DocsBundle {
  if (loaded) return loaded;
  const beside = fileURLToPath(new URL(`./${DOCS_ASSETS_DIR}/${BUNDLE_FILE}`, import.meta.url));
  const body = new Uint8Array(readFileSync(existsSync(beside) ? beside : apiReferenceSource()));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  let gzipped: Uint8Array<ArrayBuffer> | undefined;
  // Compressed on first use only: every browser takes gzip, and through API Gateway the
  // plain file would come close to Lambda's 6 MB response limit.
  loaded = {
    name: `api-reference.${hash}.js`,
    body,
    gzipped: () => (gzipped ??= new Uint8Array(gzipSync(body))),
  };
  return loaded;
}
