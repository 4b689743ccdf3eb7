// BENCHMARKS.md: the summary table against the targets, the machine, and per benchmark its
// method and detailed figures. Rewritten by every full `npm run bench`.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { table, type Section, type SummaryRow } from "./harness.js";

export interface Machine {
  nproc: string;
  memory: string;
  cpu: string;
  node: string;
  java: string;
  os: string;
}

export function describeMachine(): Machine {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  return {
    nproc: run("nproc") ?? String(cpus().length),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    java: (java.stderr || java.stdout || "").split("\n")[0]?.trim() || "unknown",
    os: `${type()} ${release()}`,
  };
}

/** The commit measured, and whether product files differed from it. */
export function describeSource(repoRoot: string): string {
  const commit = run("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]) ?? "unknown";
  const dirty = run("git", [
    "-C",
    repoRoot,
    "status",
    "--porcelain",
    "--",
    "shared",
    "functions",
    "infra",
    "package.json",
    "package-lock.json",
  ]);
  return dirty ? `${commit} with uncommitted changes to ${dirty.split("\n").length} product file(s)` : commit;
}

function run(command: string, args: string[] = []): string | undefined {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

const shown: Record<SummaryRow["verdict"], string> = {
  pass: "pass",
  miss: "**miss**",
  info: "–",
  incomplete: "incomplete",
  error: "**error**",
};

export function summaryTable(sections: readonly Section[]): string {
  return table(
    ["Benchmark", "Measured", "Target", "Result"],
    sections.flatMap((s) => s.rows).map((r) => [r.benchmark, r.measured, r.target, shown[r.verdict]]),
  );
}

export interface ReportInput {
  sections: readonly Section[];
  startedAt: Date;
  durationMs: number;
  machine: Machine;
  source: string;
  /** Cores other processes kept busy on average during the run, if known: they skew timings. */
  otherCores?: number;
}

export function writeReport(path: string, report: ReportInput): void {
  const { sections, startedAt, durationMs, machine, source, otherCores } = report;
  const rows = sections.flatMap((s) => s.rows);
  const count = (v: SummaryRow["verdict"]) => rows.filter((r) => r.verdict === v).length;
  const text = [
    "# Casebridge benchmarks",
    "",
    "Measured by `npm run bench` (tests/bench/run.ts) against the embedded stack: DynamoDB Local (in memory, a Java child process) and fauxqs " +
      "on loopback, the real handlers. This file is rewritten by every full run; the figures below are the last run's.",
    "",
    `- Date: ${startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC; the run took ${(durationMs / 60_000).toFixed(1)} min.`,
    `- Machine: ${machine.nproc} cores (\`nproc\`), ${machine.memory} memory, ${machine.cpu}; ${machine.os}.`,
    `- Runtime: Node ${machine.node}; ${machine.java} for DynamoDB Local.`,
    ...(otherCores === undefined
      ? []
      : [
          `- Other processes on the machine kept ${otherCores.toFixed(2)} of its ${machine.nproc} cores busy on average during the run` +
            `${otherCores > 0.25 ? ": the timings are pessimistic." : "."}`,
        ]),
    `- Source: commit ${source}.`,
    `- Verdicts: ${count("pass")} pass, ${count("miss")} miss${count("incomplete") ? `, ${count("incomplete")} incomplete` : ""}${count("error") ? `, ${count("error")} error` : ""}.`,
    "",
    "## Summary",
    "",
    summaryTable(sections),
    "",
    ...sections.flatMap((s) => [
      `## ${s.title}`,
      "",
      `**Method.** ${s.method}`,
      "",
      s.details,
      "",
      ...(s.notes?.length ? [...s.notes.map((n) => `- ${n}`), ""] : []),
    ]),
  ].join("\n");
  writeFileSync(path, text);
}
