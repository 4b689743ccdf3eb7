// /docs: the API reference (Scalar) rendered in the browser from /openapi.json, with its
// bundle served by the app under /docs/assets/. Nothing is fetched from another origin:
// no fonts, no telemetry, no request proxy, no hosted agent or sharing features.
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { docsBundle } from "./docs-bundle.js";
import { docsHeaders, noStore } from "./headers.js";
import { SITE_ICON } from "./landing.js";
import { problemResponse } from "./problem.js";

const DOCS_TITLE = "Casebridge API reference";

/** Scalar's options (`Scalar.createApiReference`); JSON, so it can sit in the page. */
const REFERENCE_CONFIG = {
  url: "/openapi.json",
  metaData: { title: DOCS_TITLE },
  // Default fonts come from fonts.scalar.com; the system's fonts (CJK included) read as well.
  withDefaultFonts: false,
  telemetry: false,
  // Requests go straight from the browser to this origin: no proxy.scalar.com.
  proxyUrl: "",
  // Agent chat, MCP, the "deploy/share" developer toolbar and the "Open API Client" link
  // all lead to scalar.com.
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  hideClientButton: true,
  authentication: { preferredSecurityScheme: "bearer" },
  documentDownloadType: "json",
  hideDarkModeToggle: true,
};

export const docsApp = new Hono();

docsApp.get("/", docsHeaders, noStore, (c) =>
  c.html(renderDocs(c.get("secureHeadersNonce") ?? "", `/docs/assets/${docsBundle().name}`)),
);

docsApp.get("/assets/:file", (c) => {
  const bundle = docsBundle();
  if (c.req.param("file") !== bundle.name)
    return problemResponse(c, 404, "not-found", `No asset ${c.req.param("file")}.`);
  const gzip = /\bgzip\b/i.test(c.req.header("accept-encoding") ?? "");
  return c.body(gzip ? bundle.gzipped() : bundle.body, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
    Vary: "Accept-Encoding",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
});

function renderDocs(nonce: string, bundleUrl: string) {
  // `<` escaped so the JSON can never close the script element.
  const config = JSON.stringify(REFERENCE_CONFIG).replace(/</g, "\\u003c");
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${DOCS_TITLE}</title>
<link rel="icon" href="${SITE_ICON}">
</head><body>
<noscript><p>This reference needs JavaScript. The API is described by its OpenAPI 3.1 document at
<a href="/openapi.json">/openapi.json</a>. <span lang="zh-Hans">本页需要 JavaScript；接口说明见 <a href="/openapi.json">/openapi.json</a>。</span></p></noscript>
<div id="app"></div>
<script nonce="${nonce}" src="${bundleUrl}"></script>
<script nonce="${nonce}">
  // The document names its server relatively ("/"); the page gives Scalar this origin, so code samples show full URLs.
  Scalar.createApiReference("#app", { ...${raw(config)}, servers: [{ url: location.origin, description: "This server" }] });
</script>
</body></html>`;
}
