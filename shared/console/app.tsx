// The officers' console: server-rendered pages over the same services and rights as the
// API, mounted at /console by the local runtime and by the `console` Lambda. Only sign-in
// differs between the two (ConsoleAuth); what every page gets is the same: its headers and
// CSP, the language, the session, the rights check of its action, and CSRF on every POST.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AttachmentService } from "../app/attachments.js";
import { BulkRouting } from "../app/bulk-route.js";
import { CaseNotices } from "../app/case-notices.js";
import { CaseService } from "../app/cases.js";
import { EscalationService } from "../app/escalations.js";
import { MeetingService } from "../app/meetings.js";
import type { Deps } from "../app/deps.js";
import { NotificationService } from "../app/notifications.js";
import { ReferenceCache } from "../app/reference-cache.js";
import { ReferenceService } from "../app/reference.js";
import { SavedViewService } from "../app/saved-views.js";
import { StatsService } from "../app/stats.js";
import { accessLogApp } from "./access-log.js";
import { bulkRouteApp } from "./bulk-route.js";
import { acceptIdentity, type ConsoleAuth } from "./auth.js";
import { caseApp } from "./case-app.js";
import { ConsoleCookies } from "./cookies.js";
import { checkSessionToken, checkSignInToken, newCsrfToken, refuseForeignPosts } from "./csrf.js";
import type { ConsoleContext, ConsoleEnv } from "./env.js";
import { errorPage, errorToPage, notFoundPage } from "./errors.js";
import { escalationsApp } from "./escalations.js";
import { guardPages } from "./guard.js";
import { consoleHeaders, pageNoStore } from "./headers.js";
import { inboxApp } from "./inbox.js";
import { inboxExportApp } from "./inbox-export.js";
import { meetingsApp } from "./meetings.js";
import { chooseLanguage } from "./language.js";
import { notificationsApp } from "./notifications.js";
import { paths } from "./paths.js";
import { registrationApp } from "./registration.js";
import { savedViewsApp } from "./saved-views.js";
import { SessionSeal, type Session } from "./session.js";
import { statisticsApp, statsServiceSource, type StatisticsSource } from "./statistics.js";
import { serveStylesheet } from "./stylesheet.js";

export interface ConsoleOptions {
  /** How people sign in: localAuth on the local runtime, Cognito's hosted UI on AWS. */
  auth: ConsoleAuth;
  /** 64 hex characters: the AES-256-GCM key sealing the session cookie. */
  sessionKey: string;
  /** Secure (and __Secure- prefixed) cookies: true wherever the console is served over https. */
  secureCookies: boolean;
  /** How long a session lasts, in seconds of the injected clock. */
  sessionMaxAgeSeconds: number;
  /** The figures the statistics page charts: GET /v1/stats's own service unless a test wires another. */
  statistics?: StatisticsSource;
}

/** As the API's: a form is small; a larger body is refused before it is read. */
const MAX_FORM_BYTES = 64 * 1024;
/** The sign-in form's double-submit cookie lives as long as a person may take to fill it in. */
const SIGN_IN_FORM_SECONDS = 60 * 60;

export function createConsoleApp(deps: Deps, options: ConsoleOptions) {
  const seal = new SessionSeal(options.sessionKey);
  const cookies = new ConsoleCookies(options.secureCookies);
  const references = new ReferenceCache(deps.store, deps.clock);
  const cases = new CaseService(deps);
  const context: ConsoleContext = {
    services: {
      cases,
      attachments: new AttachmentService(deps, cases),
      notices: new CaseNotices(deps, cases),
      notifications: new NotificationService(deps),
      reference: new ReferenceService(deps),
      views: new SavedViewService(deps),
      routing: new BulkRouting(cases, deps),
      meetings: new MeetingService(deps),
      escalations: new EscalationService(deps),
    },
    reference: () => references.get(),
    clock: deps.clock,
    // Getters: each page reads the rules as last refreshed (the middleware below).
    get policy() {
      return deps.policy;
    },
    get escalation() {
      return deps.escalation;
    },
    statistics: options.statistics ?? statsServiceSource(new StatsService(deps)),
  };
  const app = new Hono<ConsoleEnv>();
  app.onError(errorToPage);

  app.use("*", consoleHeaders(options.auth));
  // The stylesheet needs no session, language or rights: answered before any of them.
  app.get("/assets/:file", serveStylesheet);
  app.use("*", pageNoStore);
  app.use("*", async (c, next) => {
    c.set("console", context);
    await deps.jurisdiction.refresh();
    await next();
  });
  app.use("*", chooseLanguage(cookies));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => errorPage(c as Context<ConsoleEnv>, { status: 413, message: c.var.t.errors.tooLarge }),
    }),
  );
  app.use("*", refuseForeignPosts);
  app.use("*", async (c, next) => {
    const value = cookies.read(c, "session");
    const session = value ? seal.open(value, deps.clock.now()) : undefined;
    // A session whose agency the jurisdiction no longer has is no session, as a token would not be.
    if (session && (await references.hasAgency(session.agency))) {
      c.set("session", session);
      c.set("who", { sub: session.sub, agency: session.agency, roles: session.roles });
    } else if (value) {
      cookies.clear(c, "session");
    }
    await next();
  });
  app.use("*", guardPages);
  app.use("*", async (c, next) => {
    if (c.req.method === "POST") {
      if (c.req.path === paths.signIn) await checkSignInToken(c, cookies);
      else await checkSessionToken(c);
    }
    await next();
  });

  app.get("/sign-in", async (c) => {
    // Only a sign-in form posted back here needs the double-submit token; the hosted UI posts nothing to us.
    if (options.auth.kind === "local") {
      const token = newCsrfToken();
      cookies.write(c, "signin", token, SIGN_IN_FORM_SECONDS);
      c.set("signInCsrf", token);
    }
    return options.auth.signInPage(c);
  });
  const completeSignIn = async (c: Context<ConsoleEnv>) => {
    const who = acceptIdentity(await options.auth.complete(c), await references.get());
    const session: Session = {
      sub: who.sub,
      agency: who.agency,
      roles: [...who.roles],
      csrf: newCsrfToken(),
      exp: Math.floor(deps.clock.now().getTime() / 1000) + options.sessionMaxAgeSeconds,
    };
    cookies.write(c, "session", seal.seal(session), options.sessionMaxAgeSeconds);
    cookies.clear(c, "signin");
    return c.redirect(paths.inbox, 303);
  };
  if (options.auth.kind === "local") app.post("/sign-in", completeSignIn);
  else app.get("/callback", completeSignIn);
  app.post("/sign-out", (c) => {
    cookies.clear(c, "session");
    return c.redirect(options.auth.signedOutLocation(c), 303);
  });

  app.route("/", inboxApp);
  app.route("/", inboxExportApp);
  app.route("/", savedViewsApp);
  app.route("/", bulkRouteApp);
  app.route("/", registrationApp);
  app.route("/", caseApp);
  app.route("/", accessLogApp);
  app.route("/", notificationsApp);
  app.route("/", escalationsApp);
  app.route("/", meetingsApp);
  app.route("/", statisticsApp);
  app.all("*", notFoundPage);
  return app;
}
