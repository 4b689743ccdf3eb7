// How the Open311 facade answers (docs/open311.md): each resource as JSON or XML by the
// path's extension, the same values in both, and errors in GeoReport v2's own shape,
// `[{code, description}]` or `<errors><error>…</error></errors>`.
import type { Context } from "hono";
import type { Open311Language } from "../domain/open311.js";

export type Open311Format = "json" | "xml";

/** The XML root and item element of each kind of answer, as GeoReport v2 names them. */
export const XML_SHAPES = {
  discovery: { root: "discovery" },
  services: { root: "services", item: "service" },
  definition: { root: "service_definition" },
  requests: { root: "service_requests", item: "request" },
  errors: { root: "errors", item: "error" },
} as const;
export type XmlShape = keyof typeof XML_SHAPES;

/** Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/F). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the controls XML cannot carry is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

const escapeXml = (text: string) => text.replace(NOT_XML, "\ufffd").replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** Lists inside an item (discovery's endpoints and formats, a definition's attributes and values). */
const NESTED_LISTS: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

/**
 * One element and what it holds. GeoReport v2's XML is elements only (no attributes, no
 * mixed content): an object is its fields in order, a list its items under the list's
 * item name, null an empty element (XML has no null), anything else its text, escaped.
 */
function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = NESTED_LISTS[name];
    const items = item ? value.map((v) => element(item, v)) : value.map((v) => element(name, v));
    return item ? `<${name}>${items.join("")}</${name}>` : items.join("");
  }
  if (typeof value === "object") {
    const fields = Object.entries(value).map(([k, v]) => element(k, v));
    return `<${name}>${fields.join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * The answer as GeoReport v2's XML. Written here rather than with an XML library: these
 * documents need only elements and escaping, and fast-xml-parser's builder put the api
 * bundle 9 KB over its 300 KB budget (docs/decisions.md). The tests read every answer back
 * with fast-xml-parser's parser and compare it with the JSON.
 */
export function toXml(shape: XmlShape, body: unknown): string {
  const { root } = XML_SHAPES[shape];
  const item = "item" in XML_SHAPES[shape] ? (XML_SHAPES[shape] as { item: string }).item : undefined;
  const inner = item
    ? (Array.isArray(body) ? body : [body]).map((v) => element(item, v)).join("")
    : Object.entries(body as object)
        .map(([k, v]) => element(k, v))
        .join("");
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${inner}</${root}>`;
}

/** Sends `body` in the format asked for: JSON as is, XML under the shape's elements. */
export function answer(
  c: Context,
  format: Open311Format,
  shape: XmlShape,
  body: unknown,
  status: 200 | 201 | 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 503 = 200,
): Response {
  if (format === "xml") {
    return c.body(toXml(shape, body), status, { "content-type": "text/xml; charset=utf-8" });
  }
  return c.json(body, status);
}

/** The standard's error list: one error, its HTTP status as its code. */
export const errorsOf = (status: number, description: string) => [{ code: status, description }];

/** zh unless the caller prefers English (Accept-Language, by q-value). */
export function languageOf(header: string | undefined): Open311Language {
  const ranked = (header ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0 && /^(zh|en)\b/.test(l.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith("en") ? "en" : "zh";
}

/** `requests.xml` → `requests`, `xml`; undefined without a known extension. */
export function splitFormat(file: string): { stem: string; format: Open311Format } | undefined {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { stem: m[1]!, format: m[2] as Open311Format } : undefined;
}
