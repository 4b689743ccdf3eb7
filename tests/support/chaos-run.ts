// The chaos run (tests only): N cases walk their lifecycle — register, route, the handoff
// applied by the router, acknowledge, reply, and variants (decline, an extension, an
// objection and its dispute, a review, a re-review, a rating) — through the real API,
// router, notifier, relay, sweeper and stats function, while tests/support/chaos-middleware.ts
// injects faults into their AWS clients and consumers. Then, faults off, the system is left to
// settle (the relay, the queues, dead letters redriven as an operator would), and the store
// is checked case by case. `npm run chaos` runs 1,000 cases; tests/integration/chaos.test.ts
// 40 cases. Everything random is drawn from the seed.
import { DynamoDBClient, QueryCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { createHandler as createNotifier } from "../../functions/notifier.js";
import { createHandler as createRouter } from "../../functions/router.js";
import { QueuePoller } from "../../infra/local/poller.js";
import { dynamoStore, type DynamoStore } from "../../shared/adapters/dynamo/store.js";
import { SqsMessageQueue } from "../../shared/adapters/sqs-queue.js";
import type { Identity } from "../../shared/domain/access.js";
import { verifyChain } from "../../shared/domain/audit.js";
import { activeClock } from "../../shared/domain/clocks.js";
import { MAX_EXTENSION_DAYS } from "../../shared/domain/handling-effects.js";
import { NOTICE_FOR_EVENT, noticeId } from "../../shared/domain/notices.js";
import { TERMINAL_STATUSES } from "../../shared/domain/lifecycle.js";
import type { Case, CaseClock, CaseEvent, ClockName, Notification } from "../../shared/domain/model.js";
import { nextActionAt } from "../../shared/domain/sweep.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../shared/durations.js";
import { OUTBOX_SHARDS } from "../../shared/resources.js";
import { type Chaos, FAULT_KINDS, seededRandom, type FaultRates } from "./chaos-middleware.js";
import { inputs } from "./lifecycle-model.js";
import { openTestStack, type TestStack } from "./local-stack.js";
import { coordinator, intake, registration, who } from "./people.js";
import { eventCounterMismatches, recountMismatches } from "./stats-recount.js";

export const VARIANTS = ["happy", "decline", "extension", "dispute", "review", "re-review"] as const;
export type Variant = (typeof VARIANTS)[number];

/** Categories with a routing rule (the bureau need not name an agency), and the channels. */
const CATEGORIES = [
  "labor-social-security",
  "land-acquisition",
  "housing-demolition",
  "soe-restructuring",
  "environment",
  "public-security",
  "health",
];
const CHANNELS = ["letter", "visit", "phone", "online"];
const REGIONS = ["chengguan", "xiangshan", "industrial-park"];
/** Where a coordinator sends a disputed case: the first of these that did not object. */
const DISPUTE_TARGETS = ["natres", "housing", "hrss", "sasac"];

export interface ChaosOptions {
  seed: number;
  cases: number;
  /** Cases worked at once within a wave (default 8). */
  concurrency?: number;
  rates?: FaultRates;
  /** Waves of commands with faults on, at most (default 60). */
  maxWaves?: number;
  log?: (line: string) => void;
}

interface Plan {
  index: number;
  variant: Variant;
  kind: "transfer" | "assign";
  body: ReturnType<typeof registration>;
  rate: boolean;
  drawn: Record<string, any>;
}

interface Walk {
  plan: Plan;
  id?: string;
  done: boolean;
  /** Commands answered 2xx, by name: each must have left exactly one event of its kind. */
  succeeded: Map<string, number>;
}

export interface CheckResult {
  name: string;
  checked: number;
  failures: string[];
}

export interface ChaosReport {
  seed: number;
  cases: number;
  registered: number;
  variants: Record<string, number>;
  statuses: Record<string, number>;
  waves: number;
  unfinished: number;
  answers: Record<string, number>;
  faults: Record<string, number>;
  faultTotal: number;
  settleRounds: number;
  deadLettersRedriven: number;
  events: number;
  handoffs: number;
  notifications: number;
  checks: CheckResult[];
  ms: { run: number; settle: number; check: number };
}

/** The seed from CHAOS_SEED (or `--seed N`), else a fresh one: printed either way, so any run replays. */
export function chaosSeed(argv: readonly string[] = process.argv, env = process.env): number {
  const flag = argv.indexOf("--seed");
  const given = flag >= 0 ? argv[flag + 1] : env.CHAOS_SEED;
  if (given !== undefined && given !== "") {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      throw new Error(`The seed must be an integer 0…2^32-1, not "${given}".`);
    return n;
  }
  return Math.floor(Math.random() * 0xffffffff);
}

/** The cases' plans, from the seed alone. */
export function plans(seed: number, count: number): Plan[] {
  const random = seededRandom(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const base = registration();
    return {
      index,
      variant: pick(VARIANTS),
      kind: random() < 0.5 ? "transfer" : "assign",
      rate: random() < 0.4,
      body: {
        ...base,
        channel: pick(CHANNELS),
        category: pick(CATEGORIES),
        region: pick(REGIONS),
        headcount: 1 + Math.floor(random() * 60),
        // A petitioner of its own: with one ID number for all, each would be the others' repeat.
        petitioner: {
          ...base.petitioner,
          idNumber: `41010219${String(seed % 1000).padStart(3, "0")}${String(index).padStart(6, "0")}X`,
        },
      },
      // The model-based test's inputs for every command, drawn for this case.
      drawn: fc.sample(fc.record(inputs), { seed: (seed + index * 7919) | 0, numRuns: 1 })[0] as Record<
        string,
        any
      >,
    };
  });
}

