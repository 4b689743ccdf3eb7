// docs/cost.md, "At a province's scale": what a month of 100,000 petitions costs on AWS and
// which partitions get hot, computed from the figures BENCHMARKS.md holds (read from the
// file each run) and from assumptions stated here, each with its source. `npm run bench --
// cost` (or `npx tsx tests/bench/cost.ts`) rewrites docs/cost.md; a full `npm run bench`
// does it after BENCHMARKS.md. Change an assumption or a price here, never in the doc.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEADLINE_SHARDS, functions, OUTBOX_SHARDS } from "../../shared/resources.js";
import { table } from "./harness.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Input {
  value: number;
  unit: string;
  /** Where it comes from: a section of BENCHMARKS.md, a file, or "assumption". */
  source: string;
  /** Found in BENCHMARKS.md this run (false: the fallback value, say so). */
  measured?: boolean;
}

/**
 * us-east-1 on-demand list prices in USD as the author knew them (late 2025), free tiers
 * left out: list prices to check against the AWS pricing pages before any decision.
 */
const PRICES = {
  dynamoWriteMillion: { value: 0.625, what: "DynamoDB on-demand, per million write request units" },
  dynamoReadMillion: { value: 0.125, what: "DynamoDB on-demand, per million read request units" },
  dynamoStorageGbMonth: { value: 0.25, what: "DynamoDB storage (Standard table class), per GB-month" },
  dynamoPitrGbMonth: { value: 0.2, what: "DynamoDB point-in-time recovery, per GB-month" },
  sqsFifoMillion: { value: 0.5, what: "SQS FIFO, per million requests (64 KB chunks)" },
  sqsStandardMillion: { value: 0.4, what: "SQS standard, per million requests" },
  lambdaRequestMillion: { value: 0.2, what: "Lambda, per million invocations" },
  lambdaArmGbSecond: { value: 0.0000133334, what: "Lambda on Arm (Graviton), per GB-second" },
  httpApiMillion: { value: 1.0, what: "API Gateway HTTP API, per million requests (first 300 million)" },
  kmsKeyMonth: { value: 1.0, what: "KMS, per customer managed key per month" },
  kmsTenThousand: { value: 0.03, what: "KMS, per 10,000 requests (symmetric and HMAC)" },
  logsIngestGb: { value: 0.5, what: "CloudWatch Logs, per GB ingested (Standard)" },
  logsStoreGbMonth: { value: 0.03, what: "CloudWatch Logs, per GB-month stored (compressed)" },
  schedulerMillion: { value: 1.0, what: "EventBridge Scheduler, per million invocations (14 million free)" },
} as const;

