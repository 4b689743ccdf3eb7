// The saved views above the inbox: each a one-click link to the inbox with its filters (the
// one shown now marked), each with `Delete view`; and the small form that saves the filters
// applied now under a `View name`. Every form carries the session's CSRF token and the
// filters shown, so the inbox comes back as it was.
import type { SavedView } from "../ports.js";
import { CSRF_FIELD } from "./csrf.js";
import type { Catalogue } from "./i18n/zh.js";
import { filterParams, viewHref, type ViewFilters } from "./inbox-query.js";
import { paths } from "./paths.js";

/** A view's name: a few words a person tells their views apart by. */
export const VIEW_NAME_MAX = 60;

/** The filters shown now, as hidden fields: where a form's answer leads back to. */
function FilterFields({ filters }: { filters: ViewFilters }) {
  return (
    <>
      {[...filterParams(filters)].map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export function SavedViewsNav(props: {
  views: readonly SavedView[];
  current: ViewFilters;
  csrf: string;
  t: Catalogue;
}) {
  const { t } = props;
  const here = filterParams(props.current).toString();
  return (
    <nav class="views" aria-labelledby="saved-views">
      <h2 id="saved-views">{t.views.heading}</h2>
      {props.views.length === 0 ? (
        <p class="hint">{t.views.none}</p>
      ) : (
        <ul>
          {props.views.map((v) => (
            <li>
              <a
                id={`view-${v.id}`}
                href={viewHref(v.filters)}
                aria-current={filterParams(v.filters).toString() === here ? "true" : undefined}
              >
                {v.name}
              </a>
              <form method="post" action={paths.viewDelete(v.id)}>
                <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
                <FilterFields filters={props.current} />
                <button type="submit" class="secondary small" aria-describedby={`view-${v.id}`}>
                  {t.views.delete}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

export function SaveViewForm(props: {
  current: ViewFilters;
  summary: string;
  csrf: string;
  t: Catalogue;
  value?: string | undefined;
  error?: string | undefined;
}) {
  const { t } = props;
  const described = ["view-name-hint", ...(props.error ? ["view-name-error"] : [])].join(" ");
  return (
    <form method="post" action={paths.views} class="save-view">
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <FilterFields filters={props.current} />
      <div class="field">
        <label for="view-name">{t.views.name}</label>
        <div class="inline-field">
          <input
            type="text"
            id="view-name"
            name="name"
            maxlength={VIEW_NAME_MAX}
            autocomplete="off"
            value={props.value ?? ""}
            aria-describedby={described}
            aria-invalid={props.error ? "true" : undefined}
          />
          <button type="submit" class="secondary">
            {t.views.save}
          </button>
        </div>
        <p class="hint" id="view-name-hint">
          {t.views.saveHint(props.summary)}
        </p>
        {props.error && (
          <p class="error" id="view-name-error" role="alert">
            {props.error}
          </p>
        )}
      </div>
    </form>
  );
}
