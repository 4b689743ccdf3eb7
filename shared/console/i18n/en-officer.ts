// The English strings of what officers asked for on the inbox (saved views, bulk routing,
// the CSV export), shaped as the Chinese ones (./zh-officer.ts). The accessible names
// `View name`, `Save view`, `Delete view`, `Route selected` and `Export CSV` are exactly these.
import type { zhOfficer } from "./zh-officer.js";

export const enOfficer: typeof zhOfficer = {
  views: {
    heading: "Saved views",
    none: "No saved views yet: set the filters, name them and save; they open again in one click.",
    name: "View name",
    save: "Save view",
    saveHint: (summary: string) =>
      `Saves the filters applied now: ${summary}. A view of the same name is replaced.`,
    filterPart: (label: string, value: string) => `${label}: ${value}`,
    allOpen: "all open cases",
    delete: "Delete view",
    saved: "View saved.",
    deleted: "View deleted.",
    full: (max: number) => `You keep ${max} views, the most allowed: delete one before saving another.`,
    busy: "Your saved views were being changed at the same time; try again.",
  },

  bulkRoute: {
    selectColumn: "Select",
    select: (code: string) => `Select ${code}`,
    submit: "Route selected",
    hint: (max: number) =>
      `Tick registered cases to route each by the routing rules; at most ${max} at once.`,
    heading: "Routing results",
    summary: (routed: number, refused: number) => `${routed} routed, ${refused} not routed.`,
    columns: { code: "Code", title: "Matter", result: "Result", why: "Why" },
    routed: "Routed",
    routedTo: (agency: string) => `By the rules to ${agency}; being handed over.`,
    refused: "Not routed",
    reasons: {
      alreadyRouted: (status: string) =>
        `No longer registered (now “${status}”): already routed, or moved on meanwhile.`,
      noRule:
        "No routing rule covers its category and region: route it from its own page, naming the agency.",
      respondent:
        "The rules would send it to the agency it complains about: route it from its own page to another.",
      unknownAgency: "The rule names an agency that cannot take cases: route it from its own page.",
      notFound: "No such case, or not one you may see.",
      forbidden: "Your role may not route this case.",
      busy: "The case was being changed at the same time; try again.",
      other: "Against the rules.",
      failed: (id: string) => `Internal error; this case was not routed. Reference ${id}.`,
    },
    none: "No case was selected: tick the cases to route, then Route selected.",
    tooMany: (max: number, n: number) =>
      `${n} ${n === 1 ? "case was" : "cases were"} selected; at most ${max} are routed in one step. Nothing was routed.`,
    registered: "Registered cases",
  },

  exportCsv: {
    link: "Export CSV",
    hint: (max: number) =>
      `Every page of this filter, up to ${max.toLocaleString("en")} rows; no petitioner identity.`,
    columns: {
      code: "Code",
      title: "Matter",
      status: "Status",
      category: "Category",
      region: "Region",
      channel: "Channel",
      received: "Received",
      lead: "Lead agency",
      clock: "Next deadline",
      due: (zone: string) => `Due (${zone})`,
      overdue: "Overdue",
    },
    cut: (rows: number) =>
      `Cut short: this file holds the first ${rows} rows in the inbox's order; narrow the filter to export the rest.`,
  },
};
