// The console's session: an AES-256-GCM sealed cookie holding who signed in, their CSRF
// token and when the session ends — no personal data, no reveal state. A cookie that does
// not open with this key (tampered, or sealed elsewhere) or has expired is no session.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ROLES, type Role } from "../domain/model.js";

export interface Session {
  sub: string;
  agency: string;
  roles: Role[];
  /** The per-session token every form carries (csrf.ts). */
  csrf: string;
  /** Seconds since the epoch, on the injected clock. */
  exp: number;
}

/** Binds a sealed value to its purpose: a value sealed for anything else does not open as a session. */
const PURPOSE = Buffer.from("casebridge console session v1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens session values with one 256-bit key. */
export class SessionSeal {
  private readonly key: Buffer;

  constructor(keyHex: string) {
    if (!/^[0-9a-f]{64}$/i.test(keyHex))
      throw new Error("The console session key must be 64 hexadecimal characters (256 bits).");
    this.key = Buffer.from(keyHex, "hex");
  }

  seal(session: Session): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(PURPOSE);
    const body = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The session a cookie value holds, if it opens with this key and has not expired at `now`. */
  open(value: string | undefined, now: Date): Session | undefined {
    if (!value || value.length > 4096) return undefined;
    const raw = Buffer.from(value, "base64url");
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    let session: unknown;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(PURPOSE);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      session = JSON.parse(text.toString("utf8"));
    } catch {
      return undefined;
    }
    if (!isSession(session)) return undefined;
    return session.exp * 1000 > now.getTime() ? session : undefined;
  }
}

function isSession(v: unknown): v is Session {
  const s = v as Partial<Session> | null;
  return (
    !!s &&
    typeof s.sub === "string" &&
    typeof s.agency === "string" &&
    typeof s.csrf === "string" &&
    typeof s.exp === "number" &&
    Array.isArray(s.roles) &&
    s.roles.length > 0 &&
    s.roles.every((r) => (ROLES as readonly string[]).includes(r))
  );
}
