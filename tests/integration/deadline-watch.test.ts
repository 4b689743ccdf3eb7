// The deadline watch on the embedded stack: an unacknowledged case is warned, then
// escalated L1, L2, L3 onto the next joint meeting, each once even when ticked twice; the
// meeting's decision routes it to a new lead over SQS and restarts its clocks; the
// minutes list it; each party sees its notifications; a loopback webhook gets each of
// hrss's notifications once, signed, the call it failed retried. Each step is an ordered
// `it` over the one case.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../shared/app/webhooks.js";
import type { Identity } from "../../shared/domain/access.js";
import { DAY_MS as DAY } from "../../shared/durations.js";
import {
  T0,
  coordinator,
  hrssHandler,
  hrssHead,
  intake,
  registration,
  testStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
let receiver: Server;
const received: { body: string; signature: string }[] = [];
let failNext = 0;
const SECRET = "hrss-webhook-secret-0123456789";

beforeAll(async () => {
  stack = await testStack();
  receiver = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(req.headers["casebridge-signature"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await stack.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const leader: Identity = { sub: "leader-zhang", agency: "gov", roles: ["leader"] };

async function caseOf(id: string) {
  return (await (await stack.call("GET", `/v1/cases/${id}`, intake)).json()) as Record<string, any>;
}
async function eventTypes(id: string) {
  const page = (await (await stack.call("GET", `/v1/cases/${id}/events?limit=100`, intake)).json()) as {
    items: { type: string; data: Record<string, unknown> }[];
  };
  return page.items;
}
async function notifications(as: Identity) {
  return (
    (await (await stack.call("GET", "/v1/notifications?limit=100", as)).json()) as {
      items: { id: string; type: string; caseId: string; level: number }[];
    }
  ).items;
}

/** Move the clock to `at` and sweep twice: each step of the ladder must happen once. */
async function tickTwice(at: number) {
  stack.clock.set(new Date(at));
  await stack.tick();
  await stack.tick();
}

/** A case transferred to hrss and left unacknowledged, owned by `leader`; with its acknowledge due time. */
async function unacknowledgedCase(): Promise<{ id: string; due: number }> {
  const { id } = (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as {
    id: string;
  };
  await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" });
  await stack.drain();
  expect(
    (await stack.call("POST", `/v1/cases/${id}/assign-leader`, coordinator, { leader: leader.sub })).status,
  ).toBe(200);
  const due = Date.parse((await caseOf(id)).clocks.find((k: any) => k.name === "acknowledge").dueAt); // Thu 10-15
  return { id, due };
}

describe("deadline watch, escalation ladder and the joint meeting", () => {
  describe("an unacknowledged case, escalated step by step and re-routed by the meeting's decision", () => {
    let id = "";
    let due = 0;
    let meetingId = "";
    /** What hrss's head was notified of about the case before the decision: the webhook must carry as many. */
    let headTypes: string[] = [];
    let code = "";

    it("takes hrss's webhook from its head, and refuses another agency's head", async () => {
      stack.clock.set(T0);
      const port = (receiver.address() as { port: number }).port;

      const hook = await stack.call("PUT", "/v1/agencies/hrss/webhook", hrssHead, {
        url: `http://127.0.0.1:${port}/casebridge`,
        secret: SECRET,
      });
      const foreign = await stack.call("PUT", "/v1/agencies/hrss/webhook", who("natres", "agency_head"), {
        url: `http://127.0.0.1:${port}/x`,
        secret: SECRET,
      });

      expect(hook.status).toBe(204);
      expect(foreign.status).toBe(403);
    });

    it("warns before the acknowledge deadline, then escalates to L1 and to listed supervision at L2", async () => {
      ({ id, due } = await unacknowledgedCase());

      await tickTwice(due - 2 * DAY); // 3 days left: the warning
      await tickTwice(due + 1000); // L1
      await tickTwice(due + 7 * DAY + 1000); // L2: listed supervision

      expect((await caseOf(id)).escalation).toMatchObject({ level: 2, supervised: true });
    });

    it("puts it at L3 on the agenda of a meeting convened before, once", async () => {
      const meeting = (await (
        await stack.call("POST", "/v1/meetings", coordinator, {
          title: "2026 Q4 joint meeting",
          scheduledAt: new Date(due + 20 * DAY).toISOString(),
          members: ["hrss", "sasac", "gov"],
        })
      ).json()) as { id: string; agenda: unknown[] };
      meetingId = meeting.id;
      expect(meeting.agenda).toEqual([]);

      await tickTwice(due + 15 * DAY + 1000); // L3: onto the agenda

      const onAgenda = (await (
        await stack.call("GET", `/v1/meetings/${meetingId}`, who("bureau", "meeting_member"))
      ).json()) as { agenda: { caseId: string; reason: string }[] };
      expect(onAgenda.agenda).toEqual([expect.objectContaining({ caseId: id, reason: "escalated" })]);
      expect((await caseOf(id)).escalation).toMatchObject({ level: 3, meetingId });
    });

    it("records each step of the ladder once, though every step was swept twice", async () => {
      const types = (await eventTypes(id)).map((e) => `${e.type}${e.data.level ? `:${e.data.level}` : ""}`);

      for (const step of [
        "due_soon",
        "escalated:1",
        "listed_supervision:2",
        "escalated:3",
        "placed_on_agenda",
      ]) {
        expect(types.filter((t) => t === step)).toHaveLength(1);
      }
    });

    it("notifies the bureau, hrss's head and the owning leader, each of what concerns them", async () => {
      const bureau = (await notifications(coordinator)).filter((n) => n.caseId === id).map((n) => n.type);
      headTypes = (await notifications(hrssHead)).filter((n) => n.caseId === id).map((n) => n.type);
      const mine = (await notifications(leader)).filter((n) => n.caseId === id).map((n) => n.type);

      expect(bureau).toEqual(expect.arrayContaining(["supervision", "agenda"]));
      expect(headTypes).toEqual(
        expect.arrayContaining(["handoff", "due_soon", "overdue", "supervision", "agenda"]),
      );
      expect(mine.sort()).toEqual(["agenda", "due_soon", "overdue", "supervision"]);
    });

    it("re-routes it by the meeting's decision over SQS: sasac leads, hrss co-handles, a 20-day report-back clock starts", async () => {
      failNext = 1; // the receiver fails once: the queue retries the webhook

      const decided = await stack.call("POST", `/v1/meetings/${meetingId}/decisions`, coordinator, {
        caseId: id,
        lead: "sasac",
        cohandlers: ["hrss"],
        handleDays: 20,
        note: "SOE restructuring: sasac leads with hrss",
      });
      await stack.drain();

      expect(decided.status).toBe(200);
      const after = await caseOf(id);
      code = after.code;
      expect(after).toMatchObject({
        status: "assigned",
        leadAgency: "sasac",
        cohandlers: ["hrss"],
        escalation: { level: 0, supervised: false, meetingId },
      });
      const reportBack = after.clocks.find((k: any) => k.name === "report_back");
      expect(reportBack).toMatchObject({ state: "running", owner: "sasac", length: 20 });
      expect(Date.parse(reportBack.startedAt)).toBe(Date.parse(after.updatedAt));
      expect((await eventTypes(id)).map((e) => e.type)).toEqual(
        expect.arrayContaining(["meeting_decision", "assigned"]),
      );
      // The overdue acknowledge clock it replaced is kept for the on-time rates.
      expect(after.pastClocks).toContainEqual(
        expect.objectContaining({ name: "acknowledge", state: "overdue", level: 3 }),
      );
    });

    it("refuses a second decision on the same case", async () => {
      const again = await stack.call("POST", `/v1/meetings/${meetingId}/decisions`, coordinator, {
        caseId: id,
        lead: "natres",
        note: "again",
      });

      expect(again.status).toBe(409);
    });

    it("closes with a sanction; the minutes list the case, the decision and the sanction, not the petitioner", async () => {
      const sanctioned = await stack.call("POST", `/v1/meetings/${meetingId}/sanctions`, coordinator, {
        agency: "hrss",
        kind: "summons",
        reason: "Left a collective petition unacknowledged",
      });
      const closed = await stack.call("POST", `/v1/meetings/${meetingId}/close`, coordinator, {
        present: ["hrss", "sasac", "gov"],
      });
      const minutes = await (
        await stack.call("GET", `/v1/meetings/${meetingId}/minutes`, who("bureau", "auditor"))
      ).text();

      expect(sanctioned.status).toBe(200);
      expect(closed.status).toBe(200);
      expect(minutes).toContain(code);
      expect(minutes).toMatch(
        /lead 国资局.*\(sasac\), co-handling 人社局.*\(hrss\), to report within 20 days/,
      );
      expect(minutes).toContain("summons (约谈)");
      expect(minutes).not.toContain("王建国");
    });

    it("delivers each of hrss's notifications to its webhook once, signed, retrying the call that failed", async () => {
      const feed = (await notifications(hrssHead)).filter((n) => n.caseId === id).map((n) => n.id);
      const undelivered = () =>
        feed.filter((n) => !received.some((r) => (JSON.parse(r.body) as { id: string }).id === n));
      // The failed call comes back once its visibility timeout (1 s here) has passed.
      for (let i = 0; i < 5 && (received.length < headTypes.length || undelivered().length); i++)
        await stack.notifier.pollOnce(2);

      expect(feed.length).toBeGreaterThan(headTypes.length); // the decision told hrss too
      expect(received.length).toBeGreaterThanOrEqual(headTypes.length);
      expect(failNext, "the receiver failed once").toBe(0);
      expect(undelivered(), "notifications of hrss's feed never delivered").toEqual([]);
      for (const call of received) {
        const body = JSON.parse(call.body) as { agency: string; caseId: string };
        expect(body.agency).toBe("hrss");
        const t = Number(/t=(\d+)/.exec(call.signature)![1]);
        expect(verifySignature(SECRET, call.signature, call.body, t)).toBe(true);
        expect(verifySignature("wrong-secret-0123456789", call.signature, call.body, t)).toBe(false);
        expect(call.body).not.toContain("王建国");
      }
      const ids = received.map((r) => (JSON.parse(r.body) as { id: string }).id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("leaves an event trail that verifies", async () => {
      expect((await stack.call("GET", `/v1/cases/${id}/events/verify`, intake)).status).toBe(200);
    });
  });

  it("puts a dispute left 5 working days on the agenda, and a flagged case too", async () => {
    stack.clock.set(T0);
    const meeting = (await (
      await stack.call("POST", "/v1/meetings", coordinator, {
        title: "Disputes",
        scheduledAt: "2026-12-01T02:00:00Z",
        members: ["hrss", "natres"],
      })
    ).json()) as { id: string };
    const a = (
      (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as { id: string }
    ).id;
    await stack.call("POST", `/v1/cases/${a}/route`, intake, { kind: "transfer" });
    await stack.drain();
    await stack.call("POST", `/v1/cases/${a}/object`, hrssHandler, { reason: "Land matter" });
    const b = (
      (await (await stack.call("POST", "/v1/cases", intake, registration())).json()) as { id: string }
    ).id;
    expect(
      (
        await stack.call("POST", `/v1/cases/${b}/flag-joint-handling`, coordinator, {
          note: "needs natres and hrss",
        })
      ).status,
    ).toBe(200);
    const refreshed = await stack.call("POST", `/v1/meetings/${meeting.id}/agenda/refresh`, coordinator);
    expect(((await refreshed.json()) as { agenda: { caseId: string; reason: string }[] }).agenda).toEqual([
      expect.objectContaining({ caseId: b, reason: "joint_handling" }),
    ]);
    stack.clock.set(new Date("2026-10-13T16:00:01Z")); // after Tue 10-13, the 5th working day
    await stack.tick();
    const m = (await (await stack.call("GET", `/v1/meetings/${meeting.id}`, coordinator)).json()) as {
      agenda: { caseId: string; reason: string }[];
    };
    expect(m.agenda.map((i) => [i.caseId, i.reason])).toEqual([
      [b, "joint_handling"],
      [a, "dispute"],
    ]);
    expect(
      (
        await stack.call("POST", `/v1/meetings/${meeting.id}/decisions`, coordinator, {
          caseId: a,
          lead: "hrss",
          note: "x",
        })
      ).status,
    ).toBe(200);
    // The flagged case is declined before the meeting decides it: closing still succeeds.
    expect(
      (
        await stack.call("POST", `/v1/cases/${b}/decline`, intake, {
          reason: "Withdrawn by the petitioner",
          basis: "信访工作条例 Art. 31",
        })
      ).status,
    ).toBe(200);
    expect(
      (await stack.call("POST", `/v1/meetings/${meeting.id}/close`, coordinator, { present: ["hrss"] }))
        .status,
    ).toBe(200);
    const minutes = await (await stack.call("GET", `/v1/meetings/${meeting.id}/minutes`, coordinator)).text();
    expect(minutes).toContain("Not decided: the case was finished before the meeting.");
    expect(minutes).toContain("(Asia/Shanghai)");
    expect(
      (
        await stack.call("POST", `/v1/meetings`, hrssHead, {
          title: "x",
          scheduledAt: "2026-12-01T02:00:00Z",
          members: ["hrss"],
        })
      ).status,
    ).toBe(403);
  });
});
