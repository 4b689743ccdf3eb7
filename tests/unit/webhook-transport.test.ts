// The pinned POST against real local servers: it connects to the address it is given for a
// name no DNS knows (hooks.example.test, RFC 6761), names the host in Host and in TLS SNI,
// keeps certificate verification on, follows no redirect and gives up at its deadline.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer, createSecureContext, type Server as TlsServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { postPinned } from "../../shared/adapters/pinned-http.js";

// Self-signed, for hooks.example.test only: no trust store knows it.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIn+mjFqDk9eAY8UF
V3S3E4ecpgluIyhwUS+8qGMWcXqhRANCAARdg2r2kjP/6NIruftQ/QjuUWehDZRp
FSGs//zJBNa/LS9P9WAMpBK/uh2a5akGUgFuDovtDnHK3qJ29FA3a8LQ
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBrzCCAVagAwIBAgIUS7Ab2UL+y4HmedSHWL7Ga1NVwvcwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSaG9va3MuZXhhbXBsZS50ZXN0MCAXDTI2MTEyOTEzMDc0MVoY
DzIxMjYxMTA1MTMwNzQxWjAdMRswGQYDVQQDDBJob29rcy5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARdg2r2kjP/6NIruftQ/QjuUWehDZRp
FSGs//zJBNa/LS9P9WAMpBK/uh2a5akGUgFuDovtDnHK3qJ29FA3a8LQo3IwcDAd
BgNVHQ4EFgQUrTUBIFWrRgguIhm4BBLsVocSVv0wHwYDVR0jBBgwFoAUrTUBIFWr
RgguIhm4BBLsVocSVv0wDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJob29r
cy5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDRwAwRAIgA4gXRTOBMUuIfy4bcUDJ
CdxTFwKqQr6UfTRwasLtDlECIDaofu51NY3UyUCzriberrgfeOSuBE9WK+PwfU2F
m6xE
-----END CERTIFICATE-----`;

interface Seen {
  method: string;
  url: string;
  host: string;
  body: string;
}

let servers: (Server | TlsServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

async function listen<T extends Server | TlsServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function receiver(answer: (req: IncomingMessage, res: import("node:http").ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, host: req.headers.host!, body });
      answer(req, res);
    });
  });
  return { server, seen };
}

const post = (url: string, addresses: string[], timeoutMs = 5_000) =>
  postPinned({
    url: new URL(url),
    addresses,
    headers: { "content-type": "application/json", "casebridge-signature": "t=1,v1=00" },
    body: '{"id":"n1"}',
    timeoutMs,
  });

describe("postPinned", () => {
  it("connects to the given address for a name DNS does not know, naming the host in Host", async () => {
    const { server, seen } = receiver((_req, res) => res.writeHead(204).end());
    const port = await listen(server);
    const status = await post(`http://hooks.example.test:${port}/casebridge?agency=hrss`, ["127.0.0.1"]);
    expect(status).toBe(204);
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/casebridge?agency=hrss",
        host: `hooks.example.test:${port}`,
        body: '{"id":"n1"}',
      },
    ]);
  });

  it("connects only to the checked addresses, never to what DNS says about the name", async () => {
    const { server, seen } = receiver((_req, res) => res.writeHead(200).end());
    const port = await listen(server);
    // localhost is 127.0.0.1 to the system resolver, where the server listens; only ::1 was checked.
    await expect(post(`http://localhost:${port}/`, ["::1"], 2_000)).rejects.toBeDefined();
    expect(seen).toEqual([]);
    expect(await post(`http://localhost:${port}/`, ["127.0.0.1"])).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("follows no redirect and reports the status as it came", async () => {
    const { server: target, seen: targetSeen } = receiver((_req, res) => res.writeHead(204).end());
    const targetPort = await listen(target);
    const { server, seen } = receiver((_req, res) =>
      res.writeHead(307, { location: `http://127.0.0.1:${targetPort}/inside` }).end(),
    );
    const port = await listen(server);
    expect(await post(`http://hooks.example.test:${port}/`, ["127.0.0.1"])).toBe(307);
    expect(seen).toHaveLength(1);
    expect(targetSeen).toEqual([]);
  });

  it("does not read the answer's body, and gives up when no answer comes in time", async () => {
    const { server } = receiver((_req, res) => {
      res.writeHead(200);
      res.write("x".repeat(64 * 1024)); // and never ends
    });
    const port = await listen(server);
    expect(await post(`http://hooks.example.test:${port}/`, ["127.0.0.1"])).toBe(200);

    const { server: silent } = receiver(() => undefined);
    const silentPort = await listen(silent);
    const started = Date.now();
    await expect(post(`http://hooks.example.test:${silentPort}/`, ["127.0.0.1"], 300)).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("sends the host name as TLS SNI and refuses a certificate no trusted authority signed", async () => {
    const serverNames: string[] = [];
    const context = createSecureContext({ key: TEST_KEY, cert: TEST_CERT });
    const tls = createTlsServer(
      {
        key: TEST_KEY,
        cert: TEST_CERT,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null, context);
        },
      },
      (socket) => socket.end(),
    );
    const port = await listen(tls);
    await expect(post(`https://hooks.example.test:${port}/casebridge`, ["127.0.0.1"])).rejects.toMatchObject({
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(serverNames).toEqual(["hooks.example.test"]);
  });
});
