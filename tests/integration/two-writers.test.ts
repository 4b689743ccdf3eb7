// Two writers on one case, over the real store on DynamoDB Local: fast-check's scheduler
// decides the order in which the two issue each of their store calls (every read and every
// commit waits at a gate the scheduler opens), so each run is one interleaving of two
// commands — or a command and the sweeper — racing on the same case. Whatever the order:
// no lost update (the case holds every committed effect, its version moves on by exactly
// the number of commits, its chain verifies, one event per commit), and a loser is told so
// — 412 under If-Match, 409 when the case stayed busy, a sweep that changed nothing — and
// succeeds when it tries again.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sweepDeadlines } from "../../shared/app/sweeper.js";
import type { Deps } from "../../shared/app/deps.js";
import { verifyChain } from "../../shared/domain/audit.js";
import { activeClock } from "../../shared/domain/clocks.js";
import { defaultEscalationRules, warnAt } from "../../shared/domain/escalation.js";
import type { Identity } from "../../shared/domain/access.js";
import type { Case, CaseEvent } from "../../shared/domain/model.js";
import { createApp } from "../../shared/http/app.js";
import { MINUTE_MS } from "../../shared/durations.js";
import { localTokenVerifier, issueLocalToken } from "../../infra/local/tokens.js";
import {
  coordinator,
  hrssHandler,
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

type Writer =
  | { kind: "command"; command: string; input: unknown; as: Identity; event: string }
  | { kind: "sweeper"; event: string };

const note = (text: string, as: Identity = hrssHandler): Writer => ({
  kind: "command",
  command: "note",
  input: { text },
  as,
  event: "note_added",
});
const WRITERS: Writer[] = [
  note("called the factory"),
  note("需要补充材料", who("hrss", "agency_head")),
  {
    kind: "command",
    command: "supervise",
    input: { note: "report weekly" },
    as: coordinator,
    event: "supervised",
  },
  {
    kind: "command",
    command: "hearing",
    input: { at: "2026-10-02T02:00:00Z", participants: ["deputies", "lawyers"] },
    as: hrssHandler,
    event: "hearing_held",
  },
  {
    kind: "command",
    command: "add-cohandler",
    input: { agency: "natres" },
    as: coordinator,
    event: "cohandler_added",
  },
  {
    kind: "command",
    command: "request-extension",
    input: { days: 10, reason: "appraisal pending" },
    as: hrssHandler,
    event: "extension_requested",
  },
  { kind: "sweeper", event: "due_soon" },
];

/** The effect a committed writer leaves on the case. */
function hasEffect(c: Case, w: Writer): boolean {
  if (w.kind === "sweeper") return activeClock(c, "handle")?.warnedAt !== undefined;
  switch (w.command) {
    case "supervise":
      return c.supervision?.note === (w.input as { note: string }).note;
    case "hearing":
      return c.hearings.length > 0;
    case "add-cohandler":
      return c.cohandlers.includes("natres");
    case "request-extension":
      return c.extension?.days === 10;
    default:
      return true; // a note changes only the trail
  }
}

let petitioners = 0;
/** A case hrss has accepted (its handle clock running), read back. */
async function acceptedCase(): Promise<Case> {
  const body = registration({
    petitioner: { name: "王建国", idNumber: `4101021980${String(petitioners++).padStart(7, "0")}X` },
  });
  const created = await stack.call("POST", "/v1/cases", intake, body);
  const { id } = (await created.json()) as { id: string };
  expect((await stack.call("POST", `/v1/cases/${id}/route`, intake, { kind: "transfer" })).status).toBe(202);
  await stack.drain();
  expect((await stack.call("POST", `/v1/cases/${id}/acknowledge`, hrssHandler, {})).status).toBe(200);
  await stack.drain();
  return (await stack.deps.store.getCase(id))!;
}

async function trail(id: string): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await stack.deps.store.listEvents(id, { limit: 100, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

describe("two writers on one case", () => {
  it("loses no update whatever the interleaving; a loser gets 412 or 409 and succeeds when it retries", async () => {
    // The API and the sweeper over a store whose every call waits for the scheduler.
    let gate: <T>(label: string, call: () => Promise<T>) => Promise<T> = (_l, call) => call();
    const real = stack.deps.store;
    const store = new Proxy(real, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => gate(String(key), () => value.apply(target, args));
      },
    });
    const deps: Deps = Object.create(stack.deps, { store: { value: store } });
    const app = createApp(deps, { claims: { kind: "local", verify: localTokenVerifier(stack.secret) } });
    const call = async (w: Extract<Writer, { kind: "command" }>, id: string, ifMatch?: number) =>
      app.request(`/v1/cases/${id}/${w.command}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await issueLocalToken(stack.secret, w.as, stack.clock.now())}`,
          "content-type": "application/json",
          ...(ifMatch !== undefined ? { "if-match": `"${ifMatch}"` } : {}),
        },
        body: JSON.stringify(w.input),
      });
    /** One attempt: whether it committed, and the status a command answered. */
    const attempt = async (w: Writer, c: Case, ifMatch: boolean) => {
      if (w.kind === "sweeper") {
        // Older cases of earlier runs may be due too: what counts is whether this one was warned.
        await sweepDeadlines(deps);
        const warned = activeClock((await real.getCase(c.id))!, "handle")?.warnedAt !== undefined;
        return { committed: warned, status: warned ? 200 : 0 };
      }
      const res = await call(w, c.id, ifMatch ? c.version : undefined);
      return { committed: res.status < 300, status: res.status };
    };
    const outcomes = new Map<string, number>();

    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.uniqueArray(fc.nat(WRITERS.length - 1), { minLength: 2, maxLength: 2 }),
        fc.tuple(fc.boolean(), fc.boolean()),
        async (s, picks, ifMatches) => {
          const before = await acceptedCase();
          const writers = picks.map((i) => WRITERS[i]!);
          // For the sweeper: its due-soon warning of the handle clock falls due now, nothing else.
          if (writers.some((w) => w.kind === "sweeper")) {
            const handle = activeClock(before, "handle")!;
            stack.clock.set(new Date(warnAt(handle, defaultEscalationRules) + MINUTE_MS));
          }
          gate = async (label, run) => {
            await s.schedule(Promise.resolve(label), label);
            return run();
          };
          let first: { committed: boolean; status: number }[];
          try {
            first = await s.waitFor(Promise.all(writers.map((w, i) => attempt(w, before, ifMatches[i]!))));
          } finally {
            gate = (_l, run) => run();
          }
          // Every loser was told: 412 under If-Match, 409 (busy), or a sweep that changed nothing.
          const committed = first.filter((o) => o.committed).length;
          for (const [i, o] of first.entries()) {
            const w = writers[i]!;
            const tag = `${w.kind === "sweeper" ? "sweep" : `${w.command}${ifMatches[i] ? " if-match" : ""}`} ${o.status}`;
            outcomes.set(tag, (outcomes.get(tag) ?? 0) + 1);
            if (o.committed) continue;
            if (w.kind === "sweeper") expect(o.status).toBe(0);
            else expect([409, 412]).toContain(o.status);
            // …and succeeds when it tries again, on the case as it is now.
            const now = (await real.getCase(before.id))!;
            const again = await attempt(w, now, ifMatches[i]!);
            expect(again.committed, `${tag}, retried`).toBe(true);
          }
          expect(committed).toBeGreaterThanOrEqual(1);
          const after = (await real.getCase(before.id))!;
          const events = await trail(before.id);
          // No lost update: one version and one event per writer, every effect there, the chain whole.
          expect(after.version).toBe(before.version + writers.length);
          expect(verifyChain(events).valid).toBe(true);
          expect(events.length).toBe(after.lastSeq);
          const added = events.slice(before.lastSeq).map((e) => e.type);
          expect(added.sort()).toEqual(writers.map((w) => w.event).sort());
          for (const w of writers) expect(hasEffect(after, w), w.event).toBe(true);
        },
      ),
      { numRuns: 24, seed: 20261129 },
    );
    console.info(`two writers: outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    // Both kinds of loser were met.
    expect([...outcomes.keys()].some((k) => k.endsWith(" 412"))).toBe(true);
  }, 240_000);
});
