// A response validator built from the app's own OpenAPI document, with every object
// schema closed (no property the document does not declare). Each answer is checked
// against the operation, status and media type it came from: an undeclared status, an
// undeclared header the document promises, or an undeclared field fails.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";

// ajv-formats is CommonJS: its plugin is the default export's default under NodeNext.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (
  ajv: Ajv2020,
) => void;

type Json = Record<string, any>;
const DOC_ID = "https://casebridge.invalid/openapi.json";

/** Every object schema closed: `additionalProperties: false` unless the document says otherwise. */
export function closed<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closed) as T;
  if (!node || typeof node !== "object") return node;
  const out: Json = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "example" || k === "examples" ? v : closed(v)]),
  );
  if ((out.type === "object" || out.properties) && out.additionalProperties === undefined)
    out.additionalProperties = false;
  if (typeof out.$ref === "string" && out.$ref.startsWith("#/")) out.$ref = `${DOC_ID}${out.$ref}`;
  return out as T;
}

/** Ajv's errors with the offending property named, since "additional properties" alone says little. */
export function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map(
      (e) =>
        `${e.instancePath || "(root)"} ${e.message}${"additionalProperty" in e.params ? ` "${String(e.params.additionalProperty)}"` : ""}`,
    )
    .join("; ");
}

export interface Contract {
  doc: Json;
  /** The operation a concrete request matches: its template path and its definition. */
  operation(method: string, path: string): { template: string; op: Json } | undefined;
  /** Problems with this answer against the document; empty when it conforms. */
  check(method: string, path: string, status: number, headers: Headers, body: string): string[];
  /** A validator for a schema of the document (e.g. a request body). */
  validator(schema: Json): ValidateFunction;
}

export function contractOf(doc: Json): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: closed(doc.components ?? {}) });
  const cache = new Map<string, ValidateFunction>();
  const validator = (schema: Json) => {
    const key = JSON.stringify(schema);
    const known = cache.get(key);
    if (known) return known;
    const compiled = ajv.compile(closed(schema));
    cache.set(key, compiled);
    return compiled;
  };
  const templates = Object.keys(doc.paths).map((t) => ({
    t,
    re: new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  const operation = (method: string, path: string) => {
    const bare = path.split("?")[0]!;
    const found = templates.find(({ t, re }) => re.test(bare) && doc.paths[t][method.toLowerCase()]);
    return found ? { template: found.t, op: doc.paths[found.t][method.toLowerCase()] } : undefined;
  };
  return {
    doc,
    operation,
    validator,
    check(method, path, status, headers, body) {
      const found = operation(method, path);
      if (!found) return [`${method} ${path}: no operation in the document`];
      const where = `${method} ${found.template} → ${status}`;
      const response = found.op.responses?.[String(status)];
      if (!response)
        return [
          `${where}: status not declared (declared: ${Object.keys(found.op.responses ?? {}).join(", ")})`,
        ];
      const problems: string[] = [];
      for (const name of Object.keys(response.headers ?? {})) {
        if (response.headers[name].required !== false && !headers.has(name))
          problems.push(`${where}: header ${name} declared, not sent`);
      }
      const type = (headers.get("content-type") ?? "").split(";")[0]!.trim();
      if (!response.content) {
        if (body.length) problems.push(`${where}: a body where none is declared`);
        return problems;
      }
      const media = response.content[type];
      if (!media)
        return [
          ...problems,
          `${where}: content type ${type || "(none)"} not declared (declared: ${Object.keys(response.content).join(", ")})`,
        ];
      if (!type.endsWith("json")) return problems;
      const validate = validator(media.schema);
      if (!validate(JSON.parse(body))) problems.push(`${where}: ${describe(validate.errors)}`);
      return problems;
    },
  };
}
