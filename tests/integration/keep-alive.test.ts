// A refused body must not break a pooled client's connection: after a 413 or a 415 the
// client's next request on the same keep-alive agent still gets its answer. Over a real
// socket (the local runtime's @hono/node-server), as a browser or SDK would use it.
import { request, Agent } from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake, registration, testStack, type TestStack } from "../support/factories.js";
import { issueLocalToken } from "../../infra/local/tokens.js";

let stack: TestStack;
let server: ServerType;
let port = 0;
beforeAll(async () => {
  stack = await testStack();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: stack.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      port = info.port;
      resolve(s);
    });
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await stack.stop();
});

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function send(
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = request(
      { host: "127.0.0.1", port, method, path, agent, headers: { ...headers, ...length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            connection: res.headers.connection,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // A large body is written in pieces, as a client streams it; the server may answer before the end.
    if (body !== undefined) {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      for (let i = 0; i < buf.length; i += 16_384) req.write(buf.subarray(i, i + 16_384));
    }
    req.end();
  });
}

describe("a keep-alive client", () => {
  it("goes on after a 413, a 415 and a 400 on the same pooled connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const auth = {
      authorization: `Bearer ${await issueLocalToken(stack.secret, intake, stack.clock.now())}`,
    };
    const json = { ...auth, "content-type": "application/json" };
    try {
      const huge = JSON.stringify(registration({ description: "x".repeat(200_000) }));
      const refusals: [Record<string, string>, string | Buffer, number][] = [
        [json, huge, 413],
        [{ ...auth, "content-type": "text/plain" }, "hello", 415],
        [json, '{"channel":', 400],
      ];
      for (const [headers, body, status] of refusals) {
        const refused = await send(agent, "POST", "/v1/cases", headers, body);
        expect(refused.status).toBe(status);
        expect(refused.body).toContain("problem");
        // Then the client's next request, on whatever connection the pool holds, is answered.
        const next = await send(agent, "GET", "/v1/agencies", auth);
        expect(next.status, `after a ${status}`).toBe(200);
      }
      const ok = JSON.stringify(registration());
      expect((await send(agent, "POST", "/v1/cases", json, ok)).status).toBe(201);
    } finally {
      agent.destroy();
    }
  });
});
