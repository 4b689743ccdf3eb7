// One quarter of Demo County played through the API on a fast clock: the bearing-factory
// story among a few hundred ordinary petitions, some handled late, and two joint meetings;
// then the outcome read back. It runs over any DemoClient, embedded or over HTTP.
import { addMonths, differenceInCalendarDays } from "date-fns";
import { scriptBearingFactory } from "./bearing.js";
import type { DemoClient } from "./client.js";
import { scriptJointMeetings } from "./meetings.js";
import { scriptOrdinaryCases } from "./ordinary-cases.js";
import { planCases } from "./plan.js";
import { QuarterScript } from "./script.js";
import { scriptSpikes, type PlantedSpike, type SpikePlan } from "./spikes.js";
import { readOutcome, type QuarterSummary } from "./summary.js";

export interface QuarterOptions {
  /** The quarter's first day at 09:00 in Asia/Shanghai (default 2026-10-01). */
  from?: Date;
  /** Ordinary cases around the bearing-factory case (default 300). */
  cases?: number;
  seed?: number;
  /** Length in days (default: to the same day three months on). */
  days?: number;
  /** Cases acted on at once within a day (default 6). */
  concurrency?: number;
  /** Extra petitions of one category × region on one day, for measuring the early warning (none by default). */
  spikes?: readonly SpikePlan[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
}

export async function playQuarter(
  client: DemoClient,
  options: QuarterOptions = {},
): Promise<QuarterSummary & { planted: PlantedSpike[] }> {
  const from = options.from ?? new Date("2026-10-01T09:00:00+08:00");
  const days = options.days ?? differenceInCalendarDays(addMonths(from, 3), from);
  const seed = options.seed ?? 20261001;
  const n = options.cases ?? 300;
  const concurrency = options.concurrency ?? 6;
  const started = performance.now();

  // The order of scripting is part of the seed's promise: within a slot, steps run in it.
  const script = new QuarterScript(client, from, days, concurrency);
  const bearing = scriptBearingFactory(script);
  scriptOrdinaryCases(
    script,
    planCases(n, days, seed, (day) => script.workday(day)),
  );
  const planted = scriptSpikes(script, options.spikes ?? []);
  const meetingIds = scriptJointMeetings(script);
  await script.play(options.signal, options.onProgress);
  const playMs = performance.now() - started;

  const reportStarted = performance.now();
  const outcome = await readOutcome(script, { bearing, meetingIds, concurrency });
  return {
    from: from.toISOString(),
    to: script.slotTime(days - 1).toISOString(),
    days,
    seed,
    ...outcome,
    planted,
    problems: script.problems,
    ticks: script.ticks,
    requests: client.requests,
    ms: { play: playMs, report: performance.now() - reportStarted },
  };
}