/** What BENCHMARKS.md holds, or a stand-in (said so in the doc) when a pattern no longer matches. */
function measured(md: string): Record<string, Input> {
  const section = (n: number) => {
    const start = md.indexOf(`\n## ${n}. `);
    if (start < 0) return "";
    const end = md.indexOf("\n## ", start + 5);
    return md.slice(start, end < 0 ? undefined : end);
  };
  const num = (s: string | undefined) => (s === undefined ? Number.NaN : Number(s.replace(/,/g, "")));
  const s5 = section(5);
  // The **total** row of §5's table, read by column name: [_, transactions, other writes, items
  // written, WCU, of which index, RCU, stats transactions, stats items, stats WCU].
  const totalCell = (column: string) => cellOf(s5, "**total**", column);
  const wcuCell = /\*\*([\d,.]+)\*\* \(([\d,.]+)\)/.exec(totalCell("WCU (of which index)") ?? "");
  const statsCell = /([\d,]+), ([\d,]+), ([\d,.]+)/.exec(totalCell("stats: transactions") ?? "");
  const total = [
    "",
    totalCell("transactions"),
    totalCell("other writes"),
    totalCell("items written"),
    wcuCell?.[1],
    wcuCell?.[2],
    totalCell("RCU"),
    statsCell?.[1],
    statsCell?.[2],
    statsCell?.[3],
  ];
  const stepRows = [
    ...s5.matchAll(/^\| ([^|*][^|]*) \| (\d+) \| (\d+) \| (\d+) \| ([\d,]+) B \| ([\d,]+) B \|/gm),
  ];
  const commands = stepRows.filter((r) => r[1]!.includes("POST")).length;
  const caseBytes = stepRows.length ? num(stepRows[stepRows.length - 1]![5]) : Number.NaN;
  const eventBytes = stepRows.length
    ? stepRows.reduce((sum, r) => sum + num(r[6]), 0) / stepRows.length
    : Number.NaN;
  // One write of the case item a step (one stream record each).
  const caseWrites = stepRows.length || Number.NaN;
  const s3 = section(3);
  // An ordinary read writes nothing; a PutItem appears only if a read ever writes again.
  const apiRead = /GetItem ([\d.]+) \(([\d.]+) RCU\)(?:, PutItem ([\d.]+) \(([\d.]+) WCU\))?/.exec(s3);
  // "items read (RCU) at 1,000 cases": the RCU in brackets of the first such column.
  const rcuInBrackets = (cell: string | undefined) => num(/\(([\d,.]+)\)/.exec(cell ?? "")?.[1]);
  const inboxRcu = rcuInBrackets(cellOf(section(6), "Console: Inbox (GET /console)", "items read (RCU)"));
  const pageRcu = rcuInBrackets(
    cellOf(section(6), "Console: case page (GET /console/cases/{id})", "items read (RCU)"),
  );
  const statsRcu = num(cellOf(section(7), "a year × all agencies, by category", "RCU"));

  const pick = (value: number, fallback: number, unit: string, source: string): Input =>
    Number.isFinite(value)
      ? { value, unit, source, measured: true }
      : {
          value: fallback,
          unit,
          source: `${source} — not found this run, the 2026-11-29 figure`,
          measured: false,
        };
  return {
    lifecycleWcu: pick(num(total?.[4]), 76, "WCU", "§5 Write units per lifecycle, **total** (table + index)"),
    lifecycleIndexWcu: pick(num(total?.[5]), 28, "WCU", "§5, the total's index part"),
    lifecycleRcu: pick(num(total?.[6]), 17, "RCU", "§5, the total's RCU (the handlers' own reads)"),
    lifecycleTransactions: pick(num(total?.[1]), 7, "transactions", "§5, the total's transactions"),
    lifecycleItems: pick(num(total?.[3]), 19, "items written", "§5, the total's items written"),
    statsTransactions: pick(num(total?.[7]), 5, "transactions", "§5, stats column: transactions"),
    statsItems: pick(
      num(total?.[8]),
      46,
      "items",
      "§5, stats column: items (2 WCU each on AWS: transactional, ≤ 1 KB)",
    ),
    commands: pick(commands || Number.NaN, 4, "API calls", "§5, the steps that are POST calls"),
    caseWrites: pick(
      caseWrites,
      6,
      "writes",
      "§5, one write of the case item a step (one stream record each)",
    ),
    caseBytes: pick(caseBytes, 1_775, "B", "§5, the case item after the last step"),
    eventBytes: pick(eventBytes, 472, "B", "§5, event items, mean of the steps"),
    readRcu: pick(num(apiRead?.[2]), 1, "RCU", "§3, DynamoDB calls per GET /v1/cases/{id}: GetItem"),
    readWcu: pick(
      apiRead ? num(apiRead[4] ?? "0") : Number.NaN,
      0,
      "WCU",
      "§3, DynamoDB calls per GET /v1/cases/{id}: PutItem (none: an ordinary read writes nothing)",
    ),
    inboxRcu: pick(
      inboxRcu,
      62.5,
      "RCU",
      "§6, read units of the console's Inbox (one page of 50, the newest 100 notifications)",
    ),
    casePageRcu: pick(pageRcu, 55, "RCU", "§6, read units of a console case page"),
    statsQuestionRcu: pick(statsRcu, 6.5, "RCU", "§7, a year × all agencies by category"),
  };
}

