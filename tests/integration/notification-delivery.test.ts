// The notifier stores a notification with two plain writes (a conditional put, then the
// settling of its outbox entry), not one transaction. On the embedded stack: a second
// delivery stores nothing and keeps what the reader did (read stays read); a notifier that
// dies between the two writes leaves the entry pending, and the relay's re-send settles it
// without a second notification.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoNotificationStore } from "../../shared/adapters/dynamo/notifications.js";
import type { Notification } from "../../shared/domain/model.js";
import { OUTBOX_SHARDS } from "../../shared/resources.js";
import { hrssHandler, intake, registration, testStack, type TestStack } from "../support/factories.js";

let stack: TestStack;
/** While set, the table's next UpdateItem fails as if the process had died before it. */
let failNextUpdate = false;

beforeAll(async () => {
  stack = await testStack();
  stack.db.middlewareStack.add(
    (next, context) => async (args) => {
      if (failNextUpdate && context.commandName === "UpdateItemCommand") {
        failNextUpdate = false;
        throw new Error("injected: the notifier died before settling");
      }
      return next(args);
    },
    { step: "initialize", name: "dieBeforeSettling" },
  );
});
afterAll(() => stack.stop());

async function routedToHrss(): Promise<string> {
  const created = (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as {
    id: string;
  };
  expect(
    (await stack.call("POST", `/v1/cases/${created.id}/route`, intake, { kind: "transfer" })).status,
  ).toBe(202);
  // The router only: hrss's notification waits in the outbox for the notifier.
  while ((await stack.router.pollOnce(0)) > 0);
  return created.id;
}

/** Pending outbox entries for notifications of `caseId`, whatever their re-send time. */
async function pendingNotifications(caseId: string): Promise<Notification[]> {
  const far = new Date(stack.clock.now().getTime() + 365 * 86_400_000);
  const found: Notification[] = [];
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++)
    for (const p of await stack.deps.store.pendingOutbox(shard, far, 100))
      if (p.entry.caseId === caseId && p.entry.queue === "notifications")
        found.push(p.entry.body as unknown as Notification);
  return found;
}

async function hrssNotificationsOf(caseId: string) {
  const res = await stack.call("GET", "/v1/notifications?limit=100", hrssHandler);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: (Notification & { read: boolean })[] };
  return items.filter((n) => n.caseId === caseId);
}

describe("notification delivery", () => {
  it("stores a notification once, and a later delivery leaves it read", async () => {
    const caseId = await routedToHrss();
    const [n] = await pendingNotifications(caseId);
    expect(n).toBeDefined();
    expect(await stack.deps.store.deliverNotification(n!, caseId)).toBe(true);
    expect(await pendingNotifications(caseId)).toEqual([]);
    expect((await stack.call("POST", `/v1/notifications/${n!.id}/read`, hrssHandler)).status).toBeLessThan(
      300,
    );

    expect(await stack.deps.store.deliverNotification(n!, caseId)).toBe(false);
    const listed = await hrssNotificationsOf(caseId);
    expect(listed.map((x) => [x.id, x.read])).toEqual([[n!.id, true]]);
  });

  it("heals a notifier that died between storing and settling: the relay re-sends, nothing is stored twice", async () => {
    const caseId = await routedToHrss();
    const [n] = await pendingNotifications(caseId);
    // The notifier's store, on a client whose next UpdateItem dies.
    const notifier = dynamoNotificationStore({ db: stack.db, name: stack.tableName });
    failNextUpdate = true;
    await expect(notifier.deliverNotification(n!, caseId)).rejects.toThrow(/injected/);
    // Stored, yet still pending: the relay will send it again.
    expect((await hrssNotificationsOf(caseId)).map((x) => x.id)).toEqual([n!.id]);
    expect((await pendingNotifications(caseId)).map((x) => x.id)).toEqual([n!.id]);

    // Past the relay's grace period: the relay re-sends, the notifier receives it again.
    stack.clock.advance(60_000);
    await stack.tick();
    expect(await pendingNotifications(caseId)).toEqual([]);
    expect((await hrssNotificationsOf(caseId)).map((x) => x.id)).toEqual([n!.id]);
  });
});
