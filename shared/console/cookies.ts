// The console's cookies, each named once: the sealed session, the sign-in form's
// double-submit token and the chosen language. All are HttpOnly, SameSite=Lax and limited
// to Path=/console; with secure cookies (on AWS) they are Secure and carry the __Secure- prefix.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { CONSOLE_BASE } from "./paths.js";

export type CookieName = "session" | "signin" | "lang";

const NAMES: Record<CookieName, string> = {
  session: "casebridge_session",
  signin: "casebridge_signin",
  lang: "casebridge_lang",
};

/** Reads and writes the console's cookies with one policy. */
export class ConsoleCookies {
  constructor(private readonly secure: boolean) {}

  private options(maxAgeSeconds?: number) {
    return {
      path: CONSOLE_BASE,
      httpOnly: true,
      sameSite: "Lax" as const,
      secure: this.secure,
      ...(this.secure ? { prefix: "secure" as const } : {}),
      ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
    };
  }

  read(c: Context, name: CookieName): string | undefined {
    return getCookie(c, NAMES[name], this.secure ? "secure" : undefined);
  }

  write(c: Context, name: CookieName, value: string, maxAgeSeconds?: number): void {
    setCookie(c, NAMES[name], value, this.options(maxAgeSeconds));
  }

  clear(c: Context, name: CookieName): void {
    deleteCookie(c, NAMES[name], this.options());
  }
}