/** The cell of the row whose first cell is `row`, in the first column whose header starts with `column`. */
function cellOf(text: string, row: string, column: string): string | undefined {
  const cells = (line: string) =>
    line
      .slice(2, -2)
      .split(" | ")
      .map((c) => c.trim());
  const lines = text.split("\n").filter((l) => l.startsWith("| ") && l.endsWith(" |"));
  for (const [i, line] of lines.entries()) {
    const at = cells(line).findIndex((c) => c.startsWith(column));
    if (at < 0 || lines[i + 1]?.startsWith("| ---") !== true) continue;
    for (const r of lines.slice(i + 2)) {
      if (r.startsWith("| ---")) break;
      const c = cells(r);
      if (c[0] === row) return c[at];
    }
  }
  return undefined;
}

/** Not measured by the bench: stated so they can be argued with. */
const ASSUMED = {
  petitions: { value: 100_000, unit: "petitions a month", source: "the question (issue 12)" },
  workingDays: { value: 22, unit: "days a month", source: "assumption" },
  workingHours: { value: 9, unit: "hours a day", source: "assumption: petitions come in office hours" },
  peakFactor: {
    value: 10,
    unit: "× the office-hours mean",
    source: "assumption: a morning rush or a mass petition on one matter",
  },
  busiestAgencyShare: {
    value: 0.4,
    unit: "of all cases",
    source: "assumption: one agency (e.g. human resources and social security) gets 40 %",
  },
  caseReads: { value: 10, unit: "GET /v1/cases/{id} per case", source: "assumption" },
  casePages: { value: 10, unit: "console case pages per case", source: "assumption" },
  inboxPages: { value: 10, unit: "Inbox pages per case", source: "assumption (officers reload their Inbox)" },
  statsQuestions: { value: 20_000, unit: "GET /v1/stats a month", source: "assumption" },
  notifications: {
    value: 2,
    unit: "notification messages per case",
    source: "the console bench (§6): each case routed leaves two notifications; §5 does not count them apart",
  },
  handoffs: { value: 1, unit: "handoff messages per case", source: "§5: one route → one handoff" },
  idempotentCommands: {
    value: 3,
    unit: "commands with an Idempotency-Key, besides registration",
    source:
      "assumption: route, acknowledge and reply carry one (shared/adapters/kms-keys.ts: a GenerateMac each)",
  },
  apiMs: {
    value: 80,
    unit: "ms billed per api/console invocation",
    source: "assumption (KMS and DynamoDB round trips)",
  },
  workerMs: { value: 100, unit: "ms billed per router/notifier/stats invocation", source: "assumption" },
  scheduledMs: { value: 300, unit: "ms billed per scheduled run", source: "assumption" },
  logKbPerInvocation: {
    value: 2,
    unit: "KB of logs per invocation",
    source: "assumption: INFO lines of the handlers and Lambda's START/END/REPORT (JSON format)",
  },
  accessLogKb: {
    value: 0.6,
    unit: "KB of access log per API request",
    source: "assumption (infra/http-api.ts access logs)",
  },
  otherItemBytes: {
    value: 400,
    unit: "B per other item (access, outbox, notification)",
    source: "assumption",
  },
  retentionMonths: {
    value: 12,
    unit: "months of cases held",
    source: "assumption: the storage after a year",
  },
  idlePollsPerQueue: {
    value: 648_000,
    unit: "ReceiveMessage a month per queue, idle",
    source: "assumption: Lambda's SQS pollers (about 5) long-polling 20 s around the clock",
  },
  webhookDecrypts: {
    value: 1,
    unit: "KMS Decrypt per notification",
    source:
      "assumption: the notifier opens the agency's sealed webhook secret for each delivery (shared/adapters/kms-keys.ts)",
  },
  kmsKeys: {
    value: 5,
    unit: "customer managed keys",
    source: "infra/keys.ts: petitioner, idempotency and console HMAC keys, webhook and table keys",
  },
} satisfies Record<string, Input>;

