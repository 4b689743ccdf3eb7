// The Statistics page's early warnings: the caller's recent `hotspot` and `repeat_petitioner`
// notifications (the bureau's coordinators receive them) with their figures and a link to each
// case behind them — ids only, as the notices carry nothing of anyone.
import type { Child } from "hono/jsx";
import type { Notification } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import { CardTable, cellLabel as label } from "./cards.js";
import type { Catalogue } from "./i18n/zh.js";
import { categoryName, regionName, type Lang } from "./language.js";
import { paths } from "./paths.js";

/** Notifications read for the list: the newest page of the caller's. */
export const WARNINGS_READ = 50;

const isWarning = (n: Notification) => n.type === "hotspot" || n.type === "repeat_petitioner";

export function EarlyWarnings(props: {
  notifications: readonly Notification[];
  t: Catalogue;
  lang: Lang;
  reference: Reference;
}): Child {
  const { t, lang, reference } = props;
  const w = t.statistics.warnings;
  const warnings = props.notifications.filter(isWarning);
  if (!warnings.length) return null;
  const caseLinks = (ids: readonly string[]) =>
    ids.map((id, i) => (
      <>
        {i > 0 && " "}
        <a href={paths.case(id)}>{id.slice(-6)}</a>
      </>
    ));
  return (
    <section aria-labelledby="early-warnings">
      <h2 id="early-warnings">{w.heading}</h2>
      <CardTable columns={[w.type, w.subject, w.figures, w.cases]}>
        {warnings.map((n) => {
          const h = n.hotspot;
          const r = n.repeat;
          const category = h?.category ?? r?.category ?? "";
          return (
            <tr>
              <td>{t.notifications.types[n.type]}</td>
              <td>
                {label(w.subject)}
                {categoryName(reference, category, lang)}
                {h ? ` × ${regionName(t, h.region)}` : ""}
              </td>
              <td>
                {label(w.figures)}
                {h
                  ? w.hotspot(h.window, h.day, h.observed, h.expected)
                  : r
                    ? w.repeat(r.caseIds.length, r.withinDays, r.afterFinal)
                    : ""}
              </td>
              <td>
                {label(w.cases)}
                {caseLinks(h?.caseIds ?? r?.caseIds ?? [n.caseId])}
              </td>
            </tr>
          );
        })}
      </CardTable>
    </section>
  );
}
