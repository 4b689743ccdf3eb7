// The local runtime: the table, queues and files bucket provisioned from the shared shapes
// on DynamoDB Local, the SQS emulator and the S3 emulator, the real handlers wired to them
// (the API app, the router and notifier behind queue pollers, the stats and notices functions
// on the table's stream, the sweeper, relay and agenda on timers), and the /dev routes. `npm start`, the demo, the integration tests and the bench build on it.
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ControlledClock } from "../../shared/clock.js";
import { localDay } from "../../shared/domain/calendar.js";
import { DEFAULT_JURISDICTION_ID, type Settings } from "../../shared/config.js";
import { buildDeps, type Deps } from "../../shared/app/deps.js";
import type { QueueUrls } from "../../shared/adapters/sqs-queue.js";
import { LocalHasher, LocalSecretBox } from "../../shared/adapters/local-keys.js";
import {
  demoAgencies,
  demoCategories,
  demoRegions,
  demoRoutingRules,
} from "../../shared/domain/demo-county.js";
import { createApp } from "../../shared/http/app.js";
import { ReferenceService } from "../../shared/app/reference.js";
import { createConsoleApp } from "../../shared/console/app.js";
import { localAuth } from "../../shared/console/local-auth.js";
import { createHandler as createAgenda } from "../../functions/agenda.js";
import { createHandler as createNotices } from "../../functions/notices.js";
import { createHandler as createNotifier } from "../../functions/notifier.js";
import { createHandler as createRelay } from "../../functions/relay.js";
import { createHandler as createRouter } from "../../functions/router.js";
import { createHandler as createStats } from "../../functions/stats.js";
import { createHandler as createSweeper } from "../../functions/sweeper.js";
import { createHandler as createWatch } from "../../functions/watch.js";
import { redrive } from "../../shared/adapters/redrive.js";
import { queues as queueShapes } from "../../shared/resources.js";
import { devRoutes } from "./dev-routes.js";
import { LOCAL_TOKEN_MAX_AGE_SECONDS, localTokenVerifier } from "./tokens.js";
import { QueuePoller } from "./poller.js";
import { StreamPoller, streamsClient, type StreamHandler } from "./stream-poller.js";
import { provisionBucket, provisionQueues, provisionTable, type QueueOverrides } from "./provision.js";

export interface LocalRuntimeOptions {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  /** The files bucket on the local S3 (notices, attachments). */
  filesBucket: string;
  queuePrefix: string;
  secret: string;
  /** Local key material (hex), kept with the data so repeats match and webhook secrets open across restarts. */
  keys: LocalKeys;
  clock?: ControlledClock;
  queueOverrides?: QueueOverrides;
  onClockChange?: (offsetMs: number) => void;
  /** Seed the demo jurisdiction when the store has none (default true). */
  seed?: boolean;
  /**
   * The console's session key (64 hex). `npm start` keeps one in the data folder so sessions
   * outlive a restart; without it, a fresh key: sessions last as long as this runtime.
   */
  consoleSessionKey?: string;
  /** Tests only: wraps the stats function's handler, to inject the faults Lambda meets (errors, redelivery). */
  wrapStatsHandler?: (handler: StreamHandler) => StreamHandler;
  /** Tests only: wraps the notices function's handler, as wrapStatsHandler does the stats function's. */
  wrapNoticesHandler?: (handler: StreamHandler) => StreamHandler;
}

/** Hex key material of the local runtime's keyed hashes and secret box. */
export interface LocalKeys {
  petitioner: string;
  idempotency: string;
  secrets: string;
}

export interface LocalRuntime {
  deps: Deps;
  clock: ControlledClock;
  app: ReturnType<typeof createApp>;
  queues: QueueUrls & { deadLetters: QueueUrls };
  sqs: SQSClient;
  db: DynamoDBClient;
  router: QueuePoller;
  notifier: QueuePoller;
  /** The stats function on the table's stream. */
  stats: StreamPoller;
  /** The notices function on the table's stream. */
  notices: StreamPoller;
  sweep: ReturnType<typeof createSweeper>;
  relay: ReturnType<typeof createRelay>;
  /** The early warning, run now whatever day it last ran. */
  watch: ReturnType<typeof createWatch>;
  /**
   * Every schedule once at the clock's now, then every queue drained; the daily early warning
   * only when the clock has reached a day it has not yet run on (`watch` is null otherwise).
   */
  tick(): Promise<{ sweep: unknown; relay: unknown; agenda: unknown; watch: unknown }>;
  drain(): Promise<void>;
  startBackground(timers: { sweepMs: number; relayMs: number }): void;
  stop(): Promise<void>;
}

