// The walking skeleton end to end on the real handlers, DynamoDB Local and the SQS
// emulator: register, route over the FIFO queue, acknowledge, reply, close by sweep.
import { GetQueueAttributesCommand, PurgeQueueCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { DAY_MS as DAY } from "../../shared/durations.js";
import type { MessageQueue } from "../../shared/ports.js";
import {
  hrssHandler,
  hrssHead,
  intake,
  natresHandler,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

async function register(body = registration(), headers: Record<string, string> = {}) {
  const res = await stack.call("POST", "/v1/cases", intake, body, headers);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number; status: string };
}

async function getCase(id: string, as = intake) {
  const res = await stack.call("GET", `/v1/cases/${id}`, as);
  return {
    status: res.status,
    etag: res.headers.get("etag"),
    body: (await res.json()) as Record<string, any>,
  };
}

describe("one case from intake over an SQS handoff to a reply", () => {
  describe("a case walked from registration to closing", () => {
    let id = "";

    it("is registered at version 1", async () => {
      const created = await register();
      id = created.id;

      expect(created).toMatchObject({ status: "registered", version: 1 });
    });

    it("is routed under If-Match (202, routing) and stays unseen by hrss until the router runs", async () => {
      const routed = await stack.call(
        "POST",
        `/v1/cases/${id}/route`,
        intake,
        { kind: "transfer" },
        { "if-match": '"1"' },
      );

      expect(routed.status).toBe(202);
      expect(await routed.json()).toMatchObject({ status: "routing" });
      expect((await getCase(id, hrssHandler)).status).toBe(404);
    });

    it("is handed to hrss over SQS: version 3, its acknowledge clock running, the lead's actions offered", async () => {
      await stack.drain();

      const handed = await getCase(id, hrssHandler);
      expect(handed.status).toBe(200);
      expect(handed.body).toMatchObject({ status: "transferred", leadAgency: "hrss", version: 3 });
      expect(handed.etag).toBe('"3"');
      expect(handed.body.allowedActions.sort()).toEqual([
        "acknowledge",
        "decline",
        "note",
        "object",
        "pause",
        "resume",
      ]);
      expect(handed.body.clocks.find((k: any) => k.name === "acknowledge")).toMatchObject({
        state: "running",
        owner: "hrss",
      });
    });

    it("shows in hrss's inbox with the petitioner masked, and hrss's head is notified", async () => {
      const inbox = (await (await stack.call("GET", "/v1/cases", hrssHandler)).json()) as {
        items: { id: string; petitioner: { name: string } }[];
      };
      const notifications = (await (await stack.call("GET", "/v1/notifications", hrssHead)).json()) as {
        items: { caseId: string; type: string }[];
      };

      expect(inbox.items.map((c) => c.id)).toContain(id);
      expect(inbox.items.find((c) => c.id === id)!.petitioner.name).toBe("王**");
      expect(notifications.items).toContainEqual(expect.objectContaining({ caseId: id, type: "handoff" }));
    });

    it("is acknowledged under If-Match and replied to by hrss", async () => {
      const acked = await stack.call(
        "POST",
        `/v1/cases/${id}/acknowledge`,
        hrssHandler,
        {},
        { "if-match": '"3"' },
      );
      const replied = await stack.call("POST", `/v1/cases/${id}/reply`, hrssHead, {
        summary: "Arrears paid",
        text: "The factory pays the arrears by December.",
      });

      expect(acked.status).toBe(200);
      expect(replied.status).toBe(200);
      expect(await replied.json()).toMatchObject({ status: "replied" });
    });

    it("stays replied when swept 29 days on", async () => {
      stack.clock.advance(29 * DAY);
      await stack.tick();

      expect((await getCase(id)).body.status).toBe("replied");
    });

    it("closes when swept after 30 days, however often swept", async () => {
      stack.clock.advance(3 * DAY);
      await stack.tick();
      await stack.tick(); // a second sweep changes nothing

      expect((await getCase(id)).body.status).toBe("closed");
    });

    it("has a trail that records each step once and verifies", async () => {
      const events = (await (await stack.call("GET", `/v1/cases/${id}/events`, intake)).json()) as {
        items: { type: string; actor: string; data: Record<string, unknown> }[];
      };
      const verdict = await (await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).json();

      // The written notices go on the same chain, after the events that called for them (docs/notices.md).
      const notices = events.items.filter((e) => e.type === "notice_issued");
      expect(events.items.filter((e) => e.type !== "notice_issued").map((e) => e.type)).toEqual([
        "registered",
        "route_requested",
        "transferred",
        "acknowledged",
        "replied",
        "closed",
      ]);
      expect(notices.map((e) => e.data.kind)).toEqual(["transfer", "acceptance", "handling_opinion"]);
      expect(events.items.filter((e) => e.type === "closed")).toHaveLength(1);
      expect(verdict).toEqual({ valid: true, events: 9 });
    });
  });

  it("answers 404 to an agency that never handled the case, and to its events", async () => {
    const created = await register();
    await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    for (const path of [
      `/v1/cases/${created.id}`,
      `/v1/cases/${created.id}/events`,
      `/v1/cases/${created.id}/events/verify`,
    ]) {
      const res = await stack.call("GET", path, natresHandler);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const cmd = await stack.call("POST", `/v1/cases/${created.id}/acknowledge`, natresHandler, {});
    expect(cmd.status).toBe(404);
    const list = (await (await stack.call("GET", "/v1/cases", natresHandler)).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((c) => c.id)).not.toContain(created.id);
  });

  it("answers 412 to a stale If-Match and changes nothing", async () => {
    const created = await register();
    await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" });
    await stack.drain();
    const stale = await stack.call(
      "POST",
      `/v1/cases/${created.id}/acknowledge`,
      hrssHandler,
      {},
      { "if-match": '"2"' },
    );
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ status: 412, currentVersion: 3 });
    expect((await getCase(created.id)).body).toMatchObject({ status: "transferred", version: 3 });
    const bad = await stack.call(
      "POST",
      `/v1/cases/${created.id}/acknowledge`,
      hrssHandler,
      {},
      { "if-match": "three" },
    );
    expect(bad.status).toBe(400);
  });

  it("returns the same case for the same Idempotency-Key and body, and refuses a different body", async () => {
    const key = { "idempotency-key": `key-${Date.now()}` };
    const first = await register(registration(), key);
    const again = await stack.call("POST", "/v1/cases", intake, registration(), key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    const other = await stack.call(
      "POST",
      "/v1/cases",
      intake,
      registration({ title: "Something else" }),
      key,
    );
    expect(other.status).toBe(422);
  });

  it("forbids commands to roles and parties the lifecycle table does not name", async () => {
    const created = await register();
    expect(
      (
        await stack.call("POST", `/v1/cases/${created.id}/route`, who("bureau", "auditor"), {
          kind: "transfer",
        })
      ).status,
    ).toBe(403);
    expect((await stack.call("POST", `/v1/cases/${created.id}/acknowledge`, intake, {})).status).toBe(403);
    expect((await stack.call("POST", "/v1/cases", hrssHandler, registration())).status).toBe(403);
    const res = await stack.call("POST", `/v1/cases/${created.id}/reply`, intake, {
      summary: "x",
      text: "y",
    });
    expect(res.status).toBe(403);
  });
});

describe("delivery that loses nothing and applies nothing twice", () => {
  it("recovers a failed send through the relay", async () => {
    const created = await register();
    const realQueue = stack.deps.queue;
    const failing: MessageQueue = { send: async (entries) => ({ failed: entries.map((e) => e.id) }) };
    stack.deps.queue = failing;
    try {
      const res = await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" });
      expect(res.status).toBe(202);
    } finally {
      stack.deps.queue = realQueue;
    }
    await stack.drain();
    expect((await getCase(created.id)).body.status).toBe("routing");
    // The relay leaves fresh entries to the direct send for a grace period, then re-sends.
    stack.clock.advance(60_000);
    const report = await stack.tick();
    expect(report.relay).toMatchObject({ resent: 1 });
    expect((await getCase(created.id)).body).toMatchObject({ status: "transferred", leadAgency: "hrss" });
    stack.clock.advance(10 * 60_000);
    expect(await stack.tick()).toMatchObject({ relay: { resent: 0 } });
  });

  it("re-reads and applies a handoff at once when the case changed meanwhile", async () => {
    const created = await register();
    const store = stack.deps.store;
    const commit = store.commit.bind(store);
    let collisions = 0;
    // Someone else's write lands between the router's read and its commit, once.
    store.commit = async (decision, options) => {
      if (options.settles && collisions++ === 0) return { ok: false, reason: "stale" };
      return commit(decision, options);
    };
    try {
      await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" });
      await stack.drain();
    } finally {
      store.commit = commit;
    }
    expect(collisions).toBe(2);
    expect((await getCase(created.id)).body).toMatchObject({ status: "transferred", leadAgency: "hrss" });
  });

  it("applies a duplicate delivery of a handoff once", async () => {
    const created = await register();
    await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" });
    const events = async () =>
      (
        (await (await stack.call("GET", `/v1/cases/${created.id}/events`, intake)).json()) as {
          items: { type: string }[];
        }
      ).items;
    const routeEvent = (await events()).find((e) => e.type === "route_requested") as unknown as {
      data: { handoffId: string };
    };
    const outbox = unmarshall(
      (
        await stack.db.send(
          new GetItemCommand({
            TableName: stack.deps.settings.TABLE_NAME,
            Key: marshall({ pk: `CASE#${created.id}`, sk: `OUTBOX#${routeEvent.data.handoffId}` }),
          }),
        )
      ).Item!,
    );
    // The same handoff again under a fresh deduplication id, as a redelivery would bring it.
    const body = JSON.stringify({ ...JSON.parse(outbox.body), id: outbox.id, caseId: created.id });
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queues.handoffs,
        MessageBody: body,
        MessageGroupId: created.id,
        MessageDeduplicationId: `dup-${outbox.id}`,
      }),
    );
    await stack.drain();
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queues.handoffs,
        MessageBody: body,
        MessageGroupId: created.id,
        MessageDeduplicationId: `dup2-${outbox.id}`,
      }),
    );
    await stack.drain();
    const types = (await events()).map((e) => e.type);
    expect(types.filter((t) => t === "transferred")).toHaveLength(1);
    expect((await getCase(created.id)).body.version).toBe(3);
    const dlq = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queues.deadLetters.handoffs,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe("0");
  });

  it("sends a message the router cannot parse to the dead-letter queue after its retries", async () => {
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queues.handoffs,
        MessageBody: "{not json",
        MessageGroupId: "broken",
        MessageDeduplicationId: `broken-${Date.now()}`,
      }),
    );
    for (let i = 0; i < 6; i++) {
      await stack.router.pollOnce(2);
    }
    const dlq = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queues.deadLetters.handoffs,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe("1");
    // Once the cause is fixed, the redrive moves it back to its queue.
    const redriven = await stack.app.request("/dev/redrive", { method: "POST" });
    expect(await redriven.json()).toEqual({ moved: { handoffs: 1, notifications: 0 } });
    const back = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queues.handoffs,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    expect(back.Attributes?.ApproximateNumberOfMessages).toBe("1");
    await stack.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queues.handoffs }));
  });

  it("detects an event edited directly in the table", async () => {
    const created = await register();
    const key = marshall({ pk: `CASE#${created.id}`, sk: "EVENT#00000001" });
    const item = unmarshall(
      (await stack.db.send(new GetItemCommand({ TableName: stack.deps.settings.TABLE_NAME, Key: key })))
        .Item!,
    );
    item.data.headcount = 3;
    await stack.db.send(
      new PutItemCommand({ TableName: stack.deps.settings.TABLE_NAME, Item: marshall(item) }),
    );
    const verdict = await (await stack.call("GET", `/v1/cases/${created.id}/events/verify`, intake)).json();
    expect(verdict).toEqual({ valid: false, events: 1, firstBadSeq: 1 });
  });
});
