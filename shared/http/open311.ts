// /open311/v2: the Open311 GeoReport v2 facade (docs/open311.md). Every resource as
// `.json` or `.xml`; an API key per client app (the `api_key` parameter of the standard,
// or an `X-API-Key` header), counted against the app's own rate; errors in the standard's
// `[{code, description}]`. Discovery alone needs no key: it says where to ask for one.
import { Hono, type Context } from "hono";
import * as z from "./zod.js";
import type { Open311Clients } from "../app/open311-clients.js";
import type { Open311Service, Open311Submission, RequestQuery } from "../app/open311.js";
import { ATTRIBUTES, nameOf, type Open311Language } from "../domain/open311.js";
import { BadRequestError, HttpError, TooManyRequestsError, UnsupportedMediaTypeError } from "../errors.js";
import type { Open311Client } from "../open311-ports.js";
import { logger } from "../logger.js";
import { answer, errorsOf, languageOf, splitFormat, type Open311Format } from "./open311-format.js";
import { isThrottled } from "./problem.js";

export interface Open311Env {
  Variables: {
    open311: Open311Service;
    open311Clients: Open311Clients;
    format: Open311Format;
    lang: Open311Language;
    client: Open311Client;
  };
}

/** When this facade's discovery document last changed. */
const CHANGESET = "2026-11-30T00:00:00+08:00";
const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
const FORMATS = ["application/json", "text/xml"];

const text = (max: number, what: string) => z.string().max(max, `${what}: at most ${max} characters`);
const decimal = /^-?\d{1,3}(\.\d{1,12})?$/;

/** A service request's fields as an app posts them (form-encoded, every value a string). */
export const Open311RequestForm = z.strictObject({
  api_key: z.string().max(200).optional(),
  jurisdiction_id: text(100, "jurisdiction_id").optional(),
  service_code: z.string().min(1, "service_code is required").max(64, "service_code: at most 64 characters"),
  first_name: text(50, "first_name").optional(),
  last_name: text(50, "last_name").optional(),
  email: z
    .string()
    .max(254, "email: at most 254 characters")
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "email: an email address")
    .optional(),
  phone: z
    .string()
    .regex(/^\+?[\d -]{5,20}$/, "phone: 5 to 20 digits, spaces or dashes")
    .optional(),
  description: z
    .string()
    .max(4000, "description: at most 4000 characters")
    .regex(/\S/, "description is required: what the petition asks for"),
  media_url: z
    .string()
    .max(2000, "media_url: at most 2000 characters")
    .url("media_url: a URL")
    .regex(/^https:\/\//i, "media_url: https only")
    .refine((u) => !/^https:\/\/[^/?#]*@/i.test(u), "media_url: no user name or password in it")
    .optional(),
  lat: z.string().regex(decimal, "lat: decimal degrees").optional(),
  long: z.string().regex(decimal, "long: decimal degrees").optional(),
  address_string: text(300, "address_string").optional(),
  address_id: text(100, "address_id").optional(),
  // The app's own ids of the person and the device: accepted as the standard allows, never kept.
  device_id: text(200, "device_id").optional(),
  account_id: text(200, "account_id").optional(),
  "attribute[region]": z.string().min(1, `attribute[${ATTRIBUTES.region}] is required`).max(64),
  "attribute[headcount]": z
    .string()
    .regex(/^[1-9]\d{0,5}$/, `attribute[${ATTRIBUTES.headcount}]: a whole number from 1 to 100000`)
    .refine(
      (v) => Number(v) <= 100_000,
      `attribute[${ATTRIBUTES.headcount}]: a whole number from 1 to 100000`,
    )
    .optional(),
  "attribute[respondent_agency]": z.string().max(64).optional(),
});
type RequestForm = z.infer<typeof Open311RequestForm>;

/** The checked form as the service takes it. */
function submissionOf(form: RequestForm): Open311Submission {
  const name = [form.last_name, form.first_name].some((n) => n?.trim())
    ? nameOf(form.first_name, form.last_name)
    : undefined;
  if (!name)
    throw new BadRequestError("first_name or last_name is required: a petition is filed under a name.");
  const lat = form.lat === undefined ? undefined : Number(form.lat);
  const long = form.long === undefined ? undefined : Number(form.long);
  if (lat !== undefined && Math.abs(lat) > 90) throw new BadRequestError("lat: from -90 to 90.");
  if (long !== undefined && Math.abs(long) > 180) throw new BadRequestError("long: from -180 to 180.");
  const location = {
    ...(form.address_string?.trim() ? { address: form.address_string.trim() } : {}),
    ...(form.address_id ? { addressId: form.address_id } : {}),
    ...(lat !== undefined ? { lat } : {}),
    ...(long !== undefined ? { long } : {}),
  };
  const headcount = form["attribute[headcount]"];
  const respondent = form["attribute[respondent_agency]"];
  return {
    ...(form.jurisdiction_id ? { jurisdictionId: form.jurisdiction_id } : {}),
    serviceCode: form.service_code,
    name,
    ...(form.email ? { email: form.email } : {}),
    ...(form.phone ? { phone: form.phone } : {}),
    description: form.description.trim(),
    ...(form.media_url ? { mediaUrl: form.media_url } : {}),
    ...(Object.keys(location).length ? { location } : {}),
    region: form["attribute[region]"],
    ...(headcount ? { headcount: Number(headcount) } : {}),
    ...(respondent ? { respondentAgency: respondent } : {}),
  };
}

/** The one value of a field sent once; a field sent twice, or a file, is refused. */
async function formOf(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) {
    throw new UnsupportedMediaTypeError(
      "Send the request as application/x-www-form-urlencoded (or multipart/form-data), as GeoReport v2 does.",
    );
  }
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== "string") {
      throw new BadRequestError(
        `${name}: one text value, no file; send a photo's address as media_url (https), not the photo.`,
      );
    }
    fields[name] = value;
  }
  return fields;
}

