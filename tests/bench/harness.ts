// What every benchmark needs around its measurements: a time budget that bounds every
// loop, a bounded-concurrency worker pool, percentiles, number formatting, and a record
// of the child processes started, so that one place can stop them all.
import { execFileSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A wall-clock allowance. Loops check it; a benchmark that runs out reports what it got. */
export class Budget {
  private readonly endsAt: number;

  constructor(ms: number) {
    this.endsAt = performance.now() + ms;
  }

  left(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  expired(): boolean {
    return this.left() === 0;
  }

  /** A part of this budget: at most `ms`, never beyond this one's end. */
  part(ms: number): Budget {
    return new Budget(Math.min(ms, this.left()));
  }
}

/**
 * Runs `work` over `count` indexes with at most `concurrency` in flight. No new item
 * starts once the budget has run out; the number of items started comes back.
 */
export async function pool(
  count: number,
  concurrency: number,
  budget: Budget,
  work: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && !budget.expired()) {
      const index = next++;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return next;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds or the budget runs out; whether it held. */
export async function waitFor(done: () => boolean, budget: Budget, everyMs = 10): Promise<boolean> {
  while (!done()) {
    if (budget.expired()) return false;
    await sleep(everyMs);
  }
  return true;
}

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of the values (milliseconds, usually). */
export function distribution(values: readonly number[]): Distribution {
  if (!values.length) return { count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return {
    count: sorted.length,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[sorted.length - 1]!,
  };
}

export const median = (values: readonly number[]): number => distribution(values).p50;

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a"),
  ms: (n: number) =>
    !Number.isFinite(n)
      ? "n/a"
      : n >= 100
        ? `${Math.round(n).toLocaleString("en-US")} ms`
        : `${n.toFixed(1)} ms`,
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  rate: (n: number) => (Number.isFinite(n) ? n.toFixed(n >= 100 ? 0 : 1) : "n/a"),
  ratio: (n: number) =>
    Number.isFinite(n) ? `${n >= 10 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1)}×` : "n/a",
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  units: (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 }),
};

/** Deterministic pseudo-random numbers (mulberry32): the same tables on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Child processes the bench started; stopped together at the end, also on error. */
export class ChildProcesses {
  private readonly live = new Set<ChildProcess>();

  track<C extends ChildProcess>(child: C): C {
    this.live.add(child);
    child.once("exit", () => this.live.delete(child));
    return child;
  }

  stopAll(): void {
    for (const child of this.live)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    this.live.clear();
  }
}

/** One line of the summary table in BENCHMARKS.md. */
export interface SummaryRow {
  benchmark: string;
  measured: string;
  target: string;
  verdict: "pass" | "miss" | "info" | "incomplete" | "error";
}

/** What a benchmark hands to the report: its summary rows, its method and its details (Markdown). */
export interface Section {
  title: string;
  rows: SummaryRow[];
  method: string;
  details: string;
  /** What the figures show about a miss, derived from the measurements. */
  notes?: string[];
  /**
   * Summary rows whose benchmark starts with one of these are this section's: an update
   * (--update) drops the old ones it does not write again (labels that name a measured rate).
   */
  rowPrefixes?: string[];
}

export const verdict = (ok: boolean): SummaryRow["verdict"] => (ok ? "pass" : "miss");

/** A Markdown table from a header and rows of cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** CPU time used so far, in ms: by this process, and by DynamoDB Local (from /proc; Linux only). */
export interface CpuSample {
  bench: number;
  dynamodb?: number;
}

let clockTicks: number | undefined;

export function sampleCpu(): CpuSample {
  const own = process.cpuUsage();
  const sample: CpuSample = { bench: (own.user + own.system) / 1000 };
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name, which sits in parentheses: state, ppid, …, utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("DynamoDBLocal")) continue;
      sample.dynamodb = ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
    }
  } catch {
    // No /proc: the DynamoDB Local figure is left out.
  }
  return sample;
}

/** CPU ms per unit of work between two samples, as "bench X ms, DynamoDB Local Y ms". */
export function cpuPer(
  before: CpuSample,
  after: CpuSample,
  units: number,
): { bench: number; dynamodb?: number } {
  return {
    bench: (after.bench - before.bench) / units,
    ...(before.dynamodb !== undefined && after.dynamodb !== undefined
      ? { dynamodb: (after.dynamodb - before.dynamodb) / units }
      : {}),
  };
}

/**
 * CPU time (ms) of the whole machine and of this process with its reaped children (Linux).
 * Their difference over a run is what other processes took: timings suffer when it is large.
 */
export function sampleMachineCpu(): { machine: number; ownTree: number } | undefined {
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    // cpu  user nice system idle iowait irq softirq steal …
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + (cpu[7] ?? 0);
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    // utime, stime, cutime, cstime are the 14th to 17th fields, 11th to 14th after the name.
    const own = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
    return { machine: (busy / clockTicks) * 1000, ownTree: (own / clockTicks) * 1000 };
  } catch {
    return undefined;
  }
}
