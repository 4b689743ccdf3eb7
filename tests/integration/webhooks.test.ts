// Webhook URLs cannot reach inside, on the embedded stack with a strict policy and a
// resolver the test controls: registration refuses every inside class with 422 and writes
// nothing; a name rebound to loopback after registration is refused at delivery before
// any connection, and its message ends in the DLQ; a delivery connects to the address
// checked, not to a second lookup (the name exists in no DNS).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifySignature } from "../../shared/app/webhooks.js";
import type { HostResolver } from "../../shared/domain/network.js";
import { STRICT_WEBHOOK_POLICY } from "../../shared/domain/webhook-target.js";
import { hrssHead, intake, registration, testStack, type TestStack } from "../support/factories.js";

const SECRET = "hrss-webhook-secret-0123456789";
const PUBLIC = "1.1.1.1";

let stack: TestStack;
/** What the test's DNS says; a name it does not hold has no address. */
const names = new Map<string, string[]>();
const lookups: string[] = [];
const resolver: HostResolver = {
  async resolve(host) {
    lookups.push(host);
    return names.get(host) ?? [];
  },
};

let receiver: Server;
let port: number;
let connections = 0;
const received: { host: string; body: string; signature: string }[] = [];

beforeAll(async () => {
  stack = await testStack();
  // The Lambda's policy, not the local runtime's; the handlers read deps on every call.
  stack.deps.webhookPolicy = STRICT_WEBHOOK_POLICY;
  stack.deps.hostResolver = resolver;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      received.push({
        host: String(req.headers.host),
        body,
        signature: String(req.headers["casebridge-signature"]),
      });
      res.writeHead(204).end();
    });
  });
  receiver.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  await stack.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const register = (url: string) =>
  stack.call("PUT", "/v1/agencies/hrss/webhook", hrssHead, { url, secret: SECRET });

async function expectRefused(url: string, refused: string) {
  const res = await register(url);
  const problem = (await res.json()) as Record<string, unknown>;
  expect([url, res.status, res.headers.get("content-type")]).toEqual([url, 422, "application/problem+json"]);
  expect([url, problem]).toEqual([
    url,
    expect.objectContaining({ status: 422, rule: "webhook-url", refused, detail: expect.any(String) }),
  ]);
  return problem;
}