type Next = { command: string; input: unknown; as: Identity } | "wait" | "done";

const windowOpen = (c: Case, name: ClockName, now: Date) => {
  const k = activeClock(c, name);
  return k !== undefined && k.state === "running" && Date.parse(k.dueAt) > now.getTime() + HOUR_MS;
};

/** The case's next command by its plan and where it stands now; "wait" while the router has it. */
export function nextCommand(p: Plan, c: Case, now: Date): Next {
  const handler = (agency: string | undefined) => who(agency ?? "bureau", "handler");
  const d = p.drawn;
  // Only a written reply is rated (a declined case is not).
  const rateOr = (): Next =>
    p.rate && !c.rating && c.outcome?.kind === "replied"
      ? { command: "rate", input: d.rate, as: intake }
      : "done";
  switch (c.status) {
    case "registered":
      return { command: "route", input: { kind: p.kind }, as: intake };
    case "routing":
      return "wait";
    case "transferred":
    case "assigned":
      if (p.variant === "dispute" && !c.objections?.length && windowOpen(c, "object", now))
        return { command: "object", input: d.object, as: handler(c.leadAgency) };
      if (p.variant === "decline") return { command: "decline", input: d.decline, as: handler(c.leadAgency) };
      return { command: "acknowledge", input: {}, as: handler(c.leadAgency) };
    case "disputed":
      return {
        command: "resolve-dispute",
        input: { to: DISPUTE_TARGETS.find((a) => a !== c.objection?.by && a !== c.respondent?.agency) },
        as: coordinator,
      };
    case "accepted":
      if (p.variant === "extension" && !c.extension)
        return {
          command: "request-extension",
          input: {
            ...d["request-extension"],
            days: Math.min(MAX_EXTENSION_DAYS, d["request-extension"].days),
          },
          as: handler(c.leadAgency),
        };
      if (p.variant === "extension" && !c.extension?.decision)
        return {
          command: "approve-extension",
          input: d["approve-extension"],
          as: who(c.leadAgency!, "agency_head"),
        };
      return { command: "reply", input: d.reply, as: handler(c.leadAgency) };
    case "replied":
      if ((p.variant === "review" || p.variant === "re-review") && windowOpen(c, "review_window", now))
        return { command: "request-review", input: d["request-review"], as: intake };
      return rateOr();
    case "review_requested":
      return { command: "review-opinion", input: d["review-opinion"], as: handler(c.reviewer) };
    case "reviewed":
      if (p.variant === "re-review" && windowOpen(c, "re_review_window", now))
        return { command: "request-re-review", input: d["request-re-review"], as: intake };
      return rateOr();
    case "re_review_requested":
      return { command: "re-review-opinion", input: d["re-review-opinion"], as: handler(c.reReviewer) };
    default:
      return rateOr();
  }
}

