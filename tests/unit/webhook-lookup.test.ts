// The notifier's webhook lookup: it may remember that an agency has no webhook, for a
// minute, and never that it has one, so a webhook removed or replaced is honoured at the
// next notification.
import { describe, expect, it } from "vitest";
import { WEBHOOK_ABSENCE_TTL_MS, WebhookLookup } from "../../shared/app/notifications.js";
import { ControlledClock } from "../../shared/clock.js";
import type { Webhook } from "../../shared/ports.js";

const hook = (url: string): Webhook => ({ url, sealedSecret: "sealed" }) as Webhook;

function directory() {
  const hooks = new Map<string, Webhook>();
  let reads = 0;
  return {
    hooks,
    reads: () => reads,
    store: {
      async getWebhook(agency: string) {
        reads++;
        return hooks.get(agency);
      },
    },
  };
}

describe("WebhookLookup", () => {
  it("reads an agency's having no webhook once a minute, then sees one registered since", async () => {
    const clock = new ControlledClock(0, { now: () => new Date("2026-11-16T04:00:00Z") });
    const d = directory();
    const lookup = new WebhookLookup(d.store, clock);
    expect(await lookup.getWebhook("hrss")).toBeUndefined();
    expect(await lookup.getWebhook("hrss")).toBeUndefined();
    expect(d.reads()).toBe(1);
    d.hooks.set("hrss", hook("https://hrss.example.gov.cn/hook"));
    clock.advance(WEBHOOK_ABSENCE_TTL_MS - 1);
    expect(await lookup.getWebhook("hrss")).toBeUndefined();
    clock.advance(1);
    expect((await lookup.getWebhook("hrss"))?.url).toBe("https://hrss.example.gov.cn/hook");
    expect(d.reads()).toBe(2);
  });

  it("reads a webhook that exists every time, so a removal or a new URL applies at once", async () => {
    const clock = new ControlledClock(0, { now: () => new Date("2026-11-16T04:00:00Z") });
    const d = directory();
    const lookup = new WebhookLookup(d.store, clock);
    d.hooks.set("hrss", hook("https://a.example.gov.cn/hook"));
    expect((await lookup.getWebhook("hrss"))?.url).toBe("https://a.example.gov.cn/hook");
    d.hooks.set("hrss", hook("https://b.example.gov.cn/hook"));
    expect((await lookup.getWebhook("hrss"))?.url).toBe("https://b.example.gov.cn/hook");
    d.hooks.delete("hrss");
    expect(await lookup.getWebhook("hrss")).toBeUndefined();
    expect(d.reads()).toBe(3);
  });

  it("keeps agencies apart, and a clock moved backwards counts as stale", async () => {
    const clock = new ControlledClock(0, { now: () => new Date("2026-11-16T04:00:00Z") });
    const d = directory();
    const lookup = new WebhookLookup(d.store, clock);
    await lookup.getWebhook("hrss");
    d.hooks.set("edu", hook("https://edu.example.gov.cn/hook"));
    expect((await lookup.getWebhook("edu"))?.url).toBe("https://edu.example.gov.cn/hook");
    clock.advance(-1_000);
    d.hooks.set("hrss", hook("https://hrss.example.gov.cn/hook"));
    expect((await lookup.getWebhook("hrss"))?.url).toBe("https://hrss.example.gov.cn/hook");
    expect(d.reads()).toBe(3);
  });
});
