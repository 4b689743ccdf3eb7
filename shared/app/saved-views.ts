// Saved inbox views: a person keeps the inbox's filters under a name and finds them again in
// one click. Views belong to the person (their `sub`), hold filter values only — never a case
// or anyone's identity — and are capped, so one person's list stays a list.
import type { Identity } from "../domain/access.js";
import { ConflictError, NotFoundError, RuleViolationError } from "../errors.js";
import type { SavedView, SavedViews } from "../ports.js";
import type { Deps } from "./deps.js";

/** As many views as fit above an inbox and a person can tell apart. */
export const MAX_SAVED_VIEWS = 20;

const BUSY = "Your saved views were being changed at the same time; try again.";

export type SavedViewDeps = Pick<Deps, "clock" | "newId"> & { store: SavedViews };

export class SavedViewService {
  constructor(private readonly deps: SavedViewDeps) {}

  list(who: Identity): Promise<SavedView[]> {
    return this.deps.store.listViews(who.sub);
  }

  /** Keeps the filters under `name`; a view of the same name is replaced. */
  async save(who: Identity, name: string, filters: SavedView["filters"]): Promise<SavedView> {
    const view: SavedView = {
      id: this.deps.newId(),
      name,
      filters,
      savedAt: this.deps.clock.now().toISOString(),
    };
    const outcome = await this.deps.store.saveView(who.sub, view, MAX_SAVED_VIEWS);
    if (outcome.ok) return outcome.view;
    if (outcome.reason === "full")
      throw new RuleViolationError(
        "saved-views-limit",
        `You keep ${MAX_SAVED_VIEWS} saved views, the most allowed: delete one before saving another.`,
      );
    throw new ConflictError(BUSY);
  }

  async delete(who: Identity, id: string): Promise<void> {
    const outcome = await this.deps.store.deleteView(who.sub, id);
    if (outcome === "absent") throw new NotFoundError(`No saved view ${id}.`);
    if (outcome === "busy") throw new ConflictError(BUSY);
  }
}