/** The event each driven command leaves, once per success. */
const EVENT_OF: Record<string, string[]> = {
  route: ["route_requested"],
  acknowledge: ["acknowledged"],
  decline: ["declined"],
  object: ["objected"],
  "resolve-dispute": ["dispute_resolved"],
  "request-extension": ["extension_requested"],
  "approve-extension": ["extension_approved", "extension_refused"],
  reply: ["replied"],
  "request-review": ["review_requested"],
  "review-opinion": ["review_opinion_given"],
  "request-re-review": ["re_review_requested"],
  "re-review-opinion": ["re_review_opinion_given"],
  rate: ["rated"],
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function tally(into: Record<string, number>, key: string, n = 1) {
  into[key] = (into[key] ?? 0) + n;
}

/** Runs the chaos on an open stack; the report. The stack is left open (the caller stops it). */
export async function runChaos(stack: TestStack, chaos: Chaos, options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 8;
  const maxWaves = options.maxWaves ?? 60;
  const { deps, clock, sqs, queues } = stack;
  const tableName = deps.settings.TABLE_NAME;

  // The product's clients, faulted: the store's DynamoDB client, and the SQS client every send
  // (API, router, sweeper, relay) and every receive and delete (router, notifier) goes through.
  chaos.attachDynamo((deps.store as DynamoStore).db);
  chaos.attachSqs(sqs);
  deps.queue = new SqsMessageQueue(sqs, { handoffs: queues.handoffs, notifications: queues.notifications });
  const router = new QueuePoller(sqs, queues.handoffs, "router", chaos.dyingConsumer(createRouter(deps)));
  const notifier = new QueuePoller(
    sqs,
    queues.notifications,
    "notifier",
    chaos.dyingConsumer(createNotifier(deps)),
  );
  // The driver's and the checks' reads: a client of their own, never faulted.
  const clean = new DynamoDBClient({
    endpoint: deps.settings.DYNAMODB_ENDPOINT,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const reader = dynamoStore(clean, tableName, (c) => nextActionAt(c, deps.policy));

  const answers: Record<string, number> = {};
  const walks: Walk[] = plans(options.seed, options.cases).map((plan) => ({
    plan,
    done: false,
    succeeded: new Map(),
  }));

  const quietly = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      tally(answers, `${what} failed`);
      deps.logger.debug("chaos: schedule failed", { what, error: (err as Error).message });
    }
  };
  const spent = { router: 0, notifier: 0, stats: 0, notices: 0 };
  const timed = async (what: keyof typeof spent, work: () => Promise<void>) => {
    const t = performance.now();
    await quietly(`${what} drain`, work);
    spent[what] += performance.now() - t;
  };
  const drain = async () => {
    for (let round = 0; round < 3; round++) {
      await timed("router", () => router.drain());
      await timed("notifier", () => notifier.drain());
    }
    await timed("stats", () => stack.stats.drain());
    await timed("notices", () => stack.notices.drain());
  };
  const relay = async () => {
    if (chaos.roll(chaos.rates.relayTwice, "relay ran twice at once"))
      await Promise.all([quietly("relay", stack.relay), quietly("relay", stack.relay)]);
    else await quietly("relay", stack.relay);
  };

  const step = async (w: Walk) => {
    if (!w.id) {
      const res = await stack.call("POST", "/v1/cases", intake, w.plan.body, {
        "idempotency-key": `chaos-case-${w.plan.index}`,
      });
      tally(answers, `register ${res.status}`);
      if (res.status < 300) w.id = ((await res.json()) as { id: string }).id;
      return;
    }
    const c = await reader.getCase(w.id);
    if (!c) throw new Error(`case ${w.id} vanished`);
    const next = nextCommand(w.plan, c, clock.now());
    if (next === "done") {
      w.done = true;
      return;
    }
    if (next === "wait") return;
    const res = await stack.call("POST", `/v1/cases/${w.id}/${next.command}`, next.as, next.input);
    tally(answers, `${res.status}`);
    if (res.status < 300) w.succeeded.set(next.command, (w.succeeded.get(next.command) ?? 0) + 1);
    else if (![409, 412, 500, 503].includes(res.status))
      tally(answers, `unexpected ${next.command} ${res.status}: ${(await res.text()).slice(0, 160)}`);
  };

  const started = performance.now();
  let waves = 0;
  for (; waves < maxWaves; waves++) {
    const active = walks.filter((w) => !w.done);
    if (!active.length) break;
    // Commands race the sweeper and the relay (now and then two relays at once), then the consumers run.
    await Promise.all([
      pool(active, concurrency, (w) =>
        step(w).catch((err: Error) => tally(answers, `driver error: ${err.message}`)),
      ),
      quietly("sweep", stack.sweep),
      relay(),
    ]);
    await drain();
    clock.advance(3 * HOUR_MS);
    if (waves % 5 === 4)
      log(
        `wave ${waves + 1}: ${walks.filter((w) => w.done).length}/${walks.length} cases done, ${chaos.total()} faults so far`,
      );
  }
  // Time passes with faults still on: windows lapse and the sweeper closes, clocks warn.
  for (let i = 0; i < 5; i++) {
    clock.advance(8 * DAY_MS);
    await Promise.all([quietly("sweep", stack.sweep), relay()]);
    await drain();
    log(`  ${8 * (i + 1)} days on: swept and drained`);
  }
  const ran = performance.now();
  log(`faults off after ${waves} waves; settling`);

  // Faults off: the schedules keep running, dead letters are redriven, until nothing is pending.
  chaos.enabled = false;
  let deadLettersRedriven = 0;
  let settleRounds = 0;
  for (; settleRounds < 40; settleRounds++) {
    const t = performance.now();
    const lap = (what: string) => {
      if (settleRounds < 2)
        log(
          `  settle round ${settleRounds + 1}: ${what} at ${((performance.now() - t) / 1000).toFixed(1)} s`,
        );
    };
    deadLettersRedriven += await redriveDeadLetters(stack, settleRounds);
    clock.advance(16 * MINUTE_MS);
    await quietly("relay", stack.relay);
    lap("relayed");
    await quietly("sweep", stack.sweep);
    lap("swept");
    await drain();
    lap(
      `drained (so far: router ${(spent.router / 1000).toFixed(1)} s, notifier ${(spent.notifier / 1000).toFixed(1)} s, stats ${(spent.stats / 1000).toFixed(1)} s, notices ${(spent.notices / 1000).toFixed(1)} s)`,
    );
    const left = await unsettled(stack, reader);
    if (!left) break;
    if (settleRounds % 5 === 4) log(`settling, round ${settleRounds + 1}: ${left}`);
    await sleep(1_100); // past the queues' visibility timeout: what a dead consumer held comes back
  }
  for (let i = 0; i < 5; i++) {
    await stack.stats.drain();
    await stack.notices.drain();
  }
  const settled = performance.now();
  log(`settled in ${settleRounds + 1} rounds; checking`);

  const report = await check(stack, reader, clean, walks);
  clean.destroy();
  const checked = performance.now();
  const statuses: Record<string, number> = {};
  for (const h of report.histories) tally(statuses, h.c.status);
  const variants: Record<string, number> = {};
  for (const w of walks) tally(variants, w.plan.variant);
  return {
    seed: options.seed,
    cases: walks.length,
    registered: walks.filter((w) => w.id).length,
    variants,
    statuses,
    waves,
    unfinished: walks.filter((w) => !w.done).length,
    answers,
    faults: { ...chaos.counts },
    faultTotal: chaos.total(),
    settleRounds: settleRounds + 1,
    deadLettersRedriven,
    events: report.histories.reduce((s, h) => s + h.events.length, 0),
    handoffs: report.handoffs,
    notifications: report.notifications,
    checks: report.checks,
    ms: { run: ran - started, settle: settled - ran, check: checked - settled },
  };
}

/** Dead letters back to their queue, as `npm run redrive` does; a fresh deduplication id, so the FIFO window does not drop them. */
async function redriveDeadLetters(stack: TestStack, round: number): Promise<number> {
  let moved = 0;
  for (const id of ["handoffs", "notifications"] as const) {
    for (;;) {
      const out = await stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.queues.deadLetters[id],
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ["MessageGroupId"],
        }),
      );
      if (!out.Messages?.length) break;
      for (const m of out.Messages) {
        await stack.sqs.send(
          new SendMessageCommand({
            QueueUrl: stack.queues[id],
            MessageBody: m.Body,
            ...(id === "handoffs"
              ? {
                  MessageGroupId: m.Attributes?.MessageGroupId,
                  MessageDeduplicationId: `${m.MessageId}-redrive-${round}`,
                }
              : {}),
          }),
        );
        await stack.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: stack.queues.deadLetters[id],
            ReceiptHandle: m.ReceiptHandle,
          }),
        );
        moved++;
      }
    }
  }
  return moved;
}

