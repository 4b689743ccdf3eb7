// What the local runtime keeps in its data folder besides DynamoDB Local's files: the dev
// token secret, the console's session key, the local key material and the clock offset.
// `npm start` and `npm run demo` read the same files, so either finds the other's data.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LocalKeys } from "./runtime.js";

/** A value kept in the data folder across restarts, created on first use. */
export function kept(dataDir: string, name: string, initial: () => string) {
  const file = resolve(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, initial(), { mode: 0o600 });
  return {
    value: readFileSync(file, "utf8").trim(),
    save: (v: string) => writeFileSync(file, v, { mode: 0o600 }),
  };
}

const newKey = () => randomBytes(32).toString("hex");

/**
 * The dev token secret, the console's session key and the local keys; the petitioner key
 * predates the others and keeps its file name.
 */
export function keptSecrets(dataDir: string): {
  tokenSecret: string;
  consoleSessionKey: string;
  keys: LocalKeys;
} {
  return {
    tokenSecret: kept(dataDir, "dev-token-secret", newKey).value,
    consoleSessionKey: kept(dataDir, "console-session-key", newKey).value,
    keys: {
      petitioner: kept(dataDir, "petitioner-hash-key", newKey).value,
      idempotency: kept(dataDir, "idempotency-hash-key", newKey).value,
      secrets: kept(dataDir, "secret-box-key", newKey).value,
    },
  };
}
