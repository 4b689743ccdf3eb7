// The console Lambda as API Gateway invokes it: the console mounted at /console, sign-in
// sent to the hosted UI with the callback on API Gateway's own domain name; and the cookie
// keys it derives from KMS at cold start (a stand-in KMS computing the same HMAC).
import { createHmac, randomBytes } from "node:crypto";
import type { GenerateMacCommand, KMSClient } from "@aws-sdk/client-kms";
import type { Context } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../functions/console.js";
import { CONSOLE_KEY_LABELS, deriveConsoleKeys } from "../../shared/adapters/kms-keys.js";
import { LocalHasher, LocalSecretBox } from "../../shared/adapters/local-keys.js";
import { buildDeps } from "../../shared/app/deps.js";
import { ControlledClock } from "../../shared/clock.js";
import { ConfigError, readSettings } from "../../shared/config.js";
import { CLIENT_ID, DOMAIN, POOL_ID } from "../support/cognito.js";

const API_DOMAIN = "abc123.execute-api.eu-west-1.amazonaws.com";
const hex = () => randomBytes(32).toString("hex");

/** Deps as the Lambda builds them, pointed at endpoints nothing here calls. */
function depsWithoutAws() {
  const settings = readSettings({
    TABLE_NAME: "casebridge-test",
    DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    SQS_ENDPOINT: "http://127.0.0.1:9",
  });
  const deps = buildDeps(settings, {
    hasher: new LocalHasher({ petitionerHex: hex(), idempotencyHex: hex() }),
    secrets: new LocalSecretBox(hex()),
    clock: new ControlledClock(),
  });
  // The shipped calendar and default thresholds: no stored jurisdiction to read here.
  deps.jurisdiction.refresh = async () => deps.jurisdiction.rules;
  return deps;
}

/** An HTTP API (payload 2.0) request, its Host header set by the caller. */
function httpApiEvent(method: string, path: string, host: string): LambdaEvent {
  return {
    version: "2.0",
    routeKey: `${method} /console/{proxy+}`,
    rawPath: path,
    rawQueryString: "",
    headers: { host, "user-agent": "test" },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: API_DOMAIN,
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "test" },
      requestId: "req-1",
      routeKey: `${method} /console/{proxy+}`,
      stage: "$default",
      time: "30/Sep/2026:02:00:00 +0000",
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

const context = { awsRequestId: "req-1", functionName: "casebridge-console" } as unknown as Context;

describe("the console Lambda", () => {
  it("sends GET /console/sign-in to the hosted UI, back to API Gateway's domain whatever Host the caller sent", async () => {
    const keys = { session: hex(), signIn: randomBytes(32) };
    const handler = createHandler(depsWithoutAws(), keys, {
      domain: DOMAIN,
      clientId: CLIENT_ID,
      userPoolId: POOL_ID,
    });

    const res = (await handler(httpApiEvent("GET", "/console/sign-in", "attacker.example"), context)) as {
      statusCode: number;
      headers: Record<string, string>;
      cookies?: string[];
    };

    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(location.searchParams.get("redirect_uri")).toBe(`https://${API_DOMAIN}/console/callback`);
    expect(res.cookies).toEqual([expect.stringMatching(/^__Host-casebridge-sign-in=v1\..*HttpOnly.*Secure/)]);
  });
});

describe("the console's cookie keys", () => {
  /** KMS as far as GenerateMac goes: HMAC-SHA-256 under one key, recording the key ids asked for. */
  function macOnlyKms(material: Buffer) {
    const keyIds: string[] = [];
    const kms = {
      send: async (command: GenerateMacCommand) => {
        const { KeyId, MacAlgorithm, Message } = command.input;
        keyIds.push(KeyId!);
        expect(MacAlgorithm).toBe("HMAC_SHA_256");
        return { Mac: createHmac("sha256", material).update(Message!).digest() };
      },
    } as unknown as KMSClient;
    return { kms, keyIds };
  }

  it("are the key's MACs of two fixed labels: the same at every cold start, different from each other", async () => {
    const material = randomBytes(32);
    const { kms, keyIds } = macOnlyKms(material);

    const first = await deriveConsoleKeys(kms, "key-1");
    const again = await deriveConsoleKeys(kms, "key-1");

    const mac = (label: string) => createHmac("sha256", material).update(label).digest();
    expect(first.session).toBe(mac(CONSOLE_KEY_LABELS.session).toString("hex"));
    expect(first.session).toMatch(/^[0-9a-f]{64}$/);
    expect(first.signIn.equals(mac(CONSOLE_KEY_LABELS.signIn))).toBe(true);
    expect(first.signIn).toHaveLength(32);
    expect(first.session).not.toBe(first.signIn.toString("hex"));
    expect(again).toEqual(first);
    expect(new Set(keyIds)).toEqual(new Set(["key-1"]));
  });

  it("name the missing setting when the function has no key id", async () => {
    const { kms } = macOnlyKms(randomBytes(32));

    await expect(deriveConsoleKeys(kms, undefined)).rejects.toThrow(ConfigError);
    await expect(deriveConsoleKeys(kms, undefined)).rejects.toThrow(
      "Setting CONSOLE_SESSION_KEY_ID is not set.",
    );
  });
});