/** Undefined when no outbox entry is pending and every queue and dead-letter queue is empty; else what is left. */
async function unsettled(stack: TestStack, reader: DynamoStore): Promise<string | undefined> {
  const far = new Date(stack.clock.now().getTime() + 365 * DAY_MS);
  const pending: string[] = [];
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++)
    for (const p of await reader.pendingOutbox(shard, far, 100))
      pending.push(`${p.entry.queue} ${p.entry.caseId}/${p.entry.id} (attempts ${p.attempts})`);
  if (pending.length) return `${pending.length} outbox entries pending: ${pending.slice(0, 3).join(", ")}`;
  const urls = [
    stack.queues.handoffs,
    stack.queues.notifications,
    stack.queues.deadLetters.handoffs,
    stack.queues.deadLetters.notifications,
  ];
  for (const url of urls) {
    const a = (
      await stack.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      )
    ).Attributes;
    const n =
      Number(a?.ApproximateNumberOfMessages ?? 0) + Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (n > 0) return `${n} messages in ${url.split("/").pop()}`;
  }
  return undefined;
}

interface History {
  c: Case;
  events: CaseEvent[];
  outbox: { id: string; queue: string; body: Record<string, unknown>; settled: boolean }[];
}

/** Test-only verification: every item of one case's partition, by Query (no Scan in product code). */
async function readPartition(
  clean: DynamoDBClient,
  tableName: string,
  id: string,
  reader: DynamoStore,
): Promise<History> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await clean.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `CASE#${id}` } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const c = (await reader.getCase(id))!;
  const plain = items.map((i) => unmarshall(i));
  const events = plain
    .filter((i) => String(i.sk).startsWith("EVENT#"))
    .map(({ pk: _p, sk: _s, ...e }) => e as CaseEvent)
    .sort((a, b) => a.seq - b.seq);
  const outbox = plain
    .filter((i) => String(i.sk).startsWith("OUTBOX#"))
    .map((o) => ({
      id: String(o.id),
      queue: String(o.queue),
      body: JSON.parse(String(o.body)) as Record<string, unknown>,
      settled: o.outboxShard === undefined,
    }));
  return { c, events, outbox };
}

