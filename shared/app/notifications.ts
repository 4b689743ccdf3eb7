// The notifier's work: store each notification for its agency (or leader) once, then
// POST it to the agency's webhook. A message delivered twice stores nothing twice.
import type { Notification } from "../domain/model.js";
import { refusalName } from "../domain/webhook-target.js";
import { postWebhook, WebhookRefusedError } from "./webhooks.js";
import type { NotificationStore, WebhookStore } from "../ports.js";
import type { Deps } from "./deps.js";

/** What the notifier uses: the notifications, the agency's webhook, the key that opens its secret. */
export type NotifierDeps = Pick<Deps, "clock" | "secrets" | "logger" | "webhookPolicy" | "hostResolver"> & { store: NotificationStore & WebhookStore };

/**
 * Store the notification for its agency (or leader) once, then POST it to the agency's
 * webhook if one is registered. A failed webhook throws: the message comes back, the
 * stored notification is not duplicated, and after the last retry it rests in the DLQ.
 * A webhook whose name now leads inside is refused before any connection, and fails the
 * same way: retries meet the same check, and the DLQ keeps it for someone to look at.
 */
export async function deliverNotification(deps: NotifierDeps, n: Notification): Promise<boolean> {
  const stored = await deps.store.deliverNotification(n, n.caseId);
  deps.logger.info(stored ? "notification delivered" : "notification already stored", { notificationId: n.id, caseId: n.caseId, agency: n.agency, type: n.type });
  const hook = n.user ? undefined : await deps.store.getWebhook(n.agency);
  if (!hook) return stored;
  if (!stored && (await deps.store.getNotification(n))?.webhookDeliveredAt) return false;
  const now = deps.clock.now();
  const secret = await deps.secrets.open(hook.sealedSecret, { purpose: "webhook", agency: n.agency });
  try {
    await postWebhook(deps, { url: hook.url, secret }, n, now);
  } catch (err) {
    if (err instanceof WebhookRefusedError) deps.logger.warn("webhook refused", { notificationId: n.id, agency: n.agency, refused: refusalName(err.refusal) });
    throw err;
  }
  await deps.store.webhookDelivered(n, now);
  deps.logger.info("webhook delivered", { notificationId: n.id, agency: n.agency });
  return stored;
}
