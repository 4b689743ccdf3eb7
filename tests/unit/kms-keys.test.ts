// The KMS hasher's request hashes within GenerateMac's limits: KMS takes a message of at
// most 4,096 bytes, and a petition (a description of up to 10,000 characters) is larger.
// A stand-in for KMS that refuses what KMS refuses, and MACs what it accepts.
import { createHmac } from "node:crypto";
import type { KMSClient } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { KmsHasher } from "../../shared/adapters/kms-keys.js";
import { canonicalJson } from "../../shared/domain/audit.js";

/** GenerateMac as KMS answers it: a message of 1 to 4,096 bytes, or a ValidationException. */
function kmsLike(): { kms: KMSClient; sizes: number[] } {
  const sizes: number[] = [];
  const kms = {
    async send(command: { input: { KeyId: string; Message: Uint8Array } }) {
      const size = command.input.Message.byteLength;
      sizes.push(size);
      if (size < 1 || size > 4096) {
        throw Object.assign(
          new Error("1 validation error detected: Value at 'message' failed to satisfy constraint"),
          {
            name: "ValidationException",
          },
        );
      }
      return { Mac: createHmac("sha256", command.input.KeyId).update(command.input.Message).digest() };
    },
  } as unknown as KMSClient;
  return { kms, sizes };
}

describe("the KMS request hash", () => {
  it("hashes a body of any size in one GenerateMac within KMS's 4,096 bytes, the same body alike, another apart", async () => {
    const { kms, sizes } = kmsLike();
    const hasher = new KmsHasher(kms, { idempotency: "alias/casebridge-idempotency" });
    const body = canonicalJson({ description: "拖欠工资".repeat(2500), petitioner: { name: "王建国" } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(4096 * 7);
    const first = await hasher.requestHash(body);
    expect(await hasher.requestHash(body)).toBe(first);
    expect(await hasher.requestHash(`${body} `)).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4096);
  });
});