/** Every notification of these recipients' partitions (test-only Query per partition), by case. */
async function notificationsByCase(
  clean: DynamoDBClient,
  tableName: string,
  partitions: Set<string>,
): Promise<Map<string, Notification[]>> {
  const byCase = new Map<string, Notification[]>();
  for (const pk of partitions) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await clean.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: pk } },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const n = unmarshall(item) as Notification;
        byCase.set(n.caseId, [...(byCase.get(n.caseId) ?? []), n]);
      }
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return byCase;
}

/** The due time the audit trail last records for each clock (as the model-based test reads it). */
export function dueAtFromEvents(events: readonly CaseEvent[]): Map<string, string> {
  const due = new Map<string, string>();
  for (const e of events) {
    const clocks = e.data.clocks as { started?: { name: string; dueAt: string }[] } | undefined;
    for (const s of clocks?.started ?? []) due.set(s.name, s.dueAt);
    if (e.type === "clock_resumed") due.set(e.data.clock as string, e.data.dueAt as string);
    if (e.type === "extension_approved")
      for (const name of ["handle", "report_back"])
        if (e.data[`${name}DueAt`]) due.set(name, e.data[`${name}DueAt`] as string);
  }
  return due;
}

/** What is wrong with a case's clocks, if anything. */
export function clockProblems(c: Case, events: readonly CaseEvent[]): string[] {
  const problems: string[] = [];
  const recorded = dueAtFromEvents(events);
  const names = new Set<string>();
  for (const k of c.clocks) {
    const at = `${c.id} ${k.name}`;
    if (names.has(k.name)) problems.push(`${at}: two clocks of one name`);
    names.add(k.name);
    if (k.dueAt !== recorded.get(k.name))
      problems.push(`${at}: due ${k.dueAt}, the trail says ${recorded.get(k.name)}`);
    if (k.dueAt < k.startedAt) problems.push(`${at}: due before it started`);
    if (k.pausedMs < 0) problems.push(`${at}: negative paused time`);
    if ((k.state === "paused") !== (k.pausedAt !== undefined))
      problems.push(`${at}: state ${k.state}, pausedAt ${k.pausedAt}`);
    if (k.stoppedAt && k.state !== "met" && k.state !== "overdue")
      problems.push(`${at}: stopped yet ${k.state}`);
    if (TERMINAL_STATUSES.has(c.status) && !k.stoppedAt)
      problems.push(`${at}: still going on a ${c.status} case`);
  }
  // Each step of the ladder, and each window's lapse, once per clock period.
  const steps = new Map<string, number>();
  for (const e of events) {
    const key =
      e.type === "due_soon" || e.type === "window_lapsed"
        ? `${e.type} ${e.data.clock} ${e.data.dueAt}`
        : e.type === "escalated" && e.data.clock
          ? `escalated L${e.data.level} ${e.data.clock} ${e.data.dueAt ?? ""}`
          : e.type === "listed_supervision"
            ? `listed ${e.data.clock} ${e.data.owner}`
            : e.type === "closed"
              ? "closed"
              : undefined;
    if (key) steps.set(key, (steps.get(key) ?? 0) + 1);
  }
  for (const [key, n] of steps) if (n > 1) problems.push(`${c.id}: ${key} ×${n}`);
  const ladder = (c.escalations ?? []).map((s) => `${s.level} ${s.owner} ${s.at}`);
  if (new Set(ladder).size !== ladder.length) problems.push(`${c.id}: a ladder step recorded twice`);
  return problems;
}

