// Signed webhook deliveries of an agency's notifications. The signature header is
// `Casebridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, so a
// receiver can check both who sent it and that it is fresh. A URL is checked when it is
// registered and again at each delivery, which connects to exactly the addresses checked.
import { createHmac, timingSafeEqual } from "node:crypto";
import { postPinned } from "../adapters/pinned-http.js";
import type { Notification } from "../domain/model.js";
import {
  checkWebhookUrl,
  describeRefusal,
  judgeAddresses,
  refusalName,
  type WebhookRefusal,
  type WebhookTarget,
} from "../domain/webhook-target.js";
import { InternalError, RuleViolationError } from "../errors.js";
import type { Deps } from "./deps.js";

const SIGNATURE_HEADER = "Casebridge-Signature";
const TIMEOUT_MS = 5_000;

export function signature(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

/** What a receiver does: recompute the HMAC and compare in constant time, within a tolerance. */
export function verifySignature(
  secret: string,
  header: string,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, t, rawBody).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What the checks need: the policy and the resolver (the local runtime opens loopback). */
export type WebhookNetwork = Pick<Deps, "webhookPolicy" | "hostResolver">;

/** A registration refused: 422 with rule `webhook-url` and `refused` naming the class or rule. */
class WebhookUrlRefusedError extends RuleViolationError {
  override name = "WebhookUrlRefusedError";
  constructor(readonly refusal: WebhookRefusal) {
    super("webhook-url", describeRefusal(refusal));
    this.extensions.refused = refusalName(refusal);
  }
}

/** A delivery that did not get a 2xx; the queue retries it. */
class WebhookFailedError extends InternalError {
  override name = "WebhookFailedError";
}

/** A delivery stopped before any connection: the URL now leads somewhere refused. */
export class WebhookRefusedError extends WebhookFailedError {
  override name = "WebhookRefusedError";
  constructor(readonly refusal: WebhookRefusal) {
    super(`webhook refused: ${refusalName(refusal)}`);
  }
}

type Checked =
  | { ok: true; target: WebhookTarget; addresses: string[] }
  | { ok: false; refusal: WebhookRefusal };

/** The URL's own rules, then every address its host resolves to now; a failed lookup counts as unresolvable. */
async function checkWebhookTarget(net: WebhookNetwork, url: string): Promise<Checked> {
  const checked = checkWebhookUrl(url, net.webhookPolicy);
  if (!checked.ok) return checked;
  const { target } = checked;
  if (target.literal) return { ok: true, target, addresses: [target.host] };
  let addresses: string[];
  try {
    addresses = await net.hostResolver.resolve(target.host);
  } catch {
    return { ok: false, refusal: { kind: "unresolvable" } };
  }
  const refusal = judgeAddresses(target.url, addresses, net.webhookPolicy);
  return refusal ? { ok: false, refusal } : { ok: true, target, addresses };
}

/** Throws WebhookUrlRefusedError (422) unless the URL may be registered. */
export async function acceptWebhookUrl(net: WebhookNetwork, url: string): Promise<void> {
  const checked = await checkWebhookTarget(net, url);
  if (!checked.ok) throw new WebhookUrlRefusedError(checked.refusal);
}

/**
 * Check the URL again (its name may resolve elsewhere since it was registered), then POST
 * the notification, signed with the opened secret, to the addresses just checked. A refused
 * address throws WebhookRefusedError before any connection; anything but a 2xx throws
 * WebhookFailedError. Redirects are not followed: a 3xx is a failure too.
 */
export async function postWebhook(
  net: WebhookNetwork,
  hook: { url: string; secret: string },
  n: Notification,
  now: Date,
): Promise<void> {
  const checked = await checkWebhookTarget(net, hook.url);
  if (!checked.ok) {
    // A name that does not resolve now may resolve later: an ordinary failure, not a refusal.
    if (checked.refusal.kind === "unresolvable") throw new WebhookFailedError("webhook host did not resolve");
    throw new WebhookRefusedError(checked.refusal);
  }
  const body = JSON.stringify({
    id: n.id,
    type: n.type,
    caseId: n.caseId,
    agency: n.agency,
    level: n.level,
    at: n.at,
  });
  let status: number;
  try {
    status = await postPinned({
      url: checked.target.url,
      addresses: checked.addresses,
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signature(hook.secret, Math.floor(now.getTime() / 1000), body),
      },
      body,
      timeoutMs: TIMEOUT_MS,
    });
  } catch (err) {
    throw new WebhookFailedError(
      `webhook unreachable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).name}`,
      { cause: err },
    );
  }
  if (status < 200 || status >= 300) throw new WebhookFailedError(`webhook answered ${status}`);
}