export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const db = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: "us-east-1", credentials });
  const sqs = new SQSClient({ endpoint: options.sqsEndpoint, region: "us-east-1", credentials });
  const streamArn = await provisionTable(db, options.tableName);
  const queues = await provisionQueues(sqs, options.queuePrefix, options.queueOverrides);
  await provisionBucket(options.s3Endpoint, options.filesBucket);

  const settings: Settings = {
    TABLE_NAME: options.tableName,
    HANDOFFS_QUEUE_URL: queues.handoffs,
    NOTIFICATIONS_QUEUE_URL: queues.notifications,
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    SQS_ENDPOINT: options.sqsEndpoint,
    FILES_BUCKET: options.filesBucket,
    S3_ENDPOINT: options.s3Endpoint,
    AWS_REGION: "us-east-1",
    JURISDICTION_ID: DEFAULT_JURISDICTION_ID,
  };
  const clock = options.clock ?? new ControlledClock();
  const deps = buildDeps(settings, {
    clock,
    hasher: new LocalHasher({
      petitionerHex: options.keys.petitioner,
      idempotencyHex: options.keys.idempotency,
    }),
    secrets: new LocalSecretBox(options.keys.secrets),
    // Local receivers listen on this machine: loopback, plain http included, is allowed here only.
    webhookPolicy: { allowLoopback: true },
  });
  if (options.seed !== false && !(await deps.store.isSeeded())) {
    await deps.store.seedReference({
      agencies: demoAgencies,
      categories: demoCategories,
      regions: demoRegions,
      rules: demoRoutingRules,
    });
  }

  const router = new QueuePoller(sqs, queues.handoffs, "router", createRouter(deps));
  const notifier = new QueuePoller(sqs, queues.notifications, "notifier", createNotifier(deps));
  const streams = streamsClient(options.dynamodbEndpoint);
  const statsHandler = createStats(deps);
  const stats = new StreamPoller(
    streams,
    streamArn,
    "stats",
    options.wrapStatsHandler ? options.wrapStatsHandler(statsHandler) : statsHandler,
  );
  const noticesHandler = createNotices(deps);
  const notices = new StreamPoller(
    streams,
    streamArn,
    "notices",
    options.wrapNoticesHandler ? options.wrapNoticesHandler(noticesHandler) : noticesHandler,
    "notice-events",
    10,
  );
  const sweep = createSweeper(deps);
  const relay = createRelay(deps);
  const agenda = createAgenda(deps);
  const watch = createWatch(deps);
  // Daily semantics, as on AWS: the watch runs on the first tick of each local day.
  let watchedDay: string | undefined;
  const watchDaily = async () => {
    const day = localDay(clock.now(), deps.policy.calendar.timeZone);
    if (day === watchedDay) return null;
    const report = await watch();
    watchedDay = day;
    return report;
  };
  const timers: NodeJS.Timeout[] = [];

  const drain = async () => {
    // A handoff applied by the router queues notifications: drain until both are quiet.
    for (let round = 0; round < 3; round++) {
      await router.drain();
      await notifier.drain();
    }
    // The counters follow every case written meanwhile; the notices every event that calls for one.
    await stats.drain();
    await notices.drain();
  };

  const app = createApp(deps, { claims: { kind: "local", verify: localTokenVerifier(options.secret) } });
  app.route(
    "/console",
    createConsoleApp(deps, {
      auth: localAuth(new ReferenceService(deps)),
      sessionKey: options.consoleSessionKey ?? randomBytes(32).toString("hex"),
      // Served over plain http on loopback: a Secure cookie would never come back.
      secureCookies: false,
      // As local tokens: people move the local clock by weeks and should stay signed in.
      sessionMaxAgeSeconds: LOCAL_TOKEN_MAX_AGE_SECONDS,
    }),
  );
  const runtime: LocalRuntime = {
    deps,
    clock,
    app,
    queues,
    sqs,
    db,
    router,
    notifier,
    stats,
    notices,
    sweep,
    relay,
    watch,
    drain,
    async tick() {
      const relayReport = await relay();
      await drain();
      const sweepReport = await sweep();
      await drain();
      const agendaReport = await agenda();
      await drain();
      const watchReport = await watchDaily();
      await drain();
      return { sweep: sweepReport, relay: relayReport, agenda: agendaReport, watch: watchReport };
    },
    startBackground({ sweepMs, relayMs }) {
      router.start();
      notifier.start();
      stats.start();
      notices.start();
      const every = (ms: number, run: () => Promise<unknown>, name: string) => {
        timers.push(
          setInterval(() => {
            run().catch((err: Error) => deps.logger.error("schedule failed", { name, error: err.message }));
          }, ms),
        );
      };
      every(sweepMs, sweep, "sweeper");
      every(relayMs, relay, "relay");
      every(sweepMs, agenda, "agenda");
      every(sweepMs, watchDaily, "watch");
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all([router.stop(), notifier.stop(), stats.stop(), notices.stop()]);
      db.destroy();
      streams.destroy();
      sqs.destroy();
    },
  };
  const redriveAll = async () =>
    Object.fromEntries(
      await Promise.all(
        queueShapes.map(
          async (q) => [q.id, await redrive(sqs, queues.deadLetters[q.id], queues[q.id], q.fifo)] as const,
        ),
      ),
    );
  app.route(
    "/dev",
    devRoutes({
      clock,
      secret: options.secret,
      tick: () => runtime.tick(),
      redrive: redriveAll,
      onClockChange: options.onClockChange ?? (() => undefined),
    }),
  );
  return runtime;
}
