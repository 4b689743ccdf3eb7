// Saving and deleting a saved view (views-bar.tsx draws them). A view keeps the five filters
// the form carries and a name checked as other text is (`text()`); a name that is wrong, or
// one view too many, comes back on the inbox beside `View name` with what was typed kept.
import { Hono, type Context } from "hono";
import { MAX_SAVED_VIEWS } from "../app/saved-views.js";
import { ConflictError, NotFoundError, RuleViolationError } from "../errors.js";
import { CaseListQuery, text } from "../http/schemas.js";
import { formOf } from "./csrf.js";
import type { ConsoleEnv } from "./env.js";
import { fieldErrorsOf } from "./field-errors.js";
import { showInbox } from "./inbox.js";
import { filterParams, inboxQueryOf, VIEW_FILTERS, viewHref, withFilters } from "./inbox-query.js";
import { PLATFORM_ID, paths } from "./paths.js";
import { VIEW_NAME_MAX } from "./views-bar.js";

export const savedViewsApp = new Hono<ConsoleEnv>();

const ViewForm = CaseListQuery.pick({
  status: true,
  category: true,
  region: true,
  channel: true,
  overdue: true,
}).extend({ name: text(VIEW_NAME_MAX) });

/** The form's filters and name, empty fields left out, nothing else. */
async function viewFormOf(c: Context<ConsoleEnv>): Promise<Record<string, string>> {
  const form = await formOf(c);
  const body: Record<string, string> = {};
  for (const key of [...VIEW_FILTERS, "name"]) {
    const value = form[key];
    if (typeof value === "string" && value !== "") body[key] = value;
  }
  return body;
}

/** The inbox the form was sent from: its filters, or a 400 when they are not the inbox's. */
const inboxOf = (body: Record<string, string>) => {
  const { name: _name, ...filters } = body;
  return inboxQueryOf(filters);
};

savedViewsApp.post("/views", async (c) => {
  const { t, console: ctx } = c.var;
  const body = await viewFormOf(c);
  const query = inboxOf(body);
  const parsed = ViewForm.safeParse(body);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error.issues, body, t.fieldErrors);
    // Only the name can be wrong here: the filters were checked as the inbox's above.
    return showInbox(c, query, { viewName: body.name ?? "", viewError: errors.name, status: 422 });
  }
  const { name, ...filters } = parsed.data;
  try {
    const saved = await ctx.services.views.save(c.var.who!, name, filters);
    return c.redirect(withDone(viewHref(saved.filters), "view-saved"), 303);
  } catch (err) {
    const full = err instanceof RuleViolationError && err.rule === "saved-views-limit";
    if (!full && !(err instanceof ConflictError)) throw err;
    const viewError = full ? t.views.full(MAX_SAVED_VIEWS) : t.views.busy;
    return showInbox(c, query, { viewName: name, viewError, status: full ? 422 : 409 });
  }
});

savedViewsApp.post("/views/:id/delete", async (c) => {
  const id = c.req.param("id");
  if (!PLATFORM_ID.test(id)) throw new NotFoundError("No such saved view.");
  const query = inboxOf(await viewFormOf(c));
  await c.var.console.services.views.delete(c.var.who!, id);
  return c.redirect(withDone(withFilters(paths.inbox, filterParams(query)), "view-deleted"), 303);
});

/** The inbox address with the notice of what was just done. */
function withDone(href: string, done: "view-saved" | "view-deleted"): string {
  return `${href}${href.includes("?") ? "&" : "?"}done=${done}`;
}