const usd = (x: number) => (x >= 100 ? `$${x.toFixed(0)}` : x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(3)}`);
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const num = (x: number, digits = 1) => x.toLocaleString("en-US", { maximumFractionDigits: digits });

export function costReport(md: string, benchmarksPath = "BENCHMARKS.md"): string {
  const m = measured(md);
  const a = ASSUMED;
  const P = a.petitions.value;
  const fn = (id: string) => functions.find((f) => f.id === id)!;
  const minutesAMonth = 30 * 24 * 60;

  // ---- volumes a month ----
  const writeUnits = P * m.lifecycleWcu!.value;
  const statsWriteUnits = P * m.statsItems!.value * 2;
  const pageViews = P * (a.casePages.value + a.inboxPages.value);
  const readWriteUnits = P * a.caseReads.value * m.readWcu!.value;
  const readUnits =
    P *
      (m.lifecycleRcu!.value +
        a.caseReads.value * m.readRcu!.value +
        a.casePages.value * m.casePageRcu!.value +
        a.inboxPages.value * m.inboxRcu!.value) +
    a.statsQuestions.value * m.statsQuestionRcu!.value +
    // the statistics' marks: one GetItem per state counted (shared/resources.ts, tableAccess.stats)
    P * m.statsTransactions!.value * 0.5;
  const otherItems = Math.max(
    0,
    m.lifecycleItems!.value - m.caseWrites!.value - m.lifecycleTransactions!.value,
  );
  const bytesPerCase =
    m.caseBytes!.value +
    m.lifecycleTransactions!.value * m.eventBytes!.value +
    otherItems * a.otherItemBytes.value +
    (1 + m.lifecycleTransactions!.value + otherItems) * 100 +
    // index entries (keys only, 100 B of overhead each): deadline, agency, petitioner, clocks
    4 * 200;
  const storedGb = (P * a.retentionMonths.value * bytesPerCase) / 1e9;

  const apiCalls = P * (m.commands!.value + a.caseReads.value) + a.statsQuestions.value;
  const consoleCalls = pageViews;
  const httpRequests = apiCalls + consoleCalls;
  const sqsFifo = P * a.handoffs.value * 3 + a.idlePollsPerQueue.value;
  const sqsStandard = P * a.notifications.value * 3 + a.idlePollsPerQueue.value;
  const scheduled = ["sweeper", "relay", "agenda", "watch"].map((id) => ({
    id,
    runs: minutesAMonth / fn(id).scheduleMinutes!,
    mb: fn(id).memoryMb,
  }));
  const invocations = [
    { id: "api", n: apiCalls, ms: a.apiMs.value, mb: fn("api").memoryMb },
    { id: "console", n: consoleCalls, ms: a.apiMs.value, mb: fn("console").memoryMb },
    { id: "router", n: P * a.handoffs.value, ms: a.workerMs.value, mb: fn("router").memoryMb },
    { id: "notifier", n: P * a.notifications.value, ms: a.workerMs.value, mb: fn("notifier").memoryMb },
    // at this rate a stream batch holds about one record: one invocation per case-item write
    { id: "stats", n: P * m.caseWrites!.value, ms: a.workerMs.value, mb: fn("stats").memoryMb },
    ...scheduled.map((s) => ({ id: s.id, n: s.runs, ms: a.scheduledMs.value, mb: s.mb })),
  ];
  const lambdaRequests = invocations.reduce((s, i) => s + i.n, 0);
  const gbSeconds = invocations.reduce((s, i) => s + (i.n * i.ms * i.mb) / 1000 / 1024, 0);
  const kmsRequests = P * (2 + a.idempotentCommands.value + a.notifications.value * a.webhookDecrypts.value);
  const logGb = (lambdaRequests * a.logKbPerInvocation.value + httpRequests * a.accessLogKb.value) / 1e6;
  const schedulerRuns = scheduled.reduce((s, x) => s + x.runs, 0);

  const lines: [string, string, number][] = [
    [
      "DynamoDB writes, command path",
      `${int(writeUnits)} WRU (${int(P)} × ${num(m.lifecycleWcu!.value)})`,
      (writeUnits / 1e6) * PRICES.dynamoWriteMillion.value,
    ],
    [
      "DynamoDB writes, statistics (stats function)",
      `${int(statsWriteUnits)} WRU (${int(P)} × ${num(m.statsItems!.value)} items × 2)`,
      (statsWriteUnits / 1e6) * PRICES.dynamoWriteMillion.value,
    ],
    [
      "DynamoDB writes by reads of a case (§3: none for an ordinary read; a reveal of the identity writes its access record, not counted)",
      `${int(readWriteUnits)} WRU`,
      (readWriteUnits / 1e6) * PRICES.dynamoWriteMillion.value,
    ],
    ["DynamoDB reads", `${int(readUnits)} RRU`, (readUnits / 1e6) * PRICES.dynamoReadMillion.value],
    [
      `DynamoDB storage + PITR after ${a.retentionMonths.value} months`,
      `${num(storedGb, 2)} GB (${int(bytesPerCase)} B a case)`,
      storedGb * (PRICES.dynamoStorageGbMonth.value + PRICES.dynamoPitrGbMonth.value),
    ],
    [
      "SQS FIFO (handoffs)",
      `${int(sqsFifo)} requests (send, receive, delete; idle polling)`,
      (sqsFifo / 1e6) * PRICES.sqsFifoMillion.value,
    ],
    [
      "SQS standard (notifications)",
      `${int(sqsStandard)} requests`,
      (sqsStandard / 1e6) * PRICES.sqsStandardMillion.value,
    ],
    [
      "Lambda invocations",
      `${int(lambdaRequests)}`,
      (lambdaRequests / 1e6) * PRICES.lambdaRequestMillion.value,
    ],
    ["Lambda compute (Arm)", `${int(gbSeconds)} GB-s`, gbSeconds * PRICES.lambdaArmGbSecond.value],
    [
      "API Gateway HTTP API",
      `${int(httpRequests)} requests (API ${int(apiCalls)}, console ${int(consoleCalls)})`,
      (httpRequests / 1e6) * PRICES.httpApiMillion.value,
    ],
    [
      "KMS",
      `${int(kmsRequests)} requests + ${a.kmsKeys.value} keys`,
      (kmsRequests / 1e4) * PRICES.kmsTenThousand.value + a.kmsKeys.value * PRICES.kmsKeyMonth.value,
    ],
    [
      "CloudWatch Logs (ingest, one month kept)",
      `${num(logGb, 2)} GB`,
      logGb * (PRICES.logsIngestGb.value + PRICES.logsStoreGbMonth.value),
    ],
    ["EventBridge Scheduler", `${int(schedulerRuns)} runs (within the free 14 million)`, 0],
  ];
  const totalUsd = lines.reduce((s, [, , c]) => s + c, 0);

  // ---- rates at the peak ----
  const officeSeconds = a.workingDays.value * a.workingHours.value * 3600;
  const meanRate = P / officeSeconds;
  const peak = meanRate * a.peakFactor.value;
  const perCaseItems = m.statsItems!.value / m.statsTransactions!.value;
  const statsTx = peak * m.statsTransactions!.value;
  const monthPartitionWcu = statsTx * (perCaseItems - 1) * 2;
  const busiest = peak * a.busiestAgencyShare.value;
  const hot = table(
    ["partition (key)", "what writes it", "at the peak", "limit", "share"],
    [
      [
        "one agency's list: `AGENCY#<agency>` on byAgency (keys.ts `agencyIndexKey`)",
        "an access item per case and agency involved (`involvementKeys`): one index entry when the agency joins",
        `${num(busiest, 2)} cases/s → ${num(busiest, 2)} index WCU/s`,
        "1,000 WCU/s per partition",
        `${num((busiest / 1000) * 100, 3)} %`,
      ],
      [
        `deadline index: \`DUE#0…${DEADLINE_SHARDS - 1}\` (resources.ts \`DEADLINE_SHARDS\` = ${DEADLINE_SHARDS}), and \`CLOCKS#<n>\` on byAgency`,
        `a case's entry moves when its next action time does; at most all of §5's ${num(m.lifecycleIndexWcu!.value)} index WCU per case, spread by FNV hash of the case id`,
        `≤ ${num((peak * m.lifecycleIndexWcu!.value) / DEADLINE_SHARDS, 1)} WCU/s a shard`,
        "1,000 WCU/s",
        `≤ ${num((peak * m.lifecycleIndexWcu!.value) / DEADLINE_SHARDS / 10, 2)} %`,
      ],
      [
        `outbox index: \`OUTBOX#0…${OUTBOX_SHARDS - 1}\` (\`OUTBOX_SHARDS\` = ${OUTBOX_SHARDS})`,
        `each outbox entry enters and leaves: ${a.handoffs.value + a.notifications.value} entries a case, 2 index writes each`,
        `${num((peak * (a.handoffs.value + a.notifications.value) * 2) / OUTBOX_SHARDS, 2)} WCU/s a shard`,
        "1,000 WCU/s",
        `${num((peak * (a.handoffs.value + a.notifications.value) * 2) / OUTBOX_SHARDS / 10, 3)} %`,
      ],
      [
        "the month's counters: `STATS#<month>` (keys.ts `statsPartition`), its `ALL` item above all",
        `every case state counted: one transaction (§5: ${num(m.statsTransactions!.value)} a case, ${num(perCaseItems)} items each: the mark in the case's partition and the counters), each counter +1 by ADD`,
        `${num(statsTx, 1)} updates/s of the \`ALL\` item (${num(statsTx * 2, 1)} WCU/s, transactional); ≤ ${num(monthPartitionWcu, 0)} WCU/s for the partition if every counter were in it`,
        "1,000 WCU/s per partition (an item lives in one)",
        `${num((monthPartitionWcu / 1000) * 100, 1)} % (upper bound)`,
      ],
      [
        "the gauges: `STATS#NOW`",
        "the same transactions, for open and overdue cases",
        `≤ ${num(statsTx, 1)} updates/s an item`,
        "1,000 WCU/s",
        `${num(((statsTx * 2) / 1000) * 100, 2)} %`,
      ],
      [
        "an agency's notifications: `NOTIFY#<agency>` (keys.ts `notificationPartition`)",
        "one notification per case to the agency it goes to (§5), marked read later",
        `${num(busiest * a.notifications.value * 2, 2)} WCU/s`,
        "1,000 WCU/s",
        `${num(((busiest * a.notifications.value * 2) / 1000) * 100, 3)} %`,
      ],
      [
        "the jurisdiction's trail: `JURISDICTION` (HEAD and EVENT#…)",
        "only a coordinator's change of the rules, calendar or thresholds (keys.ts); no case writes it",
        "a few writes a day",
        "1,000 WCU/s",
        "≈ 0",
      ],
      [
        "the oversight and agenda lists: `ESCALATION#L1…`, `AGENDA#pending` on byAgency",
        "a case that escalates or waits for a joint meeting (keys.ts); one key for the whole province",
        `< ${num(peak * 2, 1)} WCU/s even if every case entered and left one`,
        "1,000 WCU/s",
        `< ${num(((peak * 2) / 1000) * 100, 2)} %`,
      ],
    ],
  );

  const inputs = table(
    ["input", "value", "source"],
    [
      ...Object.entries(m).map(([k, v]) => [k, `${num(v.value, 2)} ${v.unit}`, v.source]),
      ...Object.entries(a).map(([k, v]) => [k, `${num(v.value, 2)} ${v.unit}`, v.source]),
    ],
  );
  const prices = table(
    ["price", "USD"],
    Object.values(PRICES).map((p) => [p.what, String(p.value)]),
  );
  const bill = table(
    ["item", "a month", "USD"],
    [...lines.map(([what, qty, c]) => [what, qty, usd(c)]), ["**total**", "", `**${usd(totalUsd)}**`]],
  );
  const perPetition = totalUsd / P;
  const notFound = Object.values(m).filter((v) => !v.measured).length;

  return `# At a province's scale

_Generated by \`tests/bench/cost.ts\` (\`npm run bench -- cost\`) from ${benchmarksPath} and the assumptions in that script. Do not edit the tables here: change the script, or re-run the bench, and run it again._${notFound ? `\n\n**${notFound} input(s) were not found in ${benchmarksPath} this run; stand-in values are used (see the sources below).**` : ""}

What one month of **${int(P)} petitions** costs on AWS, and which partitions of the one table (shared/adapters/dynamo/keys.ts) take the load.

## Headline

- **About ${usd(totalUsd)} a month, ${usd(perPetition * 1000)} per thousand petitions**, on us-east-1 list prices, free tiers left out.
- The largest lines: ${[...lines]
    .sort((x, y) => y[2] - x[2])
    .slice(0, 3)
    .map(([what, , c]) => `${what} (${usd(c)})`)
    .join(", ")}.
- At a peak of ${num(peak, 2)} petitions a second (${a.peakFactor.value} × the office-hours mean of ${num(meanRate, 3)}/s), the hottest partition is the month's statistics counters, at most ${num((monthPartitionWcu / 1000) * 100, 1)} % of a partition's 1,000 WCU/s; the busiest agency's list takes ${num((busiest / 1000) * 100, 3)} %.

## The bill

${bill}

What is counted: the standard lifecycle of §5 (register, route, handoff, acknowledge, reply, closed by the sweep) for every petition, its statistics, and the reads assumed below; the scheduled functions (shared/resources.ts: sweeper every ${fn("sweeper").scheduleMinutes} min, relay every ${fn("relay").scheduleMinutes} min, agenda every ${fn("agenda").scheduleMinutes} min, watch daily). Not counted: Cognito (a few hundred officers), X-Ray (tracing is active in infra/stack.ts; sampled, a few dollars), data transfer out, the DynamoDB Streams reads (free for Lambda triggers), CloudWatch alarms, and the free tiers (Lambda's 400,000 GB-s and million requests a month, SQS's million requests, DynamoDB's 25 GB).

## Inputs

The measured inputs are read from ${benchmarksPath} on every run (section numbers are its own); the rest are assumptions, to be argued with.

${inputs}

## Prices

us-east-1, on-demand, USD, **list prices as the author knew them (late 2025): check them against the AWS pricing pages** before quoting. ap-east-1 (Hong Kong) lists most of these 10–30 % higher; the China regions (cn-north-1, operated by Sinnet) price in CNY on their own list, not derived from these.

${prices}

## Hot partitions and why the key design holds

Rates at the peak: ${int(P)} petitions a month over ${a.workingDays.value} days of ${a.workingHours.value} office hours is ${num(meanRate, 3)} a second; ${a.peakFactor.value} × that is **${num(peak, 2)} a second**, and every step of a lifecycle is taken to happen at that rate at once (an upper bound: the steps of one case are days apart). The whole table then takes about ${int(peak * (m.lifecycleWcu!.value + m.statsItems!.value * 2))} WCU/s, which on-demand capacity absorbs (AWS documents 4,000 writes/s for a new on-demand table before it has scaled). The limit that matters is per partition: 1,000 WCU/s (and 3,000 RCU/s) for one partition key value, whatever the table's capacity; DynamoDB publishes no per-item limit below it (an item lives in one partition). It holds for an index as for the table, and a throttled index partition throttles the table writes that feed it.

${hot}

- **Cases**: every case is its own partition (\`CASE#<id>\`: the case, its events, outbox, access items and its statistics mark), so the table's load spreads by case; the one index that groups all cases by time, the deadline index, is sharded ${DEADLINE_SHARDS} ways by an FNV-1a hash of the case id (keys.ts \`dueIndexKeys\`), and the sweeper reads the shards one page at a time (§1: the items it reads follow the cases due, not the cases held, at 50,000 and 100,000 cases).
- **Agencies**: \`byAgency\` has one partition per agency (\`AGENCY#<agency>\`, keys.ts \`involvementKeys\`): one index write per case and agency when the agency joins, so the busiest agency (${num(a.busiestAgencyShare.value * 100, 0)} % of the cases, ${int(P * a.busiestAgencyShare.value)} a month) takes ${num((P * a.busiestAgencyShare.value) / (30 * 86_400), 3)} WCU/s on average and ${num(busiest, 2)} at the peak, and even an agency with every case would take ${num(peak, 2)}: three orders of magnitude under the 1,000. An Inbox reads one page of that partition (§6), whatever its length.
- **Outbox**: \`OUTBOX#<n>\`, ${OUTBOX_SHARDS} shards by entry (\`OUTBOX_SHARDS\`), written twice per entry (pending, then settled); the relay reads each shard every minute.
- **Statistics**: the stats function (functions/stats.ts, fed by the table's stream in batches of ${fn("stats").tableStream?.batchSize}) adds to the counters of the month (\`STATS#<month>\`: \`ALL\`, one item per dimension value, one per full cell), the day's, and the gauges (\`STATS#NOW\`), in one transaction per case state, ${num(perCaseItems)} items on average (§5). Every transaction updates the month's \`ALL\` item: at the peak ${num(statsTx, 1)} updates a second, ${num(statsTx * 2, 1)} WCU/s, far below the 1,000 WCU/s of the partition the item lives in. The risk at that item is not capacity but transaction conflicts: two transactions on one item at once fail one of them (TransactionConflict), and the stream record is retried (partial batch failures, functions/stats.ts). The event source mapping runs one batch at a time per stream shard (infra/stack.ts: \`parallelizationFactor: 1\`), but a batch's records are counted concurrently (Powertools' \`processPartialResponse\` with a \`BatchProcessor\`, functions/stats.ts), so conflicts come when a batch holds many records: after a backlog (up to ${fn("stats").tableStream?.batchSize} a batch), not at ${num(statsTx, 1)} states a second, when the stream is polled several times a second and a batch holds one or two. A conflicted record is reported failed and counted again from its sequence number; the marks make that safe, and it costs one more transaction.
- **Notifications**: \`NOTIFY#<agency>\` and \`NOTIFY#USER#<user>\`, one partition per recipient; an agency's rate is its share of cases.
- **Jurisdiction trail**: \`JURISDICTION\` is one partition for the whole jurisdiction, but only a coordinator's changes write it; reads go through a cache (shared/app/jurisdiction-cache.ts).
- **SQS**: the handoffs queue is FIFO in high-throughput mode with one message group per case (shared/adapters/sqs-queue.ts: \`MessageGroupId: e.caseId\`; infra/stack.ts: \`FifoThroughputLimit.PER_MESSAGE_GROUP_ID\`), so ordering is per case and the queue's throughput is not one group's ${num(peak, 2)}/s.
`;
}

export function writeCostDoc(repoRoot = REPO_ROOT): string {
  const md = readFileSync(`${repoRoot}BENCHMARKS.md`, "utf8");
  const out = `${repoRoot}docs/cost.md`;
  writeFileSync(out, costReport(md));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`${writeCostDoc()} written`);
}
