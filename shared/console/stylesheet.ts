// The console's one stylesheet, served by the app itself under a name that carries its
// hash, so it may be cached for a year and a change is a new address. Colour is never the
// only signal: due-soon and overdue are said in words too. The focus ring stands 3:1 against
// what is behind it (WCAG 1.4.11): dark on the page, yellow on the blue header. Readable
// from 320 px wide up without sideways scrolling (WCAG 1.4.10).
import { createHash } from "node:crypto";
import type { Context } from "hono";
import { OVERSIGHT_CSS } from "./stylesheet-oversight.js";

const CSS = `
:root{--ink:#1f2937;--muted:#4b5563;--line:#d1d5db;--soft:#f3f4f6;--brand:#1d4ed8;--brand-ink:#fff;
--late:#991b1b;--late-bg:#fee2e2;--soon:#92400e;--soon-bg:#fef3c7;--ok:#166534;--ok-bg:#dcfce7;--focus:#1f2937;--focus-on-brand:#fde047}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fff}
a{color:var(--brand)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
header.site :focus-visible,.skip:focus-visible{outline-color:var(--focus-on-brand)}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:1rem;top:.5rem;z-index:10;background:#fff;padding:.5rem 1rem}
header.site{background:var(--brand);color:var(--brand-ink)}
header.site a,header.site .who{color:var(--brand-ink)}
.bar{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center}
.brand{font-weight:700;font-size:1.1rem;text-decoration:none;margin-right:auto;white-space:nowrap}
.brand small{font-weight:400;opacity:.9;margin-left:.4rem}
.who{font-size:.9rem;margin:0;flex:1 1 18rem;text-align:right}
.who b{font-weight:600}
nav.main{background:#1e40af}
nav.main ul,nav.lang ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
nav.main ul.bar{margin:0 auto;padding:0 1rem}
nav.main a{color:#fff;display:inline-block;padding:.4rem 0;text-decoration:none;border-bottom:3px solid transparent}
nav.main a[aria-current=page]{border-bottom-color:#fff;font-weight:600}
nav.lang a{color:#fff;font-size:.9rem}
nav.lang a[aria-current=true]{font-weight:700;text-decoration:none}
header.site form{margin:0}
header.site button{background:transparent;color:#fff;border:1px solid #fff;padding:.2rem .7rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
footer{max-width:72rem;margin:0 auto;padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.6rem;margin:.5rem 0 1rem;line-height:1.3}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:0 0 .5rem}
button,.button{font:inherit;background:var(--brand);color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--brand);border:1px solid var(--brand)}
input,select,textarea{font:inherit;color:inherit;border:1px solid #6b7280;border-radius:4px;padding:.4rem .5rem;width:100%;max-width:100%;background:#fff}
input[type=checkbox]{width:auto}
textarea{min-height:5rem}
label{display:block;font-weight:600;margin-bottom:.2rem}
.field{margin:0 0 .9rem}
.field.wide{grid-column:1/-1}
form.narrow{max-width:32rem}
.field.check{display:flex;gap:.5rem;align-items:center}
.field.check label{margin:0}
.hint{color:var(--muted);font-size:.875rem;margin:.2rem 0 0}
.error{color:var(--late);font-weight:600;margin:.25rem 0 0}
[aria-invalid=true]{border-color:var(--late);border-width:2px}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
legend{font-weight:700;padding:0 .25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem 1rem;align-items:end}
.filters .field{margin:0}
.notice{border-left:4px solid var(--brand);background:var(--soft);padding:.6rem 1rem;margin:0 0 1rem}
.notice.bad{border-color:var(--late);background:var(--late-bg)}
.notice.good{border-color:var(--ok);background:var(--ok-bg)}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}
thead th{white-space:nowrap}
.cell-label{display:none}
td.code,td.status{white-space:nowrap}
.mark{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.mark.late{color:var(--late);background:var(--late-bg)}
.mark.soon{color:var(--soon);background:var(--soon-bg)}
.mark.ok{color:var(--ok);background:var(--ok-bg)}
.mark.quiet{color:var(--muted);background:var(--soft)}
dl.facts{display:grid;grid-template-columns:minmax(7rem,14rem) 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
.commands{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem;align-items:start}
.commands form{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:0;display:flex;flex-direction:column}
.commands form button{align-self:flex-start;margin-top:auto}
.commands h3{font-size:1rem;margin:0 0 .6rem;color:var(--brand)}
.commands form.active{border-color:var(--brand);border-width:2px}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{border-left:3px solid var(--line);padding:.2rem 0 .8rem 1rem;margin-left:.3rem}
ol.timeline .when{color:var(--muted);font-size:.875rem}
ol.timeline dl.facts{font-size:.95rem;margin-top:.3rem}
.chain{font-weight:600}
.chain.ok{color:var(--ok)}
.chain.bad{color:var(--late)}
.pager{display:flex;gap:1rem;flex-wrap:wrap}
button.small{font-size:.85rem;padding:.1rem .6rem}
nav.views{margin:0 0 1rem}
nav.views h2{font-size:1rem;margin:0 0 .4rem;padding:0;border:0}
nav.views ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
nav.views li{display:flex;align-items:center;gap:.5rem;border:1px solid var(--line);border-radius:6px;padding:.2rem .3rem .2rem .75rem}
nav.views li:has(a[aria-current=true]){border-color:var(--brand);background:var(--soft)}
nav.views a[aria-current=true]{font-weight:700}
nav.views form{margin:0}
.inbox-tools{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}
.save-view{flex:1 1 20rem;max-width:36rem}
.inline-field{display:flex;gap:.5rem}
.inline-field input{flex:1 1 auto;min-width:0}
.inline-field button{flex:none}
.export{flex:0 1 20rem;padding-top:1.85rem;margin:0 0 .9rem}
.bulk-bar{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;margin:0 0 .5rem}
.bulk-bar .hint{margin:0}
td.select{width:3rem}
td.select input{width:1.25rem;height:1.25rem;margin:.15rem 0 0}
.inline{display:inline}
@media (max-width:40rem){
h1{font-size:1.35rem}
.brand{white-space:normal}
.who{text-align:left}
table.cards thead{position:absolute;left:-9999px}
table.cards,table.cards caption,table.cards tbody,table.cards tr,table.cards td,table.cards th{display:block;width:100%}
table.cards th[scope=row]{background:none;border:0;padding:.2rem 0}
td.code,td.status{white-space:normal}
table.cards tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .75rem;padding:.25rem .5rem}
table.cards td{border:0;padding:.2rem 0}
table.cards .cell-label{display:inline;color:var(--muted);margin-right:.4rem}
table.cards td.select:empty{display:none}
table.cards td.select{float:left;width:auto;margin-right:.6rem}
table.cards td.select input{display:block;width:1.5rem;height:1.5rem;margin:0}
table.cards td.select~td:not(.code){clear:left}
.export{padding-top:0}
dl.facts{grid-template-columns:1fr}
dl.facts dd{margin-bottom:.4rem}
}
${OVERSIGHT_CSS}
`.trim();

export const stylesheet = {
  body: CSS,
  /** `console.<first 12 hex of its SHA-256>.css`: a new name whenever it changes. */
  name: `console.${createHash("sha256").update(CSS).digest("hex").slice(0, 12)}.css`,
};

export function serveStylesheet(c: Context): Response {
  if (c.req.param("file") !== stylesheet.name) return c.body(null, 404);
  return c.body(stylesheet.body, 200, {
    "Content-Type": "text/css; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
  });
}
