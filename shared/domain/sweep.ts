// What the deadline sweep does to a case at a given time, and when the case next needs
// it. The store keeps `nextActionAt` in a sparse index, so the sweeper reads only the
// cases with something to do.
import { clockDue, decide, systemActor, TERMINAL_STATUSES, type DecideContext, type Decision } from "./lifecycle.js";
import type { Case } from "./model.js";

/** The earliest time a running clock of this case needs the sweeper, if any. */
export function nextActionAt(c: Case): string | undefined {
  if (TERMINAL_STATUSES.has(c.status)) return undefined;
  const due = c.clocks.filter((k) => k.state === "running").map((k) => k.dueAt).sort();
  return due[0];
}

/** Apply every step due at `ctx.now`, in order, as one decision; undefined if none. */
export function sweepCase(c: Case, ctx: Omit<DecideContext, "actor">): Decision | undefined {
  const actorCtx = { ...ctx, actor: systemActor("sweeper") };
  let current = c;
  const events: Decision["events"] = [];
  const outbox: Decision["outbox"] = [];
  const take = (d: Decision) => {
    current = d.case;
    events.push(...d.events);
    outbox.push(...d.outbox);
  };
  const due = c.clocks.filter((k) => k.state === "running" && new Date(k.dueAt) <= ctx.now).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  for (const clock of due) {
    const closes = (clock.name === "review_window" && current.status === "replied") || (clock.name === "re_review_window" && current.status === "reviewed");
    take(closes ? decide(current, "close", {}, actorCtx) : clockDue(current, clock.name, actorCtx));
  }
  if (!events.length) return undefined;
  // One commit: the case moves by one version however many steps were taken.
  return { case: { ...current, version: c.version + 1 }, events, outbox };
}
