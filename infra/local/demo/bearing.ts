// The bearing-factory story, the quarter's thread: 32 workers of the restructured county
// bearing factory petition together about pensions and medical insurance. A county leader
// owns the case (领导包案), hrss leads with sasac, a public hearing pauses the handling
// clock, and the reply comes within the period and is rated satisfied.
import { COORDINATOR, INTAKE, LEADER, handlerOf, headOf } from "./county.js";
import { HOUR_MS } from "./local-time.js";
import type { CaseState, QuarterScript } from "./script.js";

/** Scripts the bearing-factory case's steps; its state fills in as the quarter plays. */
export function scriptBearingFactory(script: QuarterScript): CaseState {
  const bearing: CaseState = { key: "bearing", gen: 0 };
  const { days } = script;
  const at = script.at.bind(script);
  const workday = script.workday.bind(script);
  const command = script.command.bind(script);
  const bearingDay = (d: number) => Math.min(d, days - 1);
  at(0, bearing.key, async () => {
    const c = await script.act(
      "register the bearing-factory case",
      INTAKE,
      "POST",
      "/v1/cases",
      {
        channel: "visit",
        petitioner: {
          name: "王建国",
          idNumber: "410102197001011234",
          phone: "13800001234",
          address: "示例县工业园区轴承厂宿舍3栋",
        },
        headcount: 32,
        category: "labor-social-security",
        region: "industrial-park",
        title:
          "County bearing factory: pensions and medical insurance after restructuring (轴承厂职工养老医疗保险)",
        description:
          "32 workers of the county bearing factory, restructured from a state-owned enterprise, say their pension contributions " +
          "stopped in the restructuring and their medical insurance lapsed; they ask for the contributions to be made up and the insurance restored.",
      },
      { "idempotency-key": `demo-${script.runId}-bearing` },
    );
    if (!c) return;
    script.track(bearing, c);
    // The leader is named before the route: a command landing while the router applies the
    // handoff makes the router give up until the queue's visibility timeout (180 s of real
    // time), which against a running server leaves the case in routing for most of the quarter.
    await command(bearing, "assign-leader", COORDINATOR, { leader: LEADER.sub });
    await command(bearing, "route", COORDINATOR, { kind: "transfer", cohandlers: ["sasac"] });
    bearing.lead = "hrss";
  });
  at(bearingDay(1), bearing.key, async () => {
    await command(bearing, "instruct", LEADER, {
      text: "A collective petition about livelihoods: hrss leads with sasac, verifies every worker's contribution record, and reports to me weekly (包案领导批示).",
    });
  });
  at(workday(7), bearing.key, async () => {
    await command(bearing, "acknowledge", handlerOf("hrss"));
  });
  at(workday(14), bearing.key, async () => {
    await command(bearing, "note", handlerOf("sasac"), {
      text: "sasac: the restructuring plan of 2004 set aside a fund for social insurance arrears; balance confirmed with the finance bureau.",
    });
  });
  at(workday(20), bearing.key, async () => {
    await command(bearing, "pause", handlerOf("hrss"), {
      clock: "handle",
      reason: "hearing",
      note: "Public hearing with deputies, lawyers and worker representatives.",
    });
  });
  at(workday(23), bearing.key, async () => {
    await command(bearing, "hearing", headOf("hrss"), {
      at: new Date(script.slotTime(workday(22)).getTime() + 5.5 * HOUR_MS).toISOString(),
      participants: [
        "county People's Congress deputies (3)",
        "CPPCC members (2)",
        "lawyers of the county legal aid centre (2)",
        "worker representatives (5)",
        "hrss",
        "sasac",
      ],
      outcome:
        "Contribution gaps of 2004–2009 to be made up from the restructuring fund; medical insurance restored from next month.",
    });
    await command(bearing, "resume", handlerOf("hrss"), { clock: "handle" });
  });
  at(workday(30), bearing.key, async () => {
    await command(bearing, "instruct", LEADER, {
      text: "Carry out the hearing's conclusions before the end of November; no worker is to lose coverage.",
    });
  });
  at(workday(42), bearing.key, async () => {
    await command(bearing, "reply", headOf("hrss"), {
      summary: "Pension contributions made up from the restructuring fund; medical insurance restored",
      text:
        "After the public hearing the county makes up the pension contributions of 2004–2009 for all 32 workers from the restructuring fund, " +
        "and restores their medical insurance from 1 December. Each worker receives a statement of their record.",
    });
  });
  at(workday(44), bearing.key, async () => {
    await command(bearing, "rate", INTAKE, { rating: "satisfied" });
  });
  return bearing;
}
