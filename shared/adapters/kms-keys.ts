// The key ports on AWS KMS. Keyed hashes are HMAC_SHA_256 GenerateMac calls on two HMAC
// keys (the petitioner key, and a separate one for idempotency request hashes), so no
// function holds key material; webhook secrets are sealed with a symmetric key, the
// agency bound as encryption context; the console's cookie keys are MACs of fixed labels
// under a third HMAC key. Which role may call which key is the stack's business
// (infra/keys.ts): the api and the console make MACs, only the api seals, only the notifier opens.
import { createHash } from "node:crypto";
import type { KMSClient } from "@aws-sdk/client-kms";
import { ConfigError } from "../config.js";
import type { KeyedHasher, SecretBox } from "../ports.js";
import { normalizeIdNumber } from "./local-keys.js";

/** The SDK's KMS module, loaded at the first KMS call, not with the bundle (shared/app/deps.ts says why). */
const kmsSdk = () => import("@aws-sdk/client-kms");

/** A key id the function was given, or one sentence naming the setting it lacks. */
function keyId(id: string | undefined, setting: string): string {
  if (!id) throw new ConfigError(`Setting ${setting} is not set.`);
  return id;
}

export class KmsHasher implements KeyedHasher {
  constructor(
    private readonly kms: KMSClient,
    private readonly keys: { petitioner?: string; idempotency?: string },
  ) {}

  petitionerKey(idNumber: string): Promise<string> {
    return this.mac(keyId(this.keys.petitioner, "PETITIONER_MAC_KEY_ID"), normalizeIdNumber(idNumber));
  }

  /**
   * The MAC of the body's SHA-256, not of the body: GenerateMac takes at most 4,096 bytes,
   * and a petition's description alone may hold 10,000 characters (30 KB in UTF-8).
   */
  requestHash(canonicalBody: string): Promise<string> {
    const digest = createHash("sha256").update(canonicalBody, "utf8").digest("hex");
    return this.mac(keyId(this.keys.idempotency, "IDEMPOTENCY_MAC_KEY_ID"), digest);
  }

  private async mac(keyId: string, message: string): Promise<string> {
    return (await generateMac(this.kms, keyId, message)).toString("hex");
  }
}

async function generateMac(kms: KMSClient, keyId: string, message: string): Promise<Buffer> {
  const { GenerateMacCommand } = await kmsSdk();
  const out = await kms.send(
    new GenerateMacCommand({
      KeyId: keyId,
      MacAlgorithm: "HMAC_SHA_256",
      Message: Buffer.from(message, "utf8"),
    }),
  );
  if (!out.Mac) throw new Error("KMS GenerateMac returned no MAC.");
  return Buffer.from(out.Mac);
}

/**
 * The labels the console's cookie keys are MACs of. A new label (v2) is a new key: every
 * console session and pending sign-in ends, nothing else. That is how these keys rotate,
 * since KMS does not rotate HMAC keys.
 */
export const CONSOLE_KEY_LABELS = {
  session: "casebridge/console/session/v1",
  signIn: "casebridge/console/sign-in/v1",
} as const;

export interface ConsoleKeys {
  /** 64 hex characters: the key of the console's session cookie. */
  readonly session: string;
  /** 32 bytes: the key that seals the sign-in cookie (PKCE verifier, state, nonce). */
  readonly signIn: Buffer;
}

/**
 * The console's cookie keys, each HMAC_SHA_256(label) under the console's session key: the
 * same in every instance of the function (a session set by one opens in another) and held
 * only in memory, the key material itself never leaving KMS.
 */
export async function deriveConsoleKeys(
  kms: KMSClient,
  keyIdSetting: string | undefined,
): Promise<ConsoleKeys> {
  const id = keyId(keyIdSetting, "CONSOLE_SESSION_KEY_ID");
  const [session, signIn] = await Promise.all([
    generateMac(kms, id, CONSOLE_KEY_LABELS.session),
    generateMac(kms, id, CONSOLE_KEY_LABELS.signIn),
  ]);
  return { session: session.toString("hex"), signIn };
}

const SEALED_PREFIX = "kms:v1:";

export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string | undefined,
  ) {}

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const { EncryptCommand } = await kmsSdk();
    const out = await this.kms.send(
      new EncryptCommand({
        KeyId: keyId(this.keyId, "WEBHOOK_SECRET_KEY_ID"),
        Plaintext: Buffer.from(plaintext, "utf8"),
        EncryptionContext: context,
      }),
    );
    if (!out.CiphertextBlob) throw new Error("KMS Encrypt returned no ciphertext.");
    return SEALED_PREFIX + Buffer.from(out.CiphertextBlob).toString("base64url");
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error("Not a KMS-sealed secret.");
    const { DecryptCommand } = await kmsSdk();
    const out = await this.kms.send(
      new DecryptCommand({
        KeyId: keyId(this.keyId, "WEBHOOK_SECRET_KEY_ID"),
        CiphertextBlob: Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64url"),
        EncryptionContext: context,
      }),
    );
    if (!out.Plaintext) throw new Error("KMS Decrypt returned no plaintext.");
    return Buffer.from(out.Plaintext).toString("utf8");
  }
}
