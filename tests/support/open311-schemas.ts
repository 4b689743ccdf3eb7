// The published Open311 GeoReport v2 schemas (tests/fixtures/open311), compiled with ajv's
// draft-04 support: the request, service and service-definition schemas as published, and
// the Swagger description's answers to a POST and a token, which have no schema file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import formats from "ajv-formats";

// Both are CommonJS: under NodeNext the class and the plugin are the default export's default.
type AjvClass = typeof AjvDraft04.default;
const Ajv = ((AjvDraft04 as unknown as { default?: AjvClass }).default ?? AjvDraft04) as AjvClass;
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (
  ajv: InstanceType<AjvClass>,
) => void;

const dir = join(import.meta.dirname, "../fixtures/open311");
const load = (file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, any>;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// Swagger's "uid" is an identifier of any shape.
ajv.addFormat("uid", true);
for (const file of [
  "request.json",
  "requests.json",
  "service.json",
  "services.json",
  "service-definition.json",
]) {
  ajv.addSchema(load(file), file);
}
const swagger = load("swagger.json");

export const open311Schemas = {
  validate: {
    requests: ajv.getSchema("requests.json")!,
    services: ajv.getSchema("services.json")!,
    definition: ajv.getSchema("service-definition.json")!,
    postAnswer: ajv.compile({ type: "array", items: swagger.definitions.RequestResponse }),
    tokenAnswer: ajv.compile(swagger.definitions.TokenResponse),
  },
};
