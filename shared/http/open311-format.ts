// How the Open311 facade answers (docs/open311.md): each resource as JSON or XML by the
// path's extension, the same values in both, and errors in GeoReport v2's own shape,
// `[{code, description}]` or `<errors><error>…</error></errors>`.
import type { Context } from "hono";
import { XMLBuilder } from "fast-xml-parser";
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

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** Null as an empty element: XML has no null, and GeoReport v2's XML leaves such fields empty. */
function forXml(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(forXml);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forXml(v)]));
  }
  return value;
}

/** Lists inside an item (discovery's endpoints and formats, a definition's attributes and values). */
const NESTED_LISTS: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

function wrapLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrapLists);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const item = NESTED_LISTS[k];
      return [k, item && Array.isArray(v) ? { [item]: wrapLists(v) } : wrapLists(v)];
    }),
  );
}

export function toXml(shape: XmlShape, body: unknown): string {
  const { root } = XML_SHAPES[shape];
  const item = "item" in XML_SHAPES[shape] ? (XML_SHAPES[shape] as { item: string }).item : undefined;
  const inner = wrapLists(forXml(body));
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: item ? { [item]: inner } : inner })}`;
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
