// Local-only routes: tokens for the demo roles, the movable clock, and a
// tick that runs every schedule once and waits for the queues to drain. Mounted by the
// local runtime only; the Lambda app has no /dev.
import { Hono } from "hono";
import { add } from "date-fns";
import * as z from "zod";
import type { ControlledClock } from "../../shared/clock.js";
import { ROLES } from "../../shared/domain/model.js";
import { issueLocalToken } from "./tokens.js";
import { problemResponse } from "../../shared/http/problem.js";

export interface DevControls {
  clock: ControlledClock;
  secret: string;
  tick(): Promise<unknown>;
  redrive(): Promise<Record<string, number>>;
  onClockChange(offsetMs: number): void;
}

const TokenBody = z.strictObject({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
  agency: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  roles: z.array(z.enum(ROLES)).min(1).max(7),
});

const ClockBody = z
  .strictObject({
    advance: z.string().max(40).optional(),
    set: z.string().datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.advance === undefined) !== (b.set === undefined), "give exactly one of advance or set");

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO-8601 duration such as P31D or PT2H30M, as date-fns `add` takes it. */
function parseDuration(text: string) {
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = m.map((v) =>
    v === undefined ? 0 : Number(v),
  );
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** The names a browser on this machine uses for the local runtime; anything else may be DNS rebinding. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function devRoutes(controls: DevControls) {
  const dev = new Hono();
  const body = async (c: { req: { json(): Promise<unknown> } }) => c.req.json().catch(() => undefined);

  // A page elsewhere could reach these routes through the browser: by a host name that
  // resolves to 127.0.0.1 (refused by Host), or with a form or text/plain post that needs
  // no CORS preflight (refused by type). Only JSON, and only to localhost.
  dev.use("*", async (c, next) => {
    if (!LOCAL_HOSTS.has(new URL(c.req.url).hostname)) {
      return problemResponse(c, 403, "forbidden", "The /dev routes answer only at localhost or 127.0.0.1.");
    }
    const type = c.req.header("content-type");
    if ((c.req.raw.body !== null || type !== undefined) && !/^application\/json\s*(;|$)/i.test(type ?? "")) {
      return problemResponse(c, 415, "unsupported-media-type", "Send the body as application/json.");
    }
    await next();
  });

  dev.post("/token", async (c) => {
    const parsed = TokenBody.safeParse(await body(c));
    if (!parsed.success)
      return problemResponse(
        c,
        400,
        "validation",
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    const { agency, roles } = parsed.data;
    const sub = parsed.data.sub ?? `${roles[0]}@${agency}`;
    return c.json({
      token: await issueLocalToken(controls.secret, { sub, agency, roles }, controls.clock.now()),
      sub,
      agency,
      roles,
    });
  });

  dev.get("/clock", (c) =>
    c.json({ now: controls.clock.now().toISOString(), offsetMs: controls.clock.offset }),
  );

  dev.post("/clock", async (c) => {
    const parsed = ClockBody.safeParse(await body(c));
    if (!parsed.success)
      return problemResponse(c, 400, "validation", parsed.error.issues.map((i) => i.message).join("; "));
    const { advance, set } = parsed.data;
    if (advance !== undefined) {
      const duration = parseDuration(advance);
      if (!duration)
        return problemResponse(
          c,
          400,
          "validation",
          `"${advance}" is not an ISO-8601 duration such as P31D or PT2H.`,
        );
      const now = controls.clock.now();
      controls.clock.advance(add(now, duration).getTime() - now.getTime());
    } else {
      controls.clock.set(new Date(set!));
    }
    controls.onClockChange(controls.clock.offset);
    return c.json({ now: controls.clock.now().toISOString(), offsetMs: controls.clock.offset });
  });

  dev.post("/redrive", async (c) => c.json({ moved: await controls.redrive() }));

  dev.post("/tick", async (c) =>
    c.json({ now: controls.clock.now().toISOString(), ...((await controls.tick()) as object) }),
  );
  return dev;
}
