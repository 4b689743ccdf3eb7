// The frame of every console page: who is signed in, sign-out, the language switch, the
// navigation this person may use with the unread notification count, and the page in
// `main`. `respond` renders a page into an HTML answer.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { permits } from "../domain/rights.js";
import { SITE_ICON } from "../http/landing.js";
import { CSRF_FIELD } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { agencyName, LANGS, type Lang } from "./language.js";
import { paths } from "./paths.js";
import { stylesheet } from "./stylesheet.js";

export type NavItem = "inbox" | "register" | "notifications" | "escalations" | "meetings" | "statistics";

export interface PageOptions {
  /** The page's title, before " · Casebridge": never a person's name or any identity. */
  title: string;
  /** The navigation entry this page is. */
  active?: NavItem;
  /** The page's own GET address, for the language links (default: the request's). */
  here?: string;
  status?: ContentfulStatusCode;
}

/** Unread notifications among the newest hundred: the count the navigation shows. */
const UNREAD_WINDOW = 100;

async function unreadCount(c: Context<ConsoleEnv>): Promise<string | undefined> {
  const who = c.var.who;
  if (!who || !permits(who, "notifications.list")) return undefined;
  const page = await c.var.console.services.notifications.list(who, { limit: UNREAD_WINDOW });
  const unread = page.items.filter((n) => !n.read).length;
  return unread >= UNREAD_WINDOW && page.nextCursor ? `${unread}+` : String(unread);
}

/** The page's address with `lang` set: its own query (filters, never identities) kept. */
function withLang(here: string, lang: Lang): string {
  const url = new URL(here, "http://console.invalid");
  url.searchParams.set("lang", lang);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

export async function respond(c: Context<ConsoleEnv>, options: PageOptions, body: Child): Promise<Response> {
  const { t, lang, who, session } = c.var;
  const reference = await c.var.console.reference();
  const unread = await unreadCount(c);
  const here = options.here ?? `${c.req.path}${new URL(c.req.url).search}`;
  const nav = (item: NavItem, href: string, label: string) => (
    <li>
      <a href={href} aria-current={options.active === item ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  const page = (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t.pageTitle(options.title)}</title>
        <link rel="icon" href={SITE_ICON} />
        <link rel="stylesheet" href={paths.asset(stylesheet.name)} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToMain}
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href={paths.inbox}>
              {t.appName}
              <small>{t.appSubtitle}</small>
            </a>
            {who && (
              <p class="who">
                {t.signedInAs} <b>{who.sub}</b> · {agencyName(reference, who.agency, lang)} ·{" "}
                {who.roles.map((r) => t.roles[r]).join(t.listSeparator)}
              </p>
            )}
            <nav class="lang" aria-label={t.languageNav}>
              <ul>
                {LANGS.map((l) => (
                  <li>
                    <a
                      href={withLang(here, l)}
                      lang={l === "zh" ? "zh-Hans" : "en"}
                      aria-current={l === lang ? "true" : undefined}
                    >
                      {t.languages[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {who && session && (
              <form method="post" action={paths.signOut}>
                <input type="hidden" name={CSRF_FIELD} value={session.csrf} />
                <button type="submit">{t.signOut}</button>
              </form>
            )}
          </div>
          {who && (
            <nav class="main" aria-label={t.nav.label}>
              <ul class="bar">
                {nav("inbox", paths.inbox, t.nav.inbox)}
                {permits(who, "cases.register") && nav("register", paths.register, t.nav.newPetition)}
                {permits(who, "cases.escalations") &&
                  nav("escalations", paths.escalations, t.nav.escalations)}
                {permits(who, "meetings.list") && nav("meetings", paths.meetings, t.nav.meetings)}
                {permits(who, "stats.read") && nav("statistics", paths.statistics, t.nav.statistics)}
                {unread !== undefined &&
                  nav("notifications", paths.notifications, t.nav.notifications(unread))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {body}
        </main>
        <footer>{t.timesIn(c.var.console.policy.calendar.timeZone)}</footer>
      </body>
    </html>
  );
  return c.html(`<!doctype html>${await page}`, options.status ?? 200);
}
