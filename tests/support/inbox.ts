// Readers of the inbox's HTML and its CSV file, for the tests of what officers asked for
// (saved views, bulk routing, the export): a ConsoleBrowser's pages read as a person would.
import { parseCsv } from "./csv.js";
import { textOf, type ConsoleBrowser } from "./console.js";
import type { TestStack } from "./factories.js";

/** An address as the HTML writes it, `&amp;` read back. */
export const decodeHref = (s: string) => s.replace(/&amp;/g, "&");

/** The saved views listed above the inbox: name, address, and whether it is the one shown. */
export function viewsOf(html: string) {
  const nav = /<nav class="views"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
  return [...nav.matchAll(/<a id="view-([^"]+)" href="([^"]+)"( aria-current="true")?>([\s\S]*?)<\/a>/g)].map(
    (m) => ({ id: m[1]!, href: decodeHref(m[2]!), current: Boolean(m[3]), name: textOf(m[4]!) }),
  );
}

/** The case codes of the inbox's rows, top to bottom. */
export const codesOf = (html: string) =>
  [...html.matchAll(/<td class="code"><a href="\/console\/cases\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

/** The boxes to tick: the case ids that carry one. */
export const checkboxesOf = (html: string) =>
  [...html.matchAll(/<input type="checkbox" name="case" value="([^"]+)"/g)].map((m) => m[1]!);

/** The routing results page's rows: code, matter, result and why, in words. */
export const resultsOf = (html: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "").matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      textOf(c[1]!.replace(/<span class="cell-label"[^>]*>[^<]*<\/span>/, "")),
    );
    return { code: cells[0]!, title: cells[1]!, result: cells[2]!, why: cells[3]! };
  });

/** A file as the browser downloads it: its bytes (not a decoded text, which drops the BOM) and its records. */
export async function download(stack: TestStack, browser: ConsoleBrowser, path: string) {
  const res = await stack.app.request(path, {
    headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text, records: parseCsv(text.startsWith("\uFEFF") ? text.slice(1) : text) };
}
