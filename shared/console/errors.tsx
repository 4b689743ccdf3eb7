// Errors as pages: a refusal, a missing case, a rule the request broke each become a page
// in the person's language with a way back; anything else is "internal error" and an id,
// its detail in the log only (the same split as shared/http/problem.ts). Never a stack trace.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ulid } from "ulid";
import { HttpError } from "../errors.js";
import { logger } from "../logger.js";
import type { ConsoleEnv } from "./env.js";
import { catalogues } from "./language.js";
import { respond } from "./layout.js";
import { paths } from "./paths.js";
import { ProblemText, problemOf, type ShownProblem } from "./problems.js";

export interface ErrorPage {
  status: ContentfulStatusCode;
  message: string;
  /** The refusal in words, for rules and conflicts: which rule, which period. */
  detail?: ShownProblem | undefined;
}

function pageOf(err: Error, c: Context<ConsoleEnv>): ErrorPage {
  const t = c.var.t.errors;
  if (err instanceof HttpError) {
    const status = err.status as ContentfulStatusCode;
    if (status === 404) return { status, message: t.notFound };
    if (status === 403) return { status, message: err.extensions.reason === "csrf" ? t.csrf : t.forbidden };
    if (status === 401) return { status, message: t.signInFailed };
    if (status === 413) return { status, message: t.tooLarge };
    return {
      status,
      message: t.title[status as keyof typeof t.title] ?? t.other,
      detail: problemOf(err, c.var.t),
    };
  }
  const errorId = ulid();
  logger.error("console internal error", {
    errorId,
    path: c.req.path,
    method: c.req.method,
    error: { name: err.name, message: err.message, stack: err.stack },
  });
  return { status: 500, message: t.internal(errorId) };
}

export function errorPage(c: Context<ConsoleEnv>, page: ErrorPage): Promise<Response> {
  const { t, who } = c.var;
  const title = t.errors.title[page.status as keyof typeof t.errors.title] ?? t.errors.other;
  return respond(
    c,
    { title, status: page.status, here: who ? paths.inbox : paths.signIn },
    <>
      <h1>{title}</h1>
      <p class="notice bad">{page.message}</p>
      {page.detail && <ProblemText problem={page.detail} t={t} />}
      <p>
        {who ? (
          <a href={paths.inbox}>{t.errors.backToInbox}</a>
        ) : (
          <a href={paths.signIn}>{t.errors.signInAgain}</a>
        )}
      </p>
    </>,
  );
}

/** The console's onError: every thrown error becomes a page. */
export function errorToPage(err: Error, c: Context<ConsoleEnv>): Promise<Response> {
  // Errors thrown before the language was chosen still need a catalogue: the default one.
  if (!c.var.t) {
    c.set("lang", "zh");
    c.set("t", catalogues.zh);
  }
  return errorPage(c, pageOf(err, c));
}

export const notFoundPage = (c: Context<ConsoleEnv>) =>
  errorPage(c, { status: 404, message: c.var.t.errors.notFound });
