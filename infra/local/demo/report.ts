// The printed report of a played quarter: cases, clocks and rates, the deadline watch,
// a row per agency, the joint meetings with the last one's minutes, the bearing-factory
// case's timeline, and the unexpected answers. Formatting only: the figures are made in
// summary.ts from the domain's statistics.
import { CLOCK_NAMES } from "../../../shared/domain/model.js";
import { DAY_MS, localDate } from "./local-time.js";
import type { QuarterSummary } from "./summary.js";

const pct = (x: number | undefined) => (x === undefined ? "n/a" : `${(x * 100).toFixed(1)} %`);
/** "42.1s", or "2m40s" from a minute on. */
export const duration = (ms: number) =>
  ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;

export function formatReport(
  s: QuarterSummary,
  run: { mode: string; bootMs: number; totalMs: number },
): string {
  const out: string[] = [];
  const line = (text = "") => out.push(text);
  line(
    `Demo County (示例县): one quarter, ${localDate(s.from)} → ${localDate(s.to)} (${s.days} days, seed ${s.seed})`,
  );
  line(`Runtime: ${run.mode}`);
  line();
  line(
    `Cases registered this run: ${s.registered} (the bearing-factory case and ${s.registered - 1} ordinary; ${s.cases.collective} collective)`,
  );
  line(
    `  by status    ${Object.entries(s.cases.byStatus)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ")}   (sum ${Object.values(s.cases.byStatus).reduce((a, b) => a + b, 0)})`,
  );
  line(
    `  by category  ${Object.entries(s.cases.byCategory)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ")}`,
  );
  line(
    `  by channel   ${Object.entries(s.cases.byChannel)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ")}`,
  );
  line(
    `  declined ${s.cases.declined} · repeat petitions linked ${s.cases.repeatsLinked} · final after re-review ${s.cases.final}`,
  );
  line();
  line("Clocks on the cases                met  overdue  running");
  for (const name of CLOCK_NAMES) {
    const t = s.clocks[name];
    if (t)
      line(
        `  ${name.padEnd(30)} ${String(t.met).padStart(5)} ${String(t.overdue).padStart(8)} ${String(t.running).padStart(8)}`,
      );
  }
  line(`  on-time acknowledge rate (按期受理率)  ${pct(s.onTimeAcknowledgeRate)}`);
  line(`  on-time conclusion rate (按期办结率)   ${pct(s.onTimeConclusionRate)}`);
  line(`  backlog rate (积案率)                  ${pct(s.backlogRate)}`);
  const replaced = Object.entries(s.replacedOverdue);
  if (replaced.length)
    line(
      `  not in these tallies: ${replaced.map(([k, v]) => `${v} ${k}`).join(", ")} clock(s) that went overdue and were replaced when a meeting re-routed the case`,
    );
  line(
    `  satisfaction (满意率) ${pct(s.satisfaction.rate)} of ${s.satisfaction.rated} rated: satisfied ${s.satisfaction.satisfied}, basically ${s.satisfaction.basically}, not ${s.satisfaction.unsatisfied}`,
  );
  line();
  const e = s.escalations;
  line("Deadline watch (from the cases' audit trails)");
  line(`  due-soon warnings          ${String(e.dueSoon).padStart(4)}  (${e.casesWarned} cases)`);
  line(
    `  L1 overdue alerts          ${String(e.l1).padStart(4)}  (${e.casesL1} cases; ${
      Object.entries(e.l1ByClock)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    })`,
  );
  line(`  L2 listed supervision      ${String(e.l2).padStart(4)}  (${e.casesL2} cases)`);
  line(
    `  L3 to the joint meeting    ${String(e.l3).padStart(4)}  (${e.casesL3} cases; ${e.l3Disputes} unresolved disputes)`,
  );
  line(
    `  placed on an agenda ${e.placedOnAgenda} · meeting decisions ${e.meetingDecisions} · closed when the review window passed ${e.closedAfterWindow} · clocks counted without calendar data ${e.calendarGaps}`,
  );
  line(
    e.repeatedSteps
      ? `  each step once? NO: ${e.repeatedSteps} warnings or ladder steps recorded again on ${e.casesWithRepeatedSteps} cases with no re-routing between`
      : "  each step once: yes",
  );
  line(`  audit chains verified: ${s.chains.valid} valid of ${s.chains.verified}`);
  line();
  line(
    "The agencies' assessment (GET /v1/stats by agency)  received  on time  backlog  satisfied  L1/L2/L3  open  overdue",
  );
  for (const a of s.byAgency) {
    line(
      `  ${(a.key.agency ?? "").padEnd(50)} ${String(a.received).padStart(8)}  ${pct(a.onTimeRate).padStart(7)}  ${pct(a.backlogRate).padStart(7)}  ${pct(a.satisfactionRate).padStart(9)}  ${`${a.escalatedL1}/${a.escalatedL2}/${a.escalatedL3}`.padStart(8)}  ${String(a.open ?? 0).padStart(4)}  ${String(a.overdue ?? 0).padStart(7)}`,
    );
  }
  line();
  line("Joint meetings (联席会议)");
  for (const m of s.meetings) {
    const reasons: Record<string, number> = {};
    for (const i of m.agenda) reasons[i.reason] = (reasons[i.reason] ?? 0) + 1;
    line(`  ${m.title}`);
    line(
      `    ${localDate(m.scheduledAt)}, ${m.status}; ${m.agenda.length} agenda items (${
        Object.entries(reasons)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none"
      }), ${m.agenda.filter((i) => i.decided).length} decided`,
    );
    for (const i of m.agenda) {
      line(
        `    - ${i.code} ${i.category} [${i.reason}] → ${i.decided ? `lead ${i.lead}${i.cohandlers?.length ? ` with ${i.cohandlers.join(", ")}` : ""}${i.handleDays ? `, ${i.handleDays} days` : ""}${i.leader ? `, leader ${i.leader}` : ""}` : "not decided"}`,
      );
    }
    for (const x of m.sanctions) line(`    sanction: ${x.kind} of ${x.agency}: ${x.reason}`);
  }
  if (s.lastMinutes) {
    line();
    line("Minutes of the last meeting (GET /v1/meetings/{id}/minutes):");
    line(
      s.lastMinutes
        .trimEnd()
        .split("\n")
        .map((l) => `  │ ${l}`)
        .join("\n"),
    );
  }
  line();
  const b = s.bearing;
  if (b) {
    line(
      `The bearing-factory case ${b.code}: ${b.status}; petitioner ${b.petitioner} and others (${b.headcount} people${b.collective ? ", collective" : ""})`,
    );
    line(
      `  lead ${b.leadAgency ?? "-"}${b.cohandlers.length ? ` with ${b.cohandlers.join(", ")}` : ""}; owned by ${b.leader ?? "no leader"}; rating ${b.rating ?? "none"}; handle clock ${b.handleMet ? "met" : "NOT met"}`,
    );
    line(
      `  clocks: ${b.clocks.map((k) => `${k.name} ${k.state}${k.pausedMs ? ` (paused ${(k.pausedMs / DAY_MS).toFixed(1)} d)` : ""}`).join(", ")}`,
    );
    line("  timeline:");
    for (const t of b.timeline) line(`    ${t.at}  ${t.type.padEnd(22)} ${t.by.padEnd(34)} ${t.detail}`);
  } else {
    line("The bearing-factory case was not registered (see the unexpected answers below).");
  }
  line();
  line(
    "The rates, satisfaction and the agencies' assessment above are GET /v1/stats's answers (the counters); the clock and deadline-watch tallies are read from the cases and their audit trails.",
  );
  if (s.problems.length) {
    line(`Unexpected answers (${s.problems.length}):`);
    for (const p of s.problems.slice(0, 40)) line(`  ${p.at}  ${p.status}  ${p.what}: ${p.detail}`);
    if (s.problems.length > 40) line(`  … and ${s.problems.length - 40} more`);
  } else {
    line("Unexpected answers: none.");
  }
  line();
  line(
    `Took ${duration(run.totalMs)}: start ${duration(run.bootMs)}, the quarter ${duration(s.ms.play)} (${s.days} days, ${s.ticks} ticks), the report ${duration(s.ms.report)}; ${s.requests} API calls.`,
  );
  return `${out.join("\n")}\n`;
}
