// GET /: a page for a person who opens the API's address in a browser, in Chinese and
// English, pointing to the reference and the machine-readable document.
import type { Context } from "hono";
import { html } from "hono/html";

/** The site's icon, inline so a browser does not ask for /favicon.ico. */
export const SITE_ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#1d4ed8'/>" +
      "<path d='M11.5 5a4.2 4.2 0 1 0 0 6' stroke='#fff' stroke-width='2' fill='none'/></svg>",
  );

export function landingPage(c: Context) {
  const nonce = c.get("secureHeadersNonce") ?? "";
  return c.html(html`<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Casebridge 信访案件协同 · Petition case coordination</title>
<link rel="icon" href="${SITE_ICON}">
<style nonce="${nonce}">body{font:16px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
h1{margin-bottom:.25rem}.en{color:#4b5563}a{color:#1d4ed8}li{margin:.75rem 0}code{font:14px ui-monospace,monospace}</style>
</head><body><main>
<h1>Casebridge</h1>
<p>多部门信访案件协同：登记、转送交办、受理、办理答复与复查复核，全程按法定时限计时。</p>
<p class="en" lang="en">Petition cases handed between agencies against legal deadlines.</p>
<ul>
<li><a href="/console">工作台</a> <span class="en" lang="en">· <a href="/console">Console</a>: the officers' pages — inbox, new petitions, cases, notifications</span></li>
<li><a href="/docs">接口参考</a> <span class="en" lang="en">· <a href="/docs">API reference</a>: schemas, examples, and a panel to try calls with your token</span></li>
<li><a href="/open311/v2/discovery.json">Open311 接口（网上信访应用）</a> <span class="en" lang="en">· <a href="/open311/v2/discovery.json">Open311 GeoReport v2</a>: civic apps file and follow online petitions with an API key the petition bureau issues</span></li>
<li><a href="/openapi.json">OpenAPI 3.1 文档</a> <span class="en" lang="en">· <a href="/openapi.json">OpenAPI 3.1 document</a> (JSON)</span></li>
</ul>
<p>每个 <code>/v1</code> 请求都需要 <code>Authorization: Bearer &lt;JWT&gt;</code>。</p>
<p class="en" lang="en">Every <code>/v1</code> request needs <code>Authorization: Bearer &lt;JWT&gt;</code>.</p>
</main></body></html>`);
}
