// A small Demo County for the console's pages: a few cases in several statuses, made through
// the API as the people who work them would, with the clock moved so the inbox shows a case
// overdue, one due soon and others on track, and notifications and an identity reveal to list.
// The accessibility checks and `npm run screenshots` read the same cases.
import type { ControlledClock } from "../../shared/clock.js";
import type { Identity } from "../../shared/domain/access.js";
import type { Lang } from "../../shared/console/language.js";
import { DAY_MS } from "../../shared/durations.js";
import { coordinator, hrssHandler, intake, registration, who } from "../support/people.js";

/** What the demo needs of a local runtime: calls to the API, its queues and its clock. */
export interface DemoRuntime {
  clock: ControlledClock;
  call(method: string, path: string, as: Identity, body?: unknown): Promise<Response>;
  drain(): Promise<void>;
  tick(): Promise<unknown>;
}

export interface DemoCases {
  /** Registered, not routed yet: the bureau's to route. */
  registered: string;
  /** With hrss since the start, not acknowledged: overdue. */
  overdue: string;
  /** With hrss for 13 of its 15 days: due soon. */
  dueSoon: string;
  /** Acknowledged by hrss, an extension asked of the head. */
  accepted: string;
  /** Acknowledged, the handling clock paused for a hearing. */
  paused: string;
  /** Replied by hrss: the review window runs. */
  replied: string;
  /** Objected to by hrss: the bureau's dispute. */
  disputed: string;
  /** Declined by the bureau at registration. */
  closed: string;
  /** Registered, one per language, for `Route selected` to route. */
  toRoute: Record<Lang, string>;
  /** A joint meeting convened by the bureau, its agenda compiled on the schedule. */
  meeting: string;
}

let petitioners = 0;

/** The seed's example petition, each from a petitioner of their own unless `same` is set. */
function petition(overrides: Record<string, unknown>, same = false) {
  const base = registration();
  const n = petitioners++;
  return {
    ...base,
    petitioner: same
      ? base.petitioner
      : { ...base.petitioner, idNumber: `41010219800101${String(1000 + n)}` },
    ...overrides,
  };
}

async function expectOk<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function createDemoCases(rt: DemoRuntime): Promise<DemoCases> {
  const register = async (overrides: Record<string, unknown>, same = false) =>
    (
      await expectOk<{ id: string }>(
        await rt.call("POST", "/v1/cases", intake, petition(overrides, same)),
        "register",
      )
    ).id;
  const command = async (id: string, action: string, as: Identity, body: unknown = {}) =>
    expectOk(await rt.call("POST", `/v1/cases/${id}/${action}`, as, body), `${action} ${id}`);
  const routed = async (overrides: Record<string, unknown>, same = false) => {
    const id = await register(overrides, same);
    await command(id, "route", intake, { kind: "transfer" });
    return id;
  };

  const overdue = await routed(
    {
      title: "Bearing factory pensions",
      headcount: 32,
      respondent: { agency: "sasac" },
    },
    true,
  );
  const accepted = await routed({
    title: "Unpaid overtime at the textile mill",
    description: "Three weavers were not paid for overtime worked in August.",
    channel: "letter",
    headcount: 3,
  });
  const paused = await routed({
    title: "Injury benefit for a fall at work",
    description: "A builder who fell from scaffolding in May has had no injury benefit.",
    channel: "phone",
    headcount: 1,
  });
  const replied = await routed({
    title: "Pension contributions missing for 2019",
    description: "The pension record shows no contributions for 2019.",
    channel: "online",
    headcount: 1,
  });
  const disputed = await routed({
    title: "Noise from the quarry at night",
    description: "Residents near the quarry say blasting goes on after 22:00.",
    category: "environment",
    region: "xiangshan",
    channel: "online",
    headcount: 12,
  });
  await rt.drain();
  for (const id of [accepted, paused, replied]) await command(id, "acknowledge", hrssHandler);
  await command(accepted, "request-extension", hrssHandler, {
    days: 20,
    reason: "Payroll records are held by the liquidator.",
  });
  await command(paused, "pause", hrssHandler, { reason: "hearing", note: "Hearing with the employer." });
  await command(replied, "reply", hrssHandler, {
    summary: "Contributions restored",
    text: "The missing 2019 contributions were paid in by the employer in October.",
  });
  // Environment cases go to the ecology bureau by the rules; it says the matter is not its own.
  await command(disputed, "object", who("ecoenv", "handler"), {
    reason: "The quarry's licence is a natural resources matter.",
  });
  const registered = await register(
    {
      title: "Second letter about the bearing factory",
      description: "The workers write again: nothing has been paid yet.",
      channel: "letter",
      headcount: 32,
    },
    true,
  );
  const toRoute = {
    zh: await register({
      title: "Wages withheld by a driving school",
      description: "Two instructors have not been paid since March.",
      channel: "online",
      headcount: 2,
    }),
    en: await register({
      title: "Back pay for seasonal fruit pickers",
      description: "Nine pickers say the orchard paid half of what was agreed.",
      channel: "visit",
      headcount: 9,
    }),
  };
  const closed = await register({
    title: "Question about a lottery ticket",
    description: "Asks whether a winning ticket can be paid out in another county.",
    category: "other",
    headcount: 1,
  });
  await command(closed, "decline", intake, {
    reason: "Not a petition matter.",
    basis: "信访工作条例 Art. 31",
  });

  // Four days on, one more for hrss; thirteen days after that it is due soon and the first overdue.
  rt.clock.advance(4 * DAY_MS);
  const dueSoon = await routed({
    title: "Wage arrears at the bus company",
    description: "Seven drivers have been owed two months' wages since the summer.",
    channel: "visit",
    headcount: 7,
  });
  await rt.drain();
  rt.clock.advance(13 * DAY_MS);
  const meeting = await expectOk<{ id: string }>(
    await rt.call("POST", "/v1/meetings", coordinator, {
      title: "Joint meeting on wage and pension cases",
      scheduledAt: new Date(rt.clock.now().getTime() + 7 * DAY_MS).toISOString(),
      members: ["hrss", "sasac", "natres", "ecoenv"],
    }),
    "convene",
  );
  await rt.tick();

  // The handler reads one petitioner in full: the access log has a line.
  await expectOk(await rt.call("GET", `/v1/cases/${accepted}?reveal=petitioner`, hrssHandler), "reveal");
  return {
    registered,
    overdue,
    dueSoon,
    accepted,
    paused,
    replied,
    disputed,
    closed,
    toRoute,
    meeting: meeting.id,
  };
}
