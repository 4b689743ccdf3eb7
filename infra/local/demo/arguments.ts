// The demo's command line: --from, --cases, --seed and --concurrency, each checked, a bad
// one stopping with a sentence that names it.
import { parseArgs } from "node:util";
import type { QuarterOptions } from "./quarter.js";

export function parseDemoArgs(argv: string[]): QuarterOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: "string" },
      cases: { type: "string" },
      seed: { type: "string" },
      concurrency: { type: "string" },
    },
    strict: true,
  });
  const options: QuarterOptions = {};
  if (values.from) {
    const from = new Date(
      /^\d{4}-\d{2}-\d{2}$/.test(values.from) ? `${values.from}T09:00:00+08:00` : values.from,
    );
    if (Number.isNaN(from.getTime()))
      throw new Error(`--from ${values.from}: give a date such as 2026-10-01 or an ISO date-time.`);
    options.from = from;
  }
  const count = (name: string, text: string | undefined, min: number, max: number) => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isInteger(v) || v < min || v > max)
      throw new Error(`--${name} ${text}: give a whole number from ${min} to ${max}.`);
    return v;
  };
  const cases = count("cases", values.cases, 0, 20_000);
  const seed = count("seed", values.seed, 0, 2 ** 32 - 1);
  const concurrency = count("concurrency", values.concurrency, 1, 64);
  return {
    ...(cases !== undefined ? { cases } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...options,
  };
}
