// A case's access log, for auditors and the bureau (the rights table's cases.accessLog):
// who saw its petitioner's identity in full, and when, newest first.
import { Hono } from "hono";
import { NotFoundError } from "../errors.js";
import type { ConsoleEnv } from "./env.js";
import { agencyName } from "./language.js";
import { respond } from "./layout.js";
import { localDateTime } from "./local-time.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { CardTable, cellLabel as label } from "./cards.js";

export const accessLogApp = new Hono<ConsoleEnv>();

const LOG_PAGE = 100;

accessLogApp.get("/cases/:id/access-log", async (c) => {
  const { t, lang, console: ctx } = c.var;
  const who = c.var.who!;
  const id = c.req.param("id");
  if (!PLATFORM_ID.test(id)) throw new NotFoundError("No such case.");
  const cursor = c.req.query("cursor");
  const kase = await ctx.services.cases.get(who, id);
  const log = await ctx.services.cases.accessLog(who, id, { limit: LOG_PAGE, ...(cursor ? { cursor } : {}) });
  const reference = await ctx.reference();
  const tz = ctx.policy.calendar.timeZone;
  const cols = t.accessLog.columns;
  // On a phone the table reads as one card per line, each value with its column's name.
  return respond(
    c,
    { title: t.accessLog.heading(kase.code) },
    <>
      <h1>{t.accessLog.heading(kase.code)}</h1>
      <p>{t.accessLog.intro}</p>
      {log.items.length === 0 ? (
        <p>{t.accessLog.empty}</p>
      ) : (
        <CardTable columns={[cols.at, cols.actor, cols.agency, cols.roles]}>
          {log.items.map((r) => (
            <tr>
              <td>
                {label(cols.at)}
                {localDateTime(r.at, tz)}
              </td>
              <td>
                {label(cols.actor)}
                {r.actor}
              </td>
              <td>
                {label(cols.agency)}
                {agencyName(reference, r.agency, lang)}
              </td>
              <td>
                {label(cols.roles)}
                {r.roles
                  .map((role) => (t.roles as Record<string, string>)[role] ?? role)
                  .join(t.listSeparator)}
              </td>
            </tr>
          ))}
        </CardTable>
      )}
      <p class="pager">
        {log.nextCursor && (
          <a
            href={`${paths.caseAccessLog(id)}?${new URLSearchParams({ cursor: log.nextCursor }).toString()}`}
          >
            {t.inbox.nextPage}
          </a>
        )}
        <a href={paths.case(id)}>{t.accessLog.back}</a>
      </p>
    </>,
  );
});
