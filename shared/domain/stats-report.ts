// The statistics' answer from counters: the months of a period, which counter items a
// question needs, and rows rolled up from them with their rates. Pure: the service reads
// the items, this adds them up.
import {
  addCounters,
  type COUNTERS,
  DIMENSIONS,
  FLOW_COUNTERS,
  type GAUGES,
  type CellKey,
  type Counters,
  type Dimension,
} from "./stats-facts.js";

export const STATS_BY = ["month", ...DIMENSIONS] as const;
export type StatsBy = (typeof STATS_BY)[number];

export interface StatsQuery {
  /** YYYY-MM, inclusive. */
  from: string;
  to: string;
  /** The row keys, in this order; none: one row of the whole period. */
  by: StatsBy[];
}

/** How one row stands: every counter, with the sums and rates drawn from them. */
export type StatsFigures = Record<(typeof FLOW_COUNTERS)[number], number> &
  Partial<Record<(typeof GAUGES)[number], number>> & {
    acknowledged: number;
    concluded: number;
    rated: number;
    /** Concluded on time ÷ concluded (按期办结率). */
    onTimeRate?: number;
    /** Acknowledged on time ÷ acknowledged (按期受理率). */
    acknowledgedOnTimeRate?: number;
    /** Handling clocks past due and not concluded ÷ handling clocks started (accepted) in the period. */
    backlogRate?: number;
    /** Satisfied or basically satisfied ÷ rated (满意率). */
    satisfactionRate?: number;
  };

export type StatsRowKey = Partial<Record<StatsBy, string>>;

export interface StatsReport {
  rows: (StatsFigures & { key: StatsRowKey })[];
  totals: StatsFigures;
}

/** At most this many months in one question: ten years. */
export const MAX_STATS_MONTHS = 120;

/** The months from `from` to `to`, inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const index = (m: string) => {
    const [y, mo] = m.split("-").map(Number) as [number, number];
    return y * 12 + mo - 1;
  };
  const months: string[] = [];
  for (let i = index(from); i <= index(to); i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  return months;
}

const ratio = (part: number, whole: number) => (whole ? part / whole : undefined);

/** A row's figures from its counters; gauges only where the row is not one month's. */
export function figuresOf(counters: Counters, gauges?: Counters): StatsFigures {
  const n = (c: (typeof COUNTERS)[number]) => counters[c] ?? 0;
  const flows = Object.fromEntries(FLOW_COUNTERS.map((c) => [c, n(c)])) as Record<
    (typeof FLOW_COUNTERS)[number],
    number
  >;
  const acknowledged = n("acknowledgedOnTime") + n("acknowledgedLate");
  const concluded = n("concludedOnTime") + n("concludedLate");
  const rated = n("satisfied") + n("basicallySatisfied") + n("unsatisfied");
  const figures: StatsFigures = {
    ...flows,
    ...(gauges ? { open: gauges.open ?? 0, overdue: gauges.overdue ?? 0 } : {}),
    acknowledged,
    concluded,
    rated,
  };
  const rates = {
    onTimeRate: ratio(n("concludedOnTime"), concluded),
    acknowledgedOnTimeRate: ratio(n("acknowledgedOnTime"), acknowledged),
    backlogRate: ratio(n("backlog"), n("accepted")),
    satisfactionRate: ratio(n("satisfied") + n("basicallySatisfied"), rated),
  };
  for (const [name, value] of Object.entries(rates))
    if (value !== undefined) Object.assign(figures, { [name]: value });
  return figures;
}

/** One month's counter items (or the gauges'), as read: the dimensions each is for, and its counters. */
export interface MonthCells {
  month: string;
  cells: { key: Partial<CellKey>; counters: Counters }[];
}

/**
 * Rows keyed by the asked dimensions, rolled up from the items read. Items for more
 * dimensions than asked (full cells) add into the row of their asked values; the gauges
 * (month `NOW`) join the rows that are not a month's, and the totals.
 */
export function buildReport(query: StatsQuery, months: MonthCells[], gauges: MonthCells): StatsReport {
  const dims = query.by.filter((b): b is Dimension => b !== "month");
  const keyOf = (month: string, key: Partial<CellKey>): StatsRowKey =>
    Object.fromEntries(query.by.map((b) => [b, b === "month" ? month : (key[b] ?? "")]));
  const rows = new Map<string, { key: StatsRowKey; counters: Counters; gauges: Counters }>();
  const total: Counters = {};
  const totalGauges: Counters = {};
  const rowFor = (key: StatsRowKey) => {
    const id = JSON.stringify(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, counters: {}, gauges: {} }));
    return row;
  };
  for (const { month, cells } of months) {
    for (const cell of cells) {
      addCounters(rowFor(keyOf(month, cell.key)).counters, cell.counters);
      addCounters(total, cell.counters);
    }
  }
  const withMonth = query.by.includes("month");
  for (const cell of gauges.cells) {
    addCounters(totalGauges, cell.counters);
    if (!withMonth && (dims.length > 0 || query.by.length === 0))
      addCounters(rowFor(keyOf("", cell.key)).gauges, cell.counters);
  }
  const sorted = [...rows.values()].sort((a, b) => {
    for (const by of query.by) {
      const order = (a.key[by] ?? "").localeCompare(b.key[by] ?? "");
      if (order) return order;
    }
    return 0;
  });
  return {
    rows: sorted.map((r) => ({ key: r.key, ...figuresOf(r.counters, withMonth ? undefined : r.gauges) })),
    totals: figuresOf(total, totalGauges),
  };
}
