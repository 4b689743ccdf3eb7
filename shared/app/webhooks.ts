// Signed webhook deliveries of an agency's notifications. The signature header is
// `Casebridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, so a
// receiver can check both who sent it and that it is fresh.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Notification } from "../domain/model.js";

export const SIGNATURE_HEADER = "Casebridge-Signature";
const TIMEOUT_MS = 5_000;

export function signature(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

/** What a receiver does: recompute the HMAC and compare in constant time, within a tolerance. */
export function verifySignature(secret: string, header: string, rawBody: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, t, rawBody).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class WebhookFailedError extends Error {
  override name = "WebhookFailedError";
}

/** POST the notification, signed with the opened secret; anything but a 2xx is a failure the queue retries. */
export async function postWebhook(hook: { url: string; secret: string }, n: Notification, now: Date): Promise<void> {
  const body = JSON.stringify({ id: n.id, type: n.type, caseId: n.caseId, agency: n.agency, level: n.level, at: n.at });
  let status: number;
  try {
    const res = await fetch(hook.url, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature(hook.secret, Math.floor(now.getTime() / 1000), body) },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "error",
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    throw new WebhookFailedError(`webhook unreachable: ${(err as Error).name}`);
  }
  if (status < 200 || status >= 300) throw new WebhookFailedError(`webhook answered ${status}`);
}

/** https, or http to this machine only (local development). */
export function acceptableWebhookUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === "https:") return true;
  return parsed.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
}
