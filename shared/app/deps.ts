// Everything a handler needs, built once: the store, the queue, the keys, the clock, the
// deadline policy (calendar and thresholds, from the store through a cache) and the id source. Lambda entry points build it from their settings;
// the local runtime and the tests build it with their own clock, endpoints and keys.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { KMSClient } from "@aws-sdk/client-kms";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import { systemResolver } from "../adapters/dns-resolver.js";
import { dynamoStore } from "../adapters/dynamo/store.js";
import { KmsHasher, KmsSecretBox } from "../adapters/kms-keys.js";
import { NO_FILES, S3FileStore } from "../adapters/s3-files.js";
import { SqsMessageQueue } from "../adapters/sqs-queue.js";
import cn from "../calendars/cn.json" with { type: "json" };
import { systemClock, type Clock } from "../clock.js";
import { readSettings, type Settings } from "../config.js";
import { buildCalendar, type CalendarYear } from "../domain/calendar.js";
import { defaultClockRules, type DeadlinePolicy } from "../domain/deadlines.js";
import { demoJurisdictionTime } from "../domain/demo-county.js";
import type { JurisdictionTime } from "../domain/jurisdiction.js";
import type { HostResolver } from "../domain/network.js";
import { STRICT_WEBHOOK_POLICY, type WebhookPolicy } from "../domain/webhook-target.js";
import { defaultEscalationRules, type EscalationRules } from "../domain/escalation.js";
import { JurisdictionCache } from "./jurisdiction-cache.js";
import { nextActionAt } from "../domain/sweep.js";
import { latestOpenDueYear } from "../domain/calendar-recompute.js";
import { logger, type Logger } from "../logger.js";
import type { FileStore, KeyedHasher, MessageQueue, SecretBox, Stores } from "../ports.js";
import { functions, type FunctionShape } from "../resources.js";

/** Every store port, as the table's adapter provides them. */
export type Store = Stores;

export interface Deps {
  store: Store;
  queue: MessageQueue;
  /** The files bucket: notices and attachments (none for a function without FILES_BUCKET). */
  files: FileStore;
  hasher: KeyedHasher;
  secrets: SecretBox;
  clock: Clock;
  /** The calendar and thresholds as stored; entry points refresh it before their work. */
  jurisdiction: JurisdictionCache;
  /** The deadline policy as last refreshed (the jurisdiction's, with the stored calendar). */
  readonly policy: DeadlinePolicy;
  /** The warning and escalation thresholds as last refreshed. */
  readonly escalation: EscalationRules;
  newId: () => string;
  logger: Logger;
  settings: Settings;
  /** Where webhooks may go: public addresses only, unless the local runtime opens loopback. */
  webhookPolicy: WebhookPolicy;
  /** Webhook host names to addresses, checked at registration and again at each delivery. */
  hostResolver: HostResolver;
}

/**
 * The shipped calendar, the seed: years a coordinator stores (PUT /v1/calendars/{year})
 * replace or join these (docs/calendars.md).
 */
export const calendarYears: CalendarYear[] = cn.years.map((y) => ({
  jurisdiction: cn.jurisdiction,
  timeZone: cn.timeZone,
  ...y,
}));

export function policyFor(time: JurisdictionTime = demoJurisdictionTime): DeadlinePolicy {
  return {
    calendar: buildCalendar(time.timeZone, calendarYears),
    clocks: { ...defaultClockRules, ...time.clocks },
    restDayRollsForward: time.restDayRollsForward,
  };
}

/**
 * A client built, its SDK module loaded, at its first request rather than with the bundle.
 * For KMS: every function is given keys, but only the api, the console and the notifier
 * ever call KMS (the api only to register a case or a webhook); the other six loaded the
 * module at every cold start for nothing. The adapters only call `send`.
 */
export function onFirstSend<C extends { send: unknown }>(build: () => Promise<C>): C {
  let client: Promise<C> | undefined;
  const send = async (...args: unknown[]) => {
    // Called as a method: the SDK's `send` reads its middleware from `this`.
    const built = (await (client ??= build())) as unknown as { send(...a: unknown[]): Promise<unknown> };
    return built.send(...args);
  };
  return { send } as unknown as C;
}

