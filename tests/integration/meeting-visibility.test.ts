// Who sees a joint meeting and what of it (docs/access.md): the meeting and its minutes
// are for the bureau and the agencies that sit on it; each agenda item, and its line in
// the minutes, only for those who see its case — never for the agency it complains
// about, even when that agency sits on the meeting. Hearing participants stay masked.
import { beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../shared/domain/access.js";
import {
  coordinator,
  intake,
  registration,
  useTestStack,
  who,
  type TestStack,
} from "../support/factories.js";

let stack: TestStack;
useTestStack((s) => {
  stack = s;
});

type Json = Record<string, any>;

async function json(method: string, path: string, as: Identity, body?: unknown) {
  const res = await stack.call(method, path, as, body);
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined) as Json,
  };
}

/** A case routed to its category's lead and flagged for the next joint meeting. */
async function flaggedCase(overrides: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const created = await json(
    "POST",
    "/v1/cases",
    intake,
    registration({ petitioner: { name: "赵六" }, ...overrides }),
  );
  expect(created.status).toBe(201);
  expect(
    (await json("POST", `/v1/cases/${created.body.id}/route`, intake, { kind: "transfer" })).status,
  ).toBe(202);
  await stack.drain();
  expect(
    (
      await json("POST", `/v1/cases/${created.body.id}/flag-joint-handling`, coordinator, {
        note: "Several agencies",
      })
    ).status,
  ).toBe(200);
  return { id: created.body.id, code: created.body.code };
}

describe("a joint meeting", () => {
  let meetingId = "";
  let againstHousing = { id: "", code: "" };
  let landCase = { id: "", code: "" };

  beforeAll(async () => {
    // Led by hrss, complaining about housing; and a land case led by natres.
    againstHousing = await flaggedCase({ respondent: { agency: "housing", official: "Director Gao" } });
    landCase = await flaggedCase({
      category: "land-acquisition",
      title: "Compensation for farmland",
      description: "The compensation was not paid.",
    });
    // housing sits on the meeting: the agency complained about is in the room.
    const meeting = await json("POST", "/v1/meetings", coordinator, {
      title: "Q4 joint meeting",
      scheduledAt: "2026-11-20T02:00:00Z",
      members: ["hrss", "housing", "ecoenv"],
    });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
    expect(meeting.body.agenda.map((i: Json) => i.caseId).sort()).toEqual(
      [againstHousing.id, landCase.id].sort(),
    );
    const decided = await json("POST", `/v1/meetings/${meetingId}/decisions`, coordinator, {
      caseId: againstHousing.id,
      lead: "hrss",
      hearing: { at: "2026-11-25T02:00:00Z", participants: ["律师覃龑", "赵六"] },
      note: "hrss leads; hear both sides",
    });
    expect(decided.status).toBe(200);
    await stack.drain();
  });

  it("shows the respondent's member no item about the petition against it, in the meeting, the list or the minutes", async () => {
    for (const as of [
      who("housing", "meeting_member"),
      who("housing", "leader"),
      who("housing", "auditor"),
    ]) {
      const m = await json("GET", `/v1/meetings/${meetingId}`, as);
      expect(m.status, as.sub).toBe(200);
      expect(m.body.agenda, as.sub).toEqual([]);
      expect(m.text).not.toContain(againstHousing.id);
      expect(m.text).not.toContain(againstHousing.code);
      const listed = await json("GET", "/v1/meetings", as);
      expect(listed.body.items.map((x: Json) => x.id)).toContain(meetingId);
      expect(listed.text).not.toContain(againstHousing.id);
      const minutes = await json("GET", `/v1/meetings/${meetingId}/minutes`, as);
      expect(minutes.status).toBe(200);
      expect(minutes.text).toContain("Q4 joint meeting");
      expect(minutes.text).not.toContain(againstHousing.code);
      expect(minutes.text).not.toContain(landCase.code);
    }
  });

  it("is not there at all for an agency that does not sit on it, whatever the role", async () => {
    for (const as of [who("natres", "meeting_member"), who("police", "auditor"), who("gov", "leader")]) {
      expect((await json("GET", `/v1/meetings/${meetingId}`, as)).status, as.sub).toBe(404);
      expect((await json("GET", `/v1/meetings/${meetingId}/minutes`, as)).status, as.sub).toBe(404);
      const listed = await json("GET", "/v1/meetings", as);
      expect(listed.status).toBe(200);
      expect(
        listed.body.items.map((x: Json) => x.id),
        as.sub,
      ).not.toContain(meetingId);
    }
    // natres leads the land case, yet it does not sit on this meeting: it learns of it from its own case only.
  });

  it("shows a member agency the items of the cases it sees, and the bureau all of them", async () => {
    const hrss = await json("GET", `/v1/meetings/${meetingId}`, who("hrss", "meeting_member"));
    expect(hrss.body.agenda.map((i: Json) => i.caseId)).toEqual([againstHousing.id]);
    for (const as of [coordinator, who("bureau", "auditor"), who("bureau", "meeting_member")]) {
      const m = await json("GET", `/v1/meetings/${meetingId}`, as);
      expect(m.body.agenda.map((i: Json) => i.caseId).sort(), as.sub).toEqual(
        [againstHousing.id, landCase.id].sort(),
      );
    }
    const minutes = (await json("GET", `/v1/meetings/${meetingId}/minutes`, who("hrss", "meeting_member")))
      .text;
    expect(minutes).toContain(againstHousing.code);
    expect(minutes).not.toContain(landCase.code);
  });

  it("masks hearing participants for everyone, the chair included, and keeps them out of the audit trail", async () => {
    for (const as of [coordinator, who("hrss", "meeting_member")]) {
      const m = await json("GET", `/v1/meetings/${meetingId}`, as);
      const item = m.body.agenda.find((i: Json) => i.caseId === againstHousing.id);
      expect(item.decision.hearing.participants).toEqual(["律***", "赵*"]);
      expect(m.text).not.toContain("覃龑");
      const minutes = (await json("GET", `/v1/meetings/${meetingId}/minutes`, as)).text;
      expect(minutes).toContain("律***");
      expect(minutes).not.toContain("覃龑");
    }
    const events = await json("GET", `/v1/cases/${againstHousing.id}/events`, coordinator);
    expect(events.text).not.toContain("覃龑");
  });
});
