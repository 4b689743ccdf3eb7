// Services ask the rights table themselves, before they read anything: the same rows the
// route guard asks, so a service called other than through a route refuses the same callers.
import { describe, expect, it } from "vitest";
import { JurisdictionService, type JurisdictionDeps } from "../../shared/app/jurisdiction.js";
import { MeetingService, type MeetingDeps } from "../../shared/app/meetings.js";
import { RoutingRuleService, type RoutingRuleDeps } from "../../shared/app/routing-rules.js";
import { WebhookService, type WebhookRegistrationDeps } from "../../shared/app/webhook-registration.js";
import { ForbiddenError } from "../../shared/errors.js";
import { who } from "../support/factories.js";

/** A store that fails the test if anything reaches it. */
const untouchable = new Proxy(
  {},
  {
    get: (_t, name) => () => {
      throw new Error(`the store was asked for ${String(name)}`);
    },
  },
);
const meetings = new MeetingService({ store: untouchable } as unknown as MeetingDeps);
const webhooks = new WebhookService({ store: untouchable } as unknown as WebhookRegistrationDeps);
const routingRules = new RoutingRuleService({ store: untouchable } as unknown as RoutingRuleDeps);
const jurisdiction = new JurisdictionService({ store: untouchable } as unknown as JurisdictionDeps);
const MEETING = "01JMEETINGMEETINGMEETINGME";

describe("services ask the rights table", () => {
  it("let only the bureau's coordinator set the calendar and the thresholds", async () => {
    const year = { source: "s", holidays: [], makeUpWorkdays: [] };
    for (const caller of [who("hrss", "coordinator"), who("bureau", "intake"), who("bureau", "auditor")]) {
      await expect(jurisdiction.setCalendarYear(caller, 2027, year, 0)).rejects.toThrow(ForbiddenError);
      await expect(
        jurisdiction.setThresholds(caller, { escalation: {} as never, hotspot: {} as never }, 0),
      ).rejects.toThrow(ForbiddenError);
    }
  });

  it("refuse joint-meeting actions to those the table does not grant them", async () => {
    const handler = who("hrss", "handler");
    const agencyCoordinator = who("hrss", "coordinator");
    await expect(
      meetings.create(agencyCoordinator, {
        title: "Q4",
        scheduledAt: "2026-11-20T02:00:00Z",
        members: ["hrss"],
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(meetings.list(handler, { limit: 10 })).rejects.toThrow(ForbiddenError);
    await expect(meetings.get(handler, MEETING)).rejects.toThrow(ForbiddenError);
    await expect(meetings.minutes(handler, MEETING)).rejects.toThrow(ForbiddenError);
    await expect(meetings.refreshAgenda(who("hrss", "meeting_member"), MEETING)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      meetings.decide(agencyCoordinator, MEETING, { caseId: "c", lead: "hrss", note: "n" }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      meetings.sanction(agencyCoordinator, MEETING, { agency: "hrss", kind: "summons", reason: "r" }),
    ).rejects.toThrow(ForbiddenError);
    await expect(meetings.close(agencyCoordinator, MEETING, [])).rejects.toThrow(ForbiddenError);
  });

  it("let only the agency's head or the bureau's coordinator register an agency's webhook", async () => {
    const input = { url: "https://hooks.example.test/x", secret: "s".repeat(32) };
    await expect(webhooks.register(who("hrss", "agency_head"), "natres", input)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(webhooks.register(who("hrss", "handler"), "hrss", input)).rejects.toThrow(ForbiddenError);
    await expect(webhooks.register(who("hrss", "coordinator"), "hrss", input)).rejects.toThrow(
      ForbiddenError,
    );
    // Granted: the service goes on to the store.
    await expect(webhooks.register(who("hrss", "agency_head"), "hrss", input)).rejects.toThrow(
      /the store was asked for getReference/,
    );
    await expect(webhooks.register(who("bureau", "coordinator"), "natres", input)).rejects.toThrow(
      /the store was asked for getReference/,
    );
  });

  it("let only the bureau's coordinator change the routing rules, and keep their history from agencies", async () => {
    const rules = [{ category: "health", region: "*", lead: "health", cohandlers: [] }];
    for (const caller of [who("hrss", "coordinator"), who("bureau", "intake"), who("bureau", "auditor")])
      await expect(routingRules.replace(caller, rules, 1)).rejects.toThrow(ForbiddenError);
    await expect(routingRules.history(who("hrss", "agency_head"), { limit: 10 })).rejects.toThrow(
      ForbiddenError,
    );
    // Granted: the service goes on to the store.
    await expect(routingRules.replace(who("bureau", "coordinator"), rules, 1)).rejects.toThrow(
      /the store was asked for getRoutingRules/,
    );
    await expect(routingRules.read(who("hrss", "handler"))).rejects.toThrow(
      /the store was asked for getRoutingRules/,
    );
  });
});