function awsClients(settings: Settings): { db: DynamoDBClient; sqs: SQSClient } {
  const local = {
    region: settings.AWS_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const db = settings.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({ ...local, endpoint: settings.DYNAMODB_ENDPOINT })
    : new DynamoDBClient({});
  const sqs = settings.SQS_ENDPOINT
    ? new SQSClient({ ...local, endpoint: settings.SQS_ENDPOINT })
    : new SQSClient({});
  return { db, sqs };
}

export function escalationFor(time: JurisdictionTime = demoJurisdictionTime): EscalationRules {
  return { ...defaultEscalationRules, ...time.escalation };
}

export interface DepsOptions {
  hasher: KeyedHasher;
  secrets: SecretBox;
  clock?: Clock;
  time?: JurisdictionTime;
  /** Strict by default: only the local runtime passes `{ allowLoopback: true }`. */
  webhookPolicy?: WebhookPolicy;
  hostResolver?: HostResolver;
}

/**
 * The single place where ports meet their adapters, so a handler factory, the local runtime
 * and a test all run the same code over different ends: DynamoDB and SQS at the endpoints the
 * settings name (the emulators locally), keys and clock as the caller passes them. Webhooks
 * stay limited to public addresses unless the caller opens loopback, and new ids sort with
 * the injected clock, so a controlled clock gives ordered ids too.
 */
export function buildDeps(settings: Settings, options: DepsOptions): Deps {
  const { db, sqs } = awsClients(settings);
  const time = options.time ?? demoJurisdictionTime;
  const clock = options.clock ?? systemClock;
  const store = dynamoStore(
    db,
    settings.TABLE_NAME,
    (c) => nextActionAt(c, jurisdiction.policy, jurisdiction.escalation),
    (c) => latestOpenDueYear(c, time.timeZone),
  );
  const jurisdiction = new JurisdictionCache(store, clock, time, calendarYears);
  return {
    store,
    queue: new SqsMessageQueue(sqs, {
      handoffs: settings.HANDOFFS_QUEUE_URL,
      notifications: settings.NOTIFICATIONS_QUEUE_URL,
    }),
    files: settings.FILES_BUCKET
      ? new S3FileStore({
          bucket: settings.FILES_BUCKET,
          region: settings.AWS_REGION,
          endpoint: settings.S3_ENDPOINT,
        })
      : NO_FILES,
    hasher: options.hasher,
    secrets: options.secrets,
    clock,
    jurisdiction,
    // Getters, so that whoever holds the deps reads the rules as last refreshed.
    get policy() {
      return jurisdiction.policy;
    },
    get escalation() {
      return jurisdiction.escalation;
    },
    // ULIDs take their time part from the injected clock, so ids sort with case time.
    newId: () => ulid(clock.now().getTime()),
    logger,
    settings,
    webhookPolicy: options.webhookPolicy ?? STRICT_WEBHOOK_POLICY,
    hostResolver: options.hostResolver ?? systemResolver,
  };
}

/** Keys on KMS; a function whose settings name no key is refused, naming the setting, when it asks. */
function kmsKeys(settings: Settings): { hasher: KeyedHasher; secrets: SecretBox } {
  const kms = onFirstSend<KMSClient>(async () => new (await import("@aws-sdk/client-kms")).KMSClient({}));
  return {
    hasher: new KmsHasher(kms, {
      petitioner: settings.PETITIONER_MAC_KEY_ID,
      idempotency: settings.IDEMPOTENCY_MAC_KEY_ID,
    }),
    secrets: new KmsSecretBox(kms, settings.WEBHOOK_SECRET_KEY_ID),
  };
}

/**
 * A Lambda's deps from its environment, called on its first invocation rather than at import
 * so that loading the bundle stays cheap. Only the settings `shared/resources.ts` lists for
 * that function are required, the ones the stack sets; a missing or malformed one fails the
 * invocation with one sentence naming it. Keys are KMS keys, the clock is the system clock.
 */
export function depsFromEnv(fn: FunctionShape["id"]): Deps {
  const settings = readSettings(process.env, functions.find((f) => f.id === fn)!.settings);
  return buildDeps(settings, kmsKeys(settings));
}
