// `Route selected`: the registered cases ticked in the inbox, each routed by the routing rules
// as its own command (BulkRouting), answered with one line per case — routed, or not and
// why, in the person's words, with the service's own sentence where a rule said no. The
// answer is this POST's page: sent again, every case is refused as no longer registered.
import type { Context } from "hono";
import { Hono } from "hono";
import { MAX_BULK_ROUTE, type RouteOutcome } from "../app/bulk-route.js";
import { BadRequestError, ConflictError, RuleViolationError } from "../errors.js";
import { formOf } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import type { Catalogue } from "./i18n/zh.js";
import { SELECTED_FIELD } from "./inbox-table.js";
import { agencyName } from "./language.js";
import { respond } from "./layout.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { CardTable, labelledCell as cell } from "./cards.js";

export const bulkRouteApp = new Hono<ConsoleEnv>();

bulkRouteApp.post("/route-selected", async (c) => {
  const { t } = c.var;
  const form = await formOf(c);
  const ids = [...new Set([form[SELECTED_FIELD] ?? []].flat())];
  if (!ids.every((id) => PLATFORM_ID.test(id)))
    throw new BadRequestError("The form names something that is not a case.");
  if (ids.length === 0) return resultsPage(c, { notice: t.bulkRoute.none, status: 422 });
  if (ids.length > MAX_BULK_ROUTE)
    return resultsPage(c, { notice: t.bulkRoute.tooMany(MAX_BULK_ROUTE, ids.length), status: 422 });
  const outcomes = await c.var.console.services.routing.routeEach(c.var.who!, ids);
  return resultsPage(c, { outcomes });
});

type Refused = Extract<RouteOutcome, { outcome: "refused" }>;

/** Why a case was not routed, in the person's words; the service's sentence kept for rules. */
function reasonOf(o: Refused, t: Catalogue): { text: string; detail?: string } {
  const r = t.bulkRoute.reasons;
  const err = o.refusal;
  if (err instanceof ConflictError && err.extensions.caseStatus) {
    const status = o.now?.status ?? (err.extensions.caseStatus as keyof Catalogue["statuses"]);
    return { text: r.alreadyRouted(t.statuses[status] ?? status) };
  }
  if (err instanceof RuleViolationError) {
    const text =
      {
        "routing-rule-exists": r.noRule,
        "respondent-never-routed": r.respondent,
        "known-agency": r.unknownAgency,
      }[err.rule] ?? r.other;
    return { text, detail: err.message };
  }
  if (err.status === 404) return { text: r.notFound };
  if (err.status === 403) return { text: r.forbidden };
  if (err.status === 409 || err.status === 412) return { text: r.busy };
  return { text: r.other, detail: err.message };
}

async function resultsPage(
  c: Context<ConsoleEnv>,
  answer: { outcomes: RouteOutcome[] } | { notice: string; status: 422 },
) {
  const { t, lang } = c.var;
  const reference = await c.var.console.reference();
  const b = t.bulkRoute;
  const body =
    "notice" in answer ? (
      <p class="notice bad" role="alert">
        {answer.notice}
      </p>
    ) : (
      <>
        <p class="notice" role="status">
          {b.summary(
            answer.outcomes.filter((o) => o.outcome === "routed").length,
            answer.outcomes.filter((o) => o.outcome !== "routed").length,
          )}
        </p>
        <CardTable columns={[b.columns.code, b.columns.title, b.columns.result, b.columns.why]}>
          {answer.outcomes.map((o) => {
            const kase = o.outcome === "routed" ? o.case : o.outcome === "refused" ? o.now : undefined;
            const reason = o.outcome === "refused" ? reasonOf(o, t) : undefined;
            return (
              <tr>
                <td class="code">{kase ? <a href={paths.case(kase.id)}>{kase.code}</a> : o.caseId}</td>
                {cell(b.columns.title, kase?.title ?? "—")}
                {cell(
                  b.columns.result,
                  o.outcome === "routed" ? (
                    <span class="mark ok">{b.routed}</span>
                  ) : (
                    <span class="mark late">{b.refused}</span>
                  ),
                )}
                {cell(
                  b.columns.why,
                  o.outcome === "routed" ? (
                    b.routedTo(agencyName(reference, o.case.pendingHandoff?.to, lang))
                  ) : o.outcome === "failed" ? (
                    b.reasons.failed(o.errorId)
                  ) : (
                    <>
                      {reason!.text}
                      {reason!.detail && (
                        <p class="hint">
                          {t.errors.serverSays}: <span lang="en">{reason!.detail}</span>
                        </p>
                      )}
                    </>
                  ),
                )}
              </tr>
            );
          })}
        </CardTable>
      </>
    );
  return respond(
    c,
    {
      title: b.heading,
      active: "inbox",
      here: paths.inbox,
      status: "notice" in answer ? answer.status : 200,
    },
    <>
      <h1>{b.heading}</h1>
      {body}
      <p class="pager">
        <a href={paths.inbox}>{t.errors.backToInbox}</a>
        <a href={`${paths.inbox}?status=registered`}>{b.registered}</a>
      </p>
    </>,
  );
}