const byName = (clocks: readonly CaseClock[]) => clocks.map((k) => k.name).join(",");

async function check(stack: TestStack, reader: DynamoStore, clean: DynamoDBClient, walks: Walk[]) {
  const tableName = stack.deps.settings.TABLE_NAME;
  const histories: History[] = [];
  const walkOf = new Map<string, Walk>();
  for (const w of walks)
    if (w.id) {
      histories.push(await readPartition(clean, tableName, w.id, reader));
      walkOf.set(w.id, w);
    }
  const lost: string[] = [];
  const twice: string[] = [];
  const chains: string[] = [];
  const clocks: string[] = [];
  const unsettled: string[] = [];
  let handoffs = 0;
  let notifications = 0;
  let noticesIssued = 0;
  const noticesLost: string[] = [];

  const partitions = new Set<string>();
  for (const h of histories)
    for (const o of h.outbox)
      if (o.queue === "notifications")
        partitions.add(o.body.user ? `NOTIFY#USER#${o.body.user}` : `NOTIFY#${o.body.agency}`);
  const stored = await notificationsByCase(clean, tableName, partitions);

  for (const h of histories) {
    const { c, events } = h;
    // The audit chain: linked, hashed, and ending where the case says it does.
    const verdict = verifyChain(events);
    if (!verdict.valid) chains.push(`${c.id}: broken at seq ${verdict.firstBadSeq}`);
    else if (events.length !== c.lastSeq || events.at(-1)?.hash !== c.lastHash)
      chains.push(`${c.id}: ${events.length} events, the case says ${c.lastSeq}`);
    if (c.version < 1) chains.push(`${c.id}: version ${c.version}`);

    // Handoffs: every one requested reached its agency, once; none left waiting.
    const requested = events.filter((e) => e.type === "route_requested" || e.type === "dispute_resolved");
    const applied = events.filter((e) => e.type === "transferred" || e.type === "assigned");
    handoffs += requested.length;
    for (const r of requested) {
      const landed = applied.filter((a) => a.data.handoffId === r.data.handoffId);
      if (landed.length === 0)
        lost.push(`${c.id}: handoff ${r.data.handoffId} to ${r.data.to} never applied`);
      else if (landed.length > 1)
        twice.push(`${c.id}: handoff ${r.data.handoffId} applied ${landed.length}×`);
      else if (landed[0]!.data.lead !== r.data.to)
        lost.push(`${c.id}: handoff ${r.data.handoffId} for ${r.data.to} landed at ${landed[0]!.data.lead}`);
    }
    if (c.pendingHandoff || c.status === "routing")
      lost.push(`${c.id}: still waiting for handoff ${c.pendingHandoff?.id}`);
    if (c.leadAgency && !c.involved.includes(c.leadAgency))
      lost.push(`${c.id}: lead ${c.leadAgency} not involved`);

    // Effects once: one event per command the API answered 2xx, one registration.
    const types = new Map<string, number>();
    for (const e of events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    if (types.get("registered") !== 1) twice.push(`${c.id}: registered ×${types.get("registered") ?? 0}`);
    const w = walkOf.get(c.id)!;
    for (const [command, kinds] of Object.entries(EVENT_OF)) {
      const n = kinds.reduce((s, k) => s + (types.get(k) ?? 0), 0);
      const ok = w.succeeded.get(command) ?? 0;
      if (n !== ok) twice.push(`${c.id}: ${command} answered 2xx ${ok}×, its event recorded ${n}×`);
    }

    // Clocks: consistent with the trail, each step once.
    clocks.push(...clockProblems(c, events));
    if (c.status !== "closed" && c.status !== "final" && !c.clocks.length)
      clocks.push(`${c.id}: open (${c.status}) with no clock (${byName(c.clocks)})`);

    // The outbox: every entry settled; every notification stored once, and none beyond them.
    const mine = stored.get(c.id) ?? [];
    notifications += mine.length;
    for (const o of h.outbox) {
      if (!o.settled) unsettled.push(`${c.id}: ${o.queue} entry ${o.id} still pending`);
      if (o.queue === "notifications" && mine.filter((n) => n.id === o.id).length !== 1)
        lost.push(`${c.id}: notification ${o.id} stored ${mine.filter((n) => n.id === o.id).length}×`);
    }
    const expectedNotes = h.outbox.filter((o) => o.queue === "notifications").length;
    if (mine.length !== expectedNotes)
      twice.push(`${c.id}: ${mine.length} notifications for ${expectedNotes} sent`);

    // The written notices: one per event that calls for one, on the chain once, its record beside it.
    const records = await reader.listNotices(c.id);
    noticesIssued += records.length;
    for (const cause of events.filter((e) => NOTICE_FOR_EVENT[e.type])) {
      const id = noticeId(NOTICE_FOR_EVENT[cause.type]!, cause.seq);
      const onChain = events.filter((e) => e.type === "notice_issued" && e.data.noticeId === id).length;
      const recorded = records.filter((r) => r.id === id);
      if (onChain === 0 || recorded.length === 0)
        noticesLost.push(`${c.id}: notice ${id} ${onChain ? "has no record" : "not on the chain"}`);
      else if (onChain > 1) twice.push(`${c.id}: notice ${id} on the chain ${onChain}×`);
      else if (recorded[0]!.sha256 !== events.find((e) => e.data.noticeId === id)!.data.sha256)
        noticesLost.push(`${c.id}: notice ${id}'s record and chain disagree on its hash`);
    }
    if (records.length !== events.filter((e) => NOTICE_FOR_EVENT[e.type]).length)
      twice.push(
        `${c.id}: ${records.length} notice records for ${events.filter((e) => NOTICE_FOR_EVENT[e.type]).length} events calling for one`,
      );
  }

  // The counters against a recount, from the states and from the trails.
  const recount = await recountMismatches(
    stack.deps.store,
    histories.map((h) => h.c),
    stack.deps.policy.calendar.timeZone,
  );
  const fromTrails = await eventCounterMismatches(stack.deps.store, histories);
  const n = histories.length;
  const checks: CheckResult[] = [
    {
      name: "handoffs lost (every routed case reached its target agency; notifications stored)",
      checked: n,
      failures: lost,
    },
    { name: "effects applied twice (events, handoffs, notifications)", checked: n, failures: twice },
    { name: "audit hash chains broken", checked: n, failures: chains },
    { name: "clocks inconsistent (trail, states, ladder steps once)", checked: n, failures: clocks },
    { name: "outbox entries left pending", checked: n, failures: unsettled },
    {
      name: `written notices missing or unlike their chain (${noticesIssued} issued)`,
      checked: n,
      failures: noticesLost,
    },
    {
      name: "statistics counters differing from a recount",
      checked: n,
      failures: [...recount, ...fromTrails.problems],
    },
  ];
  return { histories, checks, handoffs, notifications };
}

/** The report as printed: seed, faults by kind, the checks' results. */
export function formatReport(r: ChaosReport): string {
  const lines = [
    `chaos: seed ${r.seed} (replay: CHAOS_SEED=${r.seed} npm run chaos -- --cases ${r.cases})`,
    `cases: ${r.registered}/${r.cases} registered; variants ${JSON.stringify(r.variants)}`,
    `final statuses: ${JSON.stringify(r.statuses)}`,
    `waves: ${r.waves} (${r.unfinished} cases still mid-plan when faults stopped); settled in ${r.settleRounds} rounds, ${r.deadLettersRedriven} dead letters redriven`,
    `answers: ${JSON.stringify(r.answers)}`,
    `events: ${r.events}, handoffs: ${r.handoffs}, notifications: ${r.notifications}`,
    `faults injected: ${r.faultTotal}`,
    ...FAULT_KINDS.map((k) => `  ${k.padEnd(34)} ${String(r.faults[k] ?? 0).padStart(6)}`),
    "checks:",
    ...r.checks.map(
      (c) =>
        `  ${c.failures.length === 0 ? "ok  " : "FAIL"} ${String(c.failures.length).padStart(4)} ${c.name} (${c.checked} cases)` +
        c.failures
          .slice(0, 10)
          .map((f) => `\n         ${f}`)
          .join(""),
    ),
    `time: run ${(r.ms.run / 1000).toFixed(1)} s, settle ${(r.ms.settle / 1000).toFixed(1)} s, check ${(r.ms.check / 1000).toFixed(1)} s`,
  ];
  return lines.join("\n");
}

/** A stack for the chaos run on these endpoints, its stats function faulted by `chaos`. */
export function openChaosStack(
  endpoints: { dynamodb: string; sqs: string; s3: string },
  chaos: Chaos,
): Promise<TestStack> {
  return openTestStack(endpoints, {
    wrapStatsHandler: (h) => chaos.faultyStats(h),
    wrapNoticesHandler: (h) => chaos.faultyNotices(h),
  });
}
