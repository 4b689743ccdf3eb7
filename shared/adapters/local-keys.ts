// The local runtime's keys: HMAC-SHA256 and AES-256-GCM in process, with keys kept in the
// data folder so that repeat petitions still match after a restart. On AWS the same
// ports are served by KMS (kms-keys.ts).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import type { KeyedHasher, SecretBox } from "../ports.js";

/** How an ID number is compared: trimmed, the check letter in upper case. */
export const normalizeIdNumber = (idNumber: string) => idNumber.trim().toUpperCase();

const hexKey = (hex: string, what: string) => {
  if (!/^[0-9a-f]{64,}$/i.test(hex)) throw new Error(`The ${what} must be at least 64 hex digits.`);
  return Buffer.from(hex, "hex");
};

export class LocalHasher implements KeyedHasher {
  private readonly petitioner: Buffer;
  private readonly idempotency: Buffer;

  constructor(keys: { petitionerHex: string; idempotencyHex: string }) {
    this.petitioner = hexKey(keys.petitionerHex, "petitioner hash key");
    this.idempotency = hexKey(keys.idempotencyHex, "idempotency hash key");
  }

  async petitionerKey(idNumber: string): Promise<string> {
    return createHmac("sha256", this.petitioner).update(normalizeIdNumber(idNumber)).digest("hex");
  }

  async requestHash(canonicalBody: string): Promise<string> {
    return createHmac("sha256", this.idempotency).update(canonicalBody).digest("hex");
  }
}

const SEALED_PREFIX = "local:v1:";

/** AES-256-GCM with the context as additional authenticated data. */
export class LocalSecretBox implements SecretBox {
  private readonly key: Buffer;

  constructor(keyHex: string) {
    this.key = hexKey(keyHex, "secret box key").subarray(0, 32);
  }

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv).setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error("Not a locally sealed secret.");
    const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12)).setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }
}

/** The context in a fixed order, so the same pairs always authenticate alike. */
function aad(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
}
