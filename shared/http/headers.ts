// Response headers: hono's secure headers on every answer, and no-store where an answer
// must not be kept.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** Everything the app answers, errors and 404s included. */
export const baseHeaders = secureHeaders({ xFrameOptions: "DENY" });

/** Never kept by any cache: a /v1 answer (success or problem) is one caller's view of live cases. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};
