// The notifications a change to a case queues: one outbox entry per agency (and its roles,
// or one named user), sent once the case is committed. They name the case, never its
// petitioner.
import type { Case, Notification, OutboxEntry, Role } from "./model.js";

export function notify(
  c: Case,
  ctx: { newId: () => string; now: Date },
  outbox: OutboxEntry[],
  agency: string,
  type: Notification["type"],
  roles: Role[] = ["handler", "agency_head"],
  user?: string,
) {
  const n: Notification = {
    id: ctx.newId(),
    type,
    caseId: c.id,
    agency,
    roles,
    ...(user ? { user } : {}),
    level: c.escalation.level,
    at: ctx.now.toISOString(),
  };
  outbox.push({ id: n.id, queue: "notifications", caseId: c.id, body: { ...n } });
}
