// /v1/stats: the counters as rows — by month, agency, category, region and channel, any of
// them together — with the rates drawn from them; as JSON, or as CSV for `Accept: text/csv`.
import { createRoute } from "@hono/zod-openapi";
import * as z from "./zod.js";
import { toCsv } from "../csv.js";
import { FLOW_COUNTERS } from "../domain/stats-facts.js";
import { MAX_STATS_MONTHS, monthsBetween, STATS_BY, type StatsReport } from "../domain/stats-report.js";
import { newRouter } from "./env.js";
import { READ_ERRORS, json, problems, security } from "./openapi.js";

export const statsApp = newRouter();

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM")
  .openapi({ example: "2026-10" });

export const StatsQuerySchema = z
  .object({
    from: month,
    to: month,
    by: z
      .preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(z.enum(STATS_BY)).max(STATS_BY.length),
      )
      .openapi({
        description: "Row keys, repeatable (`by=agency&by=category`); none: one row for the whole period.",
        example: ["agency"],
      }),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "`to` is before `from`." });
    else if (monthsBetween(q.from, q.to).length > MAX_STATS_MONTHS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_STATS_MONTHS} months at once.` });
    if (new Set(q.by).size !== q.by.length)
      ctx.addIssue({ code: "custom", path: ["by"], message: "Each `by` at most once." });
  });

const rate = (what: string) => z.number().min(0).max(1).optional().openapi({ description: what });
const Figures = z.object({
  ...Object.fromEntries(FLOW_COUNTERS.map((c) => [c, z.number().int()])),
  open: z.number().int().optional().openapi({ description: "Open now (not in rows by month)." }),
  overdue: z
    .number()
    .int()
    .optional()
    .openapi({ description: "Open now with a running clock past its due time (not in rows by month)." }),
  acknowledged: z.number().int(),
  concluded: z.number().int(),
  rated: z.number().int(),
  onTimeRate: rate("Concluded on time ÷ concluded (按期办结率); absent when nothing was concluded."),
  acknowledgedOnTimeRate: rate("Acknowledged on time ÷ acknowledged (按期受理率)."),
  backlogRate: rate(
    "Cases past their handling deadline and not concluded ÷ cases accepted (handling started) in the period (积案率).",
  ),
  satisfactionRate: rate("Satisfied or basically satisfied ÷ rated replies (满意率)."),
});
const StatsKey = z.object(Object.fromEntries(STATS_BY.map((b) => [b, z.string().optional()])));
const StatsAnswer = z
  .object({ rows: z.array(Figures.extend({ key: StatsKey })), totals: Figures })
  .openapi("Stats");

const example = {
  rows: [
    {
      key: { agency: "hrss" },
      ...Object.fromEntries(FLOW_COUNTERS.map((c) => [c, 0])),
      received: 42,
      accepted: 38,
      acknowledgedOnTime: 39,
      acknowledgedLate: 1,
      concludedOnTime: 30,
      concludedLate: 2,
      backlog: 1,
      satisfied: 20,
      basicallySatisfied: 5,
      unsatisfied: 2,
      open: 10,
      overdue: 1,
      acknowledged: 40,
      concluded: 32,
      rated: 27,
      onTimeRate: 0.9375,
      acknowledgedOnTimeRate: 0.975,
      backlogRate: 0.0263,
      satisfactionRate: 0.9259,
    },
  ],
};

statsApp.openapi(
  createRoute({
    method: "get",
    path: "/stats",
    operationId: "getStats",
    tags: ["statistics"],
    security,
    summary: "Figures by month, agency, category, region and channel, from counters",
    description:
      "Read from counters kept as cases change (never from the cases): per month only the items asked for. " +
      "The bureau sees every agency; an agency head or leader their own agency. Months are in the jurisdiction's " +
      "zone. Each flow counts in the month it happened (docs/statistics.md); `open` and `overdue` are now, in " +
      "rows not keyed by month and in the totals. Rates: `onTimeRate` = concludedOnTime ÷ concluded; " +
      "`acknowledgedOnTimeRate` = acknowledgedOnTime ÷ acknowledged; `backlogRate` = backlog ÷ accepted — the " +
      "cases past their handling deadline and not concluded, of the cases accepted (handling started) in the " +
      "period; `satisfactionRate` = (satisfied + basicallySatisfied) ÷ rated. A rate with nothing to divide by is " +
      "absent. `Accept: text/csv` answers the same rows as CSV.",
    request: { query: StatsQuerySchema },
    responses: {
      200: {
        description: "Rows and totals",
        content: {
          ...json(StatsAnswer, { ...example, totals: { ...example.rows[0], key: undefined } }),
          "text/csv": {
            schema: z.string().openapi({ description: "The rows, a header first, then the totals" }),
          },
        },
      },
      ...problems(...READ_ERRORS),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { itemsRead: _read, ...report } = await c.var.services.stats.read(c.var.identity, query);
    if ((c.req.header("accept") ?? "").includes("text/csv")) {
      return c.body(statsCsv(report, query.by), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="stats-${query.from}-${query.to}.csv"`,
      });
    }
    return c.json(report, 200);
  },
);

const FIGURE_COLUMNS = [
  ...FLOW_COUNTERS,
  "open",
  "overdue",
  "acknowledged",
  "concluded",
  "rated",
  "onTimeRate",
  "acknowledgedOnTimeRate",
  "backlogRate",
  "satisfactionRate",
] as const;

/**
 * The report as CSV: the asked keys (a `period` column when none is asked), then every
 * figure; the totals last, keyed "total".
 */
export function statsCsv(report: StatsReport, by: readonly string[]): string {
  const cell = (v: unknown) => (v === undefined ? "" : String(v));
  const figures = (r: Record<string, unknown>) => FIGURE_COLUMNS.map((f) => cell(r[f]));
  const keys = by.length ? by : ["period"];
  return toCsv([
    [...keys, ...FIGURE_COLUMNS],
    ...(by.length
      ? report.rows.map((r) => [...by.map((b) => cell(r.key[b as keyof typeof r.key])), ...figures(r)])
      : []),
    [...keys.map((_, i) => (i === 0 ? "total" : "")), ...figures(report.totals)],
  ]);
}