/** A case routed to hrss: the router's handoff queues hrss's notification. */
async function notifyHrss(): Promise<string> {
  const created = (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as {
    id: string;
  };
  expect(
    (await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" })).status,
  ).toBe(202);
  await stack.drain();
  return created.id;
}

async function queueDepth(url: string): Promise<number> {
  const out = await stack.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

describe("webhook URLs cannot reach inside", () => {
  it("refuses at registration a name resolving to any inside class, with 422 naming it, and writes nothing", async () => {
    const classes: [string, string[]][] = [
      ["loopback", ["127.0.0.1"]],
      ["loopback", ["::1"]],
      ["private", ["10.0.0.8"]],
      ["private", ["172.20.1.1"]],
      ["private", ["192.168.1.20"]],
      ["link-local", ["169.254.1.1"]],
      ["link-local", ["fe80::1"]],
      ["cgnat", ["100.64.0.9"]],
      ["unique-local", ["fd12:3456::1"]],
      ["ipv4-mapped", ["::ffff:10.0.0.1"]],
      ["nat64", ["64:ff9b::a00:1"]],
      ["6to4", ["2002:a00:1::1"]],
      ["unspecified", ["0.0.0.0"]],
      ["unspecified", ["::"]],
      ["multicast", ["224.0.0.251"]],
      ["multicast", ["ff02::fb"]],
      ["broadcast", ["255.255.255.255"]],
      ["documentation", ["192.0.2.10"]],
      ["documentation", ["2001:db8::10"]],
      ["reserved", ["240.0.0.1"]],
      ["reserved", ["198.18.0.1"]],
      ["reserved", ["2001::1"]],
      ["metadata", ["169.254.169.254"]],
      ["metadata", ["fd00:ec2::254"]],
      ["metadata", ["100.100.100.200"]],
      // Any one refused address refuses the name: the connection could go to it.
      ["private", [PUBLIC, "10.0.0.1"]],
      ["metadata", ["2606:4700::1111", "169.254.169.254"]],
    ];
    const details = new Map<string, unknown>();
    for (const [i, [cls, addresses]] of classes.entries()) {
      const host = `${cls}-${i}.example.test`;
      names.set(host, addresses);
      const problem = await expectRefused(`https://${host}/casebridge`, cls);
      // One sentence per class, whatever the addresses: it names the class, never an address found.
      expect([host, problem.detail]).toEqual([host, details.get(cls) ?? problem.detail]);
      details.set(cls, problem.detail);
    }
    await expectRefused("https://nowhere.example.test/casebridge", "unresolvable");
    expect(await stack.deps.store.getWebhook("hrss")).toBeUndefined();
  });

  it("refuses URL forms before any lookup: credentials, fragment, ports, http, IP literals in any notation, localhost names", async () => {
    names.set("hooks.example.test", [PUBLIC]);
    const before = lookups.length;
    const forms: [string, string][] = [
      ["https://user:pass@hooks.example.test/", "credentials"],
      ["https://hooks.example.test/#x", "fragment"],
      ["https://hooks.example.test:25/", "port"],
      ["https://hooks.example.test:80/", "port"],
      ["http://hooks.example.test/", "scheme"],
      ["http://127.0.0.1:8080/", "scheme"],
      ["https://2130706433/", "loopback"],
      ["https://0x7f.1/", "loopback"],
      ["https://0177.0.0.1/", "loopback"],
      ["https://[::ffff:127.0.0.1]/", "ipv4-mapped"],
      ["https://169.254.169.254/latest/meta-data/", "metadata"],
      ["https://[fd00:ec2::254]/", "metadata"],
      ["https://10.1.2.3/", "private"],
      ["https://localhost/", "loopback"],
      ["https://localhost./", "loopback"],
      ["https://hooks.localhost/", "loopback"],
      ["https://hooks.example.test./", "host-name"],
    ];
    for (const [url, refused] of forms) await expectRefused(url, refused);
    expect(lookups.length).toBe(before);
    expect(await stack.deps.store.getWebhook("hrss")).toBeUndefined();
  });

  it("refuses at delivery a name rebound to loopback since registration: no connection, the message failed into the DLQ", async () => {
    names.set("rebind.example.test", [PUBLIC]);
    expect((await register(`https://rebind.example.test:${port}/casebridge`)).status).toBe(204);
    names.set("rebind.example.test", ["127.0.0.1"]); // where the receiver listens
    const warn = vi.spyOn(stack.deps.logger, "warn");

    const caseId = await notifyHrss();
    // Every receive meets the same refusal; past maxReceiveCount the message moves to the DLQ.
    for (let i = 0; i < 30 && (await queueDepth(stack.queues.notifications)) > 0; i++)
      await stack.notifier.pollOnce(1);
    expect(await queueDepth(stack.queues.notifications)).toBe(0);

    expect(connections).toBe(0);
    expect(received).toEqual([]);
    const dead = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.queues.deadLetters.notifications,
        MaxNumberOfMessages: 10,
      }),
    );
    const bodies = (dead.Messages ?? []).map(
      (m) =>
        JSON.parse(m.Body!) as { payload?: { agency?: string; caseId?: string } } & {
          agency?: string;
          caseId?: string;
        },
    );
    expect(bodies.some((b) => (b.payload ?? b).agency === "hrss" && (b.payload ?? b).caseId === caseId)).toBe(
      true,
    );

    const refusals = warn.mock.calls.filter(([message]) => message === "webhook refused");
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    for (const [, fields] of refusals)
      expect(fields).toMatchObject({
        agency: "hrss",
        refused: "loopback",
        notificationId: expect.any(String),
      });
    expect(JSON.stringify(warn.mock.calls)).not.toContain(SECRET);
    warn.mockRestore();
  }, 60_000);

  it("delivers to the address it checked, not to a new lookup: a name no DNS knows reaches the local receiver", async () => {
    stack.deps.webhookPolicy = { allowLoopback: true };
    names.set("hooks.example.test", ["127.0.0.1"]);
    expect((await register(`http://hooks.example.test:${port}/casebridge`)).status).toBe(204);
    const before = lookups.length;

    const caseId = await notifyHrss();
    const call = received.find((r) => (JSON.parse(r.body) as { caseId: string }).caseId === caseId);
    expect(call).toBeDefined();
    expect(call!.host).toBe(`hooks.example.test:${port}`);
    const t = Number(/t=(\d+)/.exec(call!.signature)![1]);
    expect(verifySignature(SECRET, call!.signature, call!.body, t)).toBe(true);
    // Checked again at delivery, through the resolver only.
    expect(lookups.slice(before)).toContain("hooks.example.test");
  });
});