const listOf = (value: string | undefined) =>
  value
    ?.split(",")
    .map((v) => v.trim())
    .filter(Boolean);

function dateParam(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // W3C date-time with an offset or Z, as GeoReport v2 asks.
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const at = new Date(value);
  if (!ok || Number.isNaN(at.getTime()))
    throw new BadRequestError(
      `${name}: an ISO 8601 date and time with its offset, e.g. 2026-11-01T00:00:00+08:00.`,
    );
  return at;
}

const QUERY_PARAMS = new Set([
  "api_key",
  "jurisdiction_id",
  "service_request_id",
  "service_code",
  "start_date",
  "end_date",
  "status",
]);

function requestQuery(c: Context): RequestQuery {
  const unknown = Object.keys(c.req.query()).filter((k) => !QUERY_PARAMS.has(k));
  if (unknown.length) throw new BadRequestError(`Unknown parameter ${unknown.join(", ")}.`);
  const status = listOf(c.req.query("status"));
  const wrong = status?.find((s) => s !== "open" && s !== "closed");
  if (wrong) throw new BadRequestError(`status: open or closed, not "${wrong}".`);
  const codes = listOf(c.req.query("service_request_id"));
  if (codes && codes.length > 100) throw new BadRequestError("service_request_id: at most 100 ids at once.");
  const start = dateParam("start_date", c.req.query("start_date"));
  const end = dateParam("end_date", c.req.query("end_date"));
  const serviceCodes = listOf(c.req.query("service_code"));
  return {
    ...(codes?.length ? { codes } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(status?.length ? { status: status as ("open" | "closed")[] } : {}),
    ...(serviceCodes?.length ? { serviceCodes } : {}),
  };
}

export function open311App(services: { open311: Open311Service; open311Clients: Open311Clients }) {
  const app = new Hono<Open311Env>();

  app.onError((err, c) => {
    const format = c.get("format") ?? "json";
    if (err instanceof HttpError) {
      // 422 is /v1's; GeoReport v2 answers every request it cannot take with 400.
      const status = (err.status === 422 ? 400 : err.status) as 400;
      const res = answer(c, format, "errors", errorsOf(status, err.message), status);
      if (err instanceof TooManyRequestsError) res.headers.set("retry-after", String(err.retryAfter));
      return res;
    }
    if (isThrottled(err)) {
      const res = answer(
        c,
        format,
        "errors",
        errorsOf(503, "The service is busy; try again in a moment."),
        503,
      );
      res.headers.set("retry-after", "1");
      return res;
    }
    const errorId = crypto.randomUUID();
    logger.error("internal error", {
      errorId,
      path: c.req.path,
      method: c.req.method,
      error: { name: err.name, message: err.message, stack: err.stack },
    });
    return answer(c, format, "errors", errorsOf(500, `Internal error; reference ${errorId}.`), 500);
  });

  app.use("*", async (c, next) => {
    c.set("open311", services.open311);
    c.set("open311Clients", services.open311Clients);
    c.set("format", splitFormat(c.req.path.split("/").at(-1) ?? "")?.format ?? "json");
    c.set("lang", languageOf(c.req.header("accept-language")));
    await next();
    c.res.headers.set("Cache-Control", "no-store");
    c.res.headers.set("Vary", "Accept-Language");
  });

  /** Every route but discovery: the app by its key, then its rate. */
  const authenticated = async (c: Context<Open311Env>, apiKey?: string) => {
    const client = await c.var.open311Clients.authenticate(
      apiKey ?? c.req.query("api_key") ?? c.req.header("x-api-key"),
    );
    await c.var.open311Clients.admit(client);
    c.var.open311.checkJurisdiction(c.req.query("jurisdiction_id"));
    return client;
  };

  app.get("/:file{discovery\\.(?:json|xml)}", (c) => {
    const base = new URL(c.req.url);
    return answer(c, c.var.format, "discovery", {
      changeset: CHANGESET,
      contact:
        c.var.lang === "en"
          ? "The county petition bureau: it registers client apps and issues their API keys."
          : "县信访局：负责登记客户端应用并发放 API 密钥。",
      key_service:
        c.var.lang === "en"
          ? "Ask the petition bureau's coordinator: POST /v1/open311/clients."
          : "请向信访局协调员申请（POST /v1/open311/clients）。",
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${base.origin}/open311/v2`,
          changeset: CHANGESET,
          type: "production",
          formats: FORMATS,
        },
      ],
    });
  });

  app.get("/:file{services\\.(?:json|xml)}", async (c) => {
    await authenticated(c);
    return answer(c, c.var.format, "services", await c.var.open311.services(c.var.lang));
  });

  app.get("/services/:file{[^/]+\\.(?:json|xml)}", async (c) => {
    await authenticated(c);
    const { stem } = splitFormat(c.req.param("file"))!;
    return answer(c, c.var.format, "definition", await c.var.open311.definition(stem, c.var.lang));
  });

  app.post("/:file{requests\\.(?:json|xml)}", async (c) => {
    const fields = await formOf(c);
    const client = await authenticated(c, fields.api_key);
    const parsed = Open311RequestForm.safeParse(fields);
    if (!parsed.success) {
      // Every value of a form is text: a wrong type can only be a field left out.
      const issues = parsed.error.issues
        .slice(0, 10)
        .map((i) =>
          i.code === "unrecognized_keys"
            ? `Unknown field ${i.keys.join(", ")}`
            : i.code === "invalid_type"
              ? `${i.path.join(".")} is required`
              : i.message,
        );
      throw new BadRequestError(issues.join("; "));
    }
    const key = c.req.header("idempotency-key");
    if (key !== undefined && !/^[A-Za-z0-9_-]{8,64}$/.test(key))
      throw new BadRequestError("Idempotency-Key: 8 to 64 letters, digits, - or _.");
    // 200 whether filed now or on an earlier try: GeoReport v2 knows no 201, and a retry is not news.
    const { case: filed } = await c.var.open311.submit(client, submissionOf(parsed.data), key);
    const notice =
      c.var.lang === "en"
        ? `Registered as online petition ${filed.code}; follow it by this number.`
        : `已登记为网上信访事项 ${filed.code}，可凭此编号查询办理情况。`;
    return answer(c, c.var.format, "requests", [
      { service_request_id: filed.code, token: filed.id, service_notice: notice },
    ]);
  });

  app.get("/:file{requests\\.(?:json|xml)}", async (c) => {
    const client = await authenticated(c);
    return answer(
      c,
      c.var.format,
      "requests",
      await c.var.open311.requests(client, requestQuery(c), c.var.lang),
    );
  });

  app.get("/requests/:file{[^/]+\\.(?:json|xml)}", async (c) => {
    const client = await authenticated(c);
    const { stem } = splitFormat(c.req.param("file"))!;
    return answer(c, c.var.format, "requests", [await c.var.open311.request(client, stem, c.var.lang)]);
  });

  app.get("/tokens/:file{[^/]+\\.(?:json|xml)}", async (c) => {
    const client = await authenticated(c);
    const { stem } = splitFormat(c.req.param("file"))!;
    return answer(c, c.var.format, "requests", [await c.var.open311.token(client, stem)]);
  });

  app.all("*", (c) =>
    answer(
      c,
      c.var.format,
      "errors",
      errorsOf(
        404,
        `No resource ${c.req.method} ${c.req.path}: GeoReport v2 names each with .json or .xml (see discovery.json).`,
      ),
      404,
    ),
  );
  return app;
}
