// The jurisdiction's reference data as the API lists it: the agencies, and the petition
// categories with the agencies a petition of each goes to when its region has no rule
// of its own.
import type { Agency, Category } from "../domain/routing.js";
import type { ReferenceStore } from "../ports.js";

export interface CategoryView extends Category {
  defaultLead?: string;
  defaultCohandlers: string[];
}

export type ReferenceDeps = { store: Pick<ReferenceStore, "getReference"> };

export class ReferenceService {
  constructor(private readonly deps: ReferenceDeps) {}

  async agencies(): Promise<Agency[]> {
    return [...(await this.deps.store.getReference()).agencies.values()];
  }

  async categories(): Promise<{ items: CategoryView[]; regions: string[] }> {
    const ref = await this.deps.store.getReference();
    const items = [...ref.categories.values()].map((cat) => {
      const rule = ref.rules.find((r) => r.category === cat.id && r.region === "*");
      return {
        ...cat,
        ...(rule ? { defaultLead: rule.lead } : {}),
        defaultCohandlers: rule?.cohandlers ?? [],
      };
    });
    return { items, regions: [...ref.regions] };
  }
}
