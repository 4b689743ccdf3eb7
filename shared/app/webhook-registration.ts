// Registering where an agency's notifications are POSTed: who may (the rights table's
// `agencies.webhook` row), which URLs (checked against what the name resolves to now;
// the notifier checks again before each POST), and the signing secret, kept sealed and
// bound to its agency so the table never holds it in the clear.
import type { Identity } from "../domain/access.js";
import { authorize } from "../domain/rights.js";
import { NotFoundError } from "../errors.js";
import type { ReferenceStore, WebhookStore } from "../ports.js";
import type { Deps } from "./deps.js";
import { acceptWebhookUrl } from "./webhooks.js";

export type WebhookRegistrationDeps = Pick<Deps, "secrets" | "clock" | "webhookPolicy" | "hostResolver"> & {
  store: WebhookStore & Pick<ReferenceStore, "getReference">;
};

export class WebhookService {
  constructor(private readonly deps: WebhookRegistrationDeps) {}

  async register(who: Identity, agency: string, input: { url: string; secret: string }): Promise<void> {
    // The route guard decides first; asking the same row here keeps the service safe on its own.
    authorize(who, "agencies.webhook", { pathAgency: agency });
    const ref = await this.deps.store.getReference();
    if (!ref.agencies.has(agency)) throw new NotFoundError(`No agency ${agency}.`);
    await acceptWebhookUrl(this.deps, input.url);
    const sealedSecret = await this.deps.secrets.seal(input.secret, { purpose: "webhook", agency });
    await this.deps.store.putWebhook(agency, {
      url: input.url,
      sealedSecret,
      updatedAt: this.deps.clock.now().toISOString(),
      updatedBy: who.sub,
    });
  }
}
