// Notifications: the notifier stores each one for its agency (or leader) once, then
// POSTs it to the agency's webhook, so a message delivered twice stores nothing twice;
// their recipients list them and mark them read.
import type { Identity } from "../domain/access.js";
import type { Notification } from "../domain/model.js";
import { canSeeCase } from "../domain/rights.js";
import { refusalName } from "../domain/webhook-target.js";
import { NotFoundError } from "../errors.js";
import type { Clock } from "../clock.js";
import type {
  CaseStore,
  NotificationStore,
  Page,
  PageRequest,
  Recipient,
  Webhook,
  WebhookStore,
} from "../ports.js";
import type { Deps } from "./deps.js";
import { postWebhook, WebhookRefusedError } from "./webhooks.js";

/** What the notifier uses: the notifications, the agency's webhook, the key that opens its secret. */
export type NotifierDeps = Pick<Deps, "clock" | "secrets" | "logger" | "webhookPolicy" | "hostResolver"> & {
  store: NotificationStore & WebhookStore;
  /** Where the agency's webhook is looked up; the store itself without it. */
  webhooks?: Pick<WebhookStore, "getWebhook">;
};

/** How long a notifier instance goes on taking "this agency has no webhook" as true. */
export const WEBHOOK_ABSENCE_TTL_MS = 60_000;

/**
 * The agency's webhook, remembering for a while only that an agency has none: most have
 * none, and a notifier need not re-read that for every notification. A webhook found is
 * never held, so a changed or removed one takes effect at the next notification; one just
 * registered is used within WEBHOOK_ABSENCE_TTL_MS (docs/notifications.md).
 */
export class WebhookLookup {
  private readonly absentSince = new Map<string, number>();

  constructor(
    private readonly store: Pick<WebhookStore, "getWebhook">,
    private readonly clock: Clock,
    private readonly ttlMs = WEBHOOK_ABSENCE_TTL_MS,
  ) {}

  async getWebhook(agency: string): Promise<Webhook | undefined> {
    const now = this.clock.now().getTime();
    const since = this.absentSince.get(agency);
    // A clock moved backwards (tests, the local runtime) also counts as stale.
    if (since !== undefined && now >= since && now - since < this.ttlMs) return undefined;
    const hook = await this.store.getWebhook(agency);
    if (hook) this.absentSince.delete(agency);
    else this.absentSince.set(agency, now);
    return hook;
  }
}

/**
 * Store the notification for its agency (or leader) once, then POST it to the agency's
 * webhook if one is registered. A failed webhook throws: the message comes back, the
 * stored notification is not duplicated, and after the last retry it rests in the DLQ.
 * A webhook whose name now leads inside is refused before any connection, and fails the
 * same way: retries meet the same check, and the DLQ keeps it for someone to look at.
 */
export async function deliverNotification(deps: NotifierDeps, n: Notification): Promise<boolean> {
  const stored = await deps.store.deliverNotification(n, n.caseId);
  deps.logger.info(stored ? "notification delivered" : "notification already stored", {
    notificationId: n.id,
    caseId: n.caseId,
    agency: n.agency,
    type: n.type,
  });
  const hook = n.user ? undefined : await (deps.webhooks ?? deps.store).getWebhook(n.agency);
  if (!hook) return stored;
  if (!stored && (await deps.store.getNotification(n))?.webhookDeliveredAt) return false;
  const now = deps.clock.now();
  const secret = await deps.secrets.open(hook.sealedSecret, { purpose: "webhook", agency: n.agency });
  try {
    await postWebhook(deps, { url: hook.url, secret }, n, now);
  } catch (err) {
    if (err instanceof WebhookRefusedError)
      deps.logger.warn("webhook refused", {
        notificationId: n.id,
        agency: n.agency,
        refused: refusalName(err.refusal),
      });
    throw err;
  }
  await deps.store.webhookDelivered(n, now);
  deps.logger.info("webhook delivered", { notificationId: n.id, agency: n.agency });
  return stored;
}

/** An owning leader reads their own notifications; everyone else their agency's, for their roles. */
const recipientFor = (who: Identity): Recipient =>
  who.roles.includes("leader") ? { user: who.sub } : { agency: who.agency };

export type NotificationReaderDeps = { store: NotificationStore & CaseStore };

/** The recipients' side: their notifications, and marking one read. */
export class NotificationService {
  constructor(private readonly deps: NotificationReaderDeps) {}

  /**
   * The caller's agency's notifications for its roles, and only about cases it sees: a
   * respondent agency learns nothing of the case through them (Art. 30, 46).
   */
  async list(who: Identity, page: PageRequest): Promise<Page<Notification & { read: boolean }>> {
    const found = await this.deps.store.listNotifications(recipientFor(who), page);
    const forRoles = found.items
      .filter((n) => n.user === who.sub || (!n.user && n.roles.some((r) => who.roles.includes(r))))
      .map(
        ({ webhookDeliveredAt: _w, ...n }: (typeof found.items)[number] & { webhookDeliveredAt?: string }) =>
          n,
      );
    const visible = new Set(
      (await this.deps.store.getCases([...new Set(forRoles.map((n) => n.caseId))]))
        .filter((c) => canSeeCase(c, who))
        .map((c) => c.id),
    );
    return {
      items: forRoles.filter((n) => visible.has(n.caseId)),
      ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
    };
  }

  /** Only one of the caller's own: anyone else's, or a made-up id, is not found. */
  async markRead(who: Identity, id: string): Promise<void> {
    if (!(await this.deps.store.markNotificationRead(recipientFor(who), id)))
      throw new NotFoundError("No such notification.");
  }
}
