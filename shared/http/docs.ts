// /docs: the OpenAPI document rendered on the server as plain HTML, so it reads
// without JavaScript and without fetching anything from a CDN.
import { html, raw } from "hono/html";

type Doc = { info: { title: string; version: string; description?: string }; paths?: Record<string, Record<string, Operation>> };
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

export function renderDocs(doc: Doc) {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${doc.info.title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4rem;font-weight:bold}</style></head>
<body><h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${doc.info.description ?? ""} The machine-readable document is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
Every /v1 request needs <code>Authorization: Bearer &lt;JWT&gt;</code>; errors are <code>application/problem+json</code>.</p>
${ops.map(({ path, method, op }) => html`<div class="op"><h3><span class="m">${method}</span><code>${path}</code></h3>
<p>${op.summary ?? ""}</p>
${op.parameters?.length ? html`<p>Parameters: ${raw(op.parameters.map((p) => `<code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ", required" : ""})`).join(", "))}</p>` : ""}
${op.requestBody ? html`<details><summary>Request body</summary><pre>${JSON.stringify(op.requestBody.content?.["application/json"]?.schema ?? {}, null, 2)}</pre></details>` : ""}
<p>Responses: ${Object.entries(op.responses ?? {}).map(([code, r]) => `${code} ${r.description ?? ""}`).join(" · ")}</p></div>`)}
</body></html>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
