// STAND-IN, only in branch issue10-aws: the console's pages are built in parallel, and
// their shared/console/app.tsx replaces this file at merge (take theirs whole). It exists
// so that functions/console.ts, written as it will be, type-checks and bundles here, and
// answers the two sign-in routes the ConsoleAuth contract names, nothing else.
import { Hono } from "hono";
import type { Deps } from "../app/deps.js";
import type { ConsoleAuth } from "./cognito-auth.js";

export interface ConsoleOptions {
  auth: ConsoleAuth;
  /** 64 hex characters. */
  sessionKey: string;
  secureCookies: boolean;
  sessionMaxAgeSeconds: number;
}

export function createConsoleApp(_deps: Deps, options: ConsoleOptions) {
  const app = new Hono();
  app.get("/sign-in", (c) => options.auth.signInPage(c));
  app.all("*", (c) => c.text("The console's pages are not part of this build.", 503));
  return app;
}
