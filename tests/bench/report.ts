// BENCHMARKS.md: the summary table against the targets, the machine, and per benchmark its
// method and detailed figures. Rewritten by every full `npm run bench`; a subset run with
// --update replaces only its own sections and summary rows, stamped with their own run.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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
    "Measured by `npm run bench` (tests/bench/run.ts) against the embedded stack: DynamoDB Local (in memory, a Java child process, a fresh one for each benchmark) and fauxqs " +
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
    ...sections.flatMap((s) => sectionLines(s)),
  ].join("\n");
  writeFileSync(path, text);
}

function sectionLines(s: Section, stamp?: string): string[] {
  return [
    `## ${s.title}`,
    "",
    ...(stamp ? [stamp, ""] : []),
    `**Method.** ${s.method}`,
    "",
    s.details,
    "",
    ...(s.notes?.length ? [...s.notes.map((n) => `- ${n}`), ""] : []),
  ];
}

export interface UpdateInput extends ReportInput {
  /** The command that ran the subset, as the stamp names it. */
  command: string;
}

const VERDICT_LINE = /^- Verdicts: .*$/m;

/**
 * A subset run written into the last full run's file. Each of its sections replaces the one
 * of the same title (or is added, in title order), stamped with its own date, commit and
 * machine. Its summary rows replace every row of their families (the label up to its first
 * comma or colon) where the first of those stood, or end the table. The verdict count in the header is recounted.
 */
export function updateReport(path: string, input: UpdateInput): void {
  const { sections, startedAt, durationMs, machine, source, otherCores, command } = input;
  const [head = "", ...blocks] = readFileSync(path, "utf8").split(/^(?=## )/m);
  const titled = blocks.map((b) => ({ title: b.slice(3, b.indexOf("\n")).trim(), text: b }));
  const summary = titled.find((b) => b.title === "Summary");
  if (!summary) throw new Error(`${path} has no "## Summary": run the whole bench to write it.`);

  const lines = summary.text.split("\n");
  const isRow = (l: string) => l.startsWith("| ") && !l.startsWith("| Benchmark |") && !l.startsWith("| ---");
  const labelOf = (l: string) => l.slice(2, l.indexOf(" | ")).trim();
  // A row's family: its label up to the first comma or colon ("Deadline sweep", "Console", "Stats").
  // A section's fresh rows take the place of every old row of their families, so rows a
  // benchmark no longer writes (a size it dropped) go with the rest.
  const familyOf = (label: string) => label.split(/[,:]/)[0]!.trim();
  for (const s of sections) {
    const fresh = summaryTable([s]).split("\n").filter(isRow);
    const families = new Set(fresh.map((row) => familyOf(labelOf(row))));
    // A section may also own rows by prefix (labels that name a measured rate change from run to run).
    const prefixes = s.rowPrefixes ?? [];
    const old = (l: string) =>
      isRow(l) && (families.has(familyOf(labelOf(l))) || prefixes.some((p) => labelOf(l).startsWith(p)));
    const first = lines.findIndex(old);
    const at = first >= 0 ? first : lines.findLastIndex(isRow) + 1;
    const kept = lines.filter((l, i) => i < at || !old(l));
    kept.splice(at, 0, ...fresh);
    lines.splice(0, lines.length, ...kept);
  }
  summary.text = lines.join("\n");

  const stamp =
    `_This section is from \`${command}\` on ${startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC ` +
    `(${(durationMs / 60_000).toFixed(1)} min), commit ${source}, on ${machine.nproc} cores` +
    `${otherCores === undefined ? "" : ` while other processes kept ${otherCores.toFixed(2)} of them busy`}; ` +
    "the rest of this file is from the full run above._";
  for (const s of sections) {
    const text = `${sectionLines(s, stamp).join("\n")}\n`;
    const at = titled.findIndex((b) => b.title === s.title);
    if (at >= 0) titled[at]!.text = text;
    else titled.push({ title: s.title, text });
  }
  const ordered = [
    summary,
    ...titled.filter((b) => b !== summary).sort((a, b) => a.title.localeCompare(b.title)),
  ];

  const verdicts = summary.text
    .split("\n")
    .filter(isRow)
    .map((l) => l.slice(l.lastIndexOf(" | ") + 3, -2).trim());
  const count = (shown: string) => verdicts.filter((v) => v === shown).length;
  const recount =
    `- Verdicts: ${count("pass")} pass, ${count("**miss**")} miss` +
    `${count("incomplete") ? `, ${count("incomplete")} incomplete` : ""}${count("**error**") ? `, ${count("**error**")} error` : ""}.`;
  writeFileSync(path, head.replace(VERDICT_LINE, recount) + ordered.map((b) => b.text).join(""));
}
