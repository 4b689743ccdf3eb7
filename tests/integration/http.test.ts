// API quality: OpenAPI 3.1, /docs, /health, and problem+json for every kind of bad input.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createApp } from "../../shared/http/app.js";
import { intake, registration, useTestStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { type: string; title: string; status: number };
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:casebridge:problem:/),
    title: expect.any(String),
  });
  return body;
}

describe("the API's documents", () => {
  it("serves an OpenAPI 3.1 document naming every route", async () => {
    const res = await stack.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/cases",
      "/v1/cases/{id}",
      "/v1/cases/{id}/events",
      "/v1/cases/{id}/events/verify",
      "/v1/cases/{id}/access-log",
      "/v1/cases/{id}/route",
      "/v1/cases/{id}/acknowledge",
      "/v1/cases/{id}/decline",
      "/v1/cases/{id}/reply",
      "/v1/agencies",
      "/v1/categories",
      "/v1/notifications",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it("serves /docs as a reference page that loads everything from this origin", async () => {
    const res = await stack.app.request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('"url":"/openapi.json"');
    expect(html).toMatch(/<noscript>[\s\S]*href="\/openapi.json"[\s\S]*<\/noscript>/);
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toContainEqual(expect.stringMatching(/^\/docs\/assets\/api-reference\.[0-9a-f]+\.js$/));
    expect(sources.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
  });

  it("serves the reference's bundle itself, gzipped, cacheable for good", async () => {
    const bundle = /src="(\/docs\/assets\/[^"]+)"/.exec(await (await stack.app.request("/docs")).text())![1]!;
    const gzipped = await stack.app.request(bundle, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const script = gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString("utf8");
    expect(script).toContain("createApiReference");

    const plain = await stack.app.request(bundle);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);
    await expectProblem(await stack.app.request("/docs/assets/api-reference.0000.js"), 404);
  });

  it("answers / with a page in Chinese and English that points to /docs and /openapi.json", async () => {
    const res = await stack.app.request("/");
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('href="/docs"');
    expect(html).toContain('href="/openapi.json"');
    expect(html).toContain("接口参考");
    expect(html).toContain("API reference");
    expect(html).not.toContain("<script");
  });

  it("answers /health without a token", async () => {
    const res = await stack.app.request("/health");
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("has no /dev routes in the Lambda app", async () => {
    const lambdaApp = createApp(stack.deps, { claims: { kind: "apigw" } });
    await expectProblem(await lambdaApp.request("/dev/clock"), 404);
    expect((await stack.app.request("/dev/clock")).status).toBe(200);
  });

  it("lists agencies and categories with their default leads", async () => {
    const agencies = (await (await stack.call("GET", "/v1/agencies", intake)).json()) as {
      items: { id: string; superior?: string }[];
    };
    expect(agencies.items).toContainEqual(expect.objectContaining({ id: "hrss", superior: "gov" }));
    const categories = (await (await stack.call("GET", "/v1/categories", intake)).json()) as {
      items: { id: string; defaultLead?: string; defaultCohandlers: string[] }[];
    };
    expect(categories.items).toContainEqual(
      expect.objectContaining({ id: "soe-restructuring", defaultLead: "sasac", defaultCohandlers: ["hrss"] }),
    );
  });
});

describe("bad input gets problem+json and changes nothing", () => {
  it("401 without a token or with a forged one", async () => {
    await expectProblem(await stack.call("GET", "/v1/cases"), 401);
    await expectProblem(
      await stack.app.request("/v1/cases", { headers: { authorization: "Bearer abc.def.ghi" } }),
      401,
    );
  });

  it("400 for malformed JSON, unknown fields and out-of-range values", async () => {
    await expectProblem(await stack.call("POST", "/v1/cases", intake, '{"channel":'), 400);
    const unknown = await expectProblem(
      await stack.call("POST", "/v1/cases", intake, { ...registration(), status: "closed" }),
      400,
    );
    expect(JSON.stringify(unknown)).toContain("status");
    await expectProblem(await stack.call("POST", "/v1/cases", intake, registration({ headcount: -3 })), 400);
    await expectProblem(
      await stack.call("POST", "/v1/cases", intake, registration({ title: "x".repeat(201) })),
      400,
    );
    await expectProblem(await stack.call("GET", "/v1/cases?limit=100000", intake), 400);
    await expectProblem(await stack.call("GET", "/v1/cases?cursor=bm90LWEtY3Vyc29y", intake), 400);
    await expectProblem(await stack.call("GET", "/v1/cases/not-an-id", intake), 400);
  });

  it("415 for a body that is not JSON, 413 for one that is too large", async () => {
    await expectProblem(
      await stack.call("POST", "/v1/cases", intake, undefined, { "content-type": "text/plain" }),
      415,
    );
    const huge = registration({ description: "x".repeat(70_000) });
    await expectProblem(await stack.call("POST", "/v1/cases", intake, huge), 413);
  });

  it("404 for an unknown route, 422 for an unknown category", async () => {
    await expectProblem(await stack.call("GET", "/v1/nothing-here", intake), 404);
    await expectProblem(
      await stack.call("POST", "/v1/cases", intake, registration({ category: "astrology" })),
      422,
    );
    const list = (await (await stack.call("GET", "/v1/cases", intake)).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
  });
});
