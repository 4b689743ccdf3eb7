// The caller's notifications (NotificationService, as GET /v1/notifications answers them):
// what happened to which case, each linked to its case by code, and `Mark read` for those
// who may change anything (an auditor may not, as the API says).
import { Hono } from "hono";
import { permits } from "../domain/rights.js";
import { NotFoundError } from "../errors.js";
import { CSRF_FIELD } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { respond } from "./layout.js";
import { localDateTime } from "./local-time.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { CardTable, cellLabel as label } from "./cards.js";

export const notificationsApp = new Hono<ConsoleEnv>();

const NOTIFICATIONS_PAGE = 50;

notificationsApp.get("/notifications", async (c) => {
  const { t, console: ctx } = c.var;
  const who = c.var.who!;
  const cursor = c.req.query("cursor");
  const page = await ctx.services.notifications.list(who, {
    limit: NOTIFICATIONS_PAGE,
    ...(cursor ? { cursor } : {}),
  });
  // Each notification is about a case the caller sees (the service made sure): show its code.
  const ids = [...new Set(page.items.map((n) => n.caseId))];
  const codes = new Map(
    await Promise.all(ids.map(async (id) => [id, (await ctx.services.cases.get(who, id)).code] as const)),
  );
  const mayMark = permits(who, "notifications.markRead");
  const tz = ctx.policy.calendar.timeZone;
  const cols = t.notifications.columns;
  return respond(
    c,
    { title: t.notifications.heading, active: "notifications" },
    <>
      <h1>{t.notifications.heading}</h1>
      {page.items.length === 0 ? (
        <p>{t.notifications.empty}</p>
      ) : (
        <CardTable columns={[cols.type, cols.case, cols.level, cols.at, cols.state]}>
          {page.items.map((n) => (
            <tr>
              <td>{n.read ? t.notifications.types[n.type] : <b>{t.notifications.types[n.type]}</b>}</td>
              <td>
                {label(cols.case)}
                <a href={paths.case(n.caseId)}>{codes.get(n.caseId)}</a>
              </td>
              <td>
                {label(cols.level)}
                {t.notifications.level(n.level)}
              </td>
              <td>
                {label(cols.at)}
                {localDateTime(n.at, tz)}
              </td>
              <td>
                {label(cols.state)}
                {n.read ? t.notifications.read : t.notifications.unread}
                {!n.read && mayMark && (
                  <form method="post" action={paths.notificationRead(n.id)} class="inline">
                    <input type="hidden" name={CSRF_FIELD} value={c.var.session!.csrf} />{" "}
                    <button type="submit" class="secondary">
                      {t.notifications.markRead}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </CardTable>
      )}
      {page.nextCursor && (
        <p class="pager">
          <a href={`${paths.notifications}?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`}>
            {t.inbox.nextPage}
          </a>
        </p>
      )}
    </>,
  );
});

notificationsApp.post("/notifications/:id/read", async (c) => {
  const id = c.req.param("id");
  if (!PLATFORM_ID.test(id)) throw new NotFoundError("No such notification.");
  await c.var.console.services.notifications.markRead(c.var.who!, id);
  return c.redirect(paths.notifications, 303);
});
