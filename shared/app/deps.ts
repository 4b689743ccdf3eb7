// Everything a handler needs, built once: the store, the queue, the clock, the deadline
// policy and the id source. Lambda entry points build it from settings; the local
// runtime and the tests build it with their own clock and endpoints.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import { DynamoCaseStore } from "../adapters/dynamo-store.js";
import { SqsMessageQueue } from "../adapters/sqs-queue.js";
import cn2026 from "../calendars/cn-2026.json" with { type: "json" };
import { systemClock, type Clock } from "../clock.js";
import { readSettings, type Settings } from "../config.js";
import { buildCalendar, type CalendarYear } from "../domain/calendar.js";
import { defaultClockRules, type DeadlinePolicy } from "../domain/deadlines.js";
import { demoJurisdictionTime, type JurisdictionTime } from "../domain/jurisdiction.js";
import { nextActionAt } from "../domain/sweep.js";
import { logger, type Logger } from "../logger.js";
import type { CaseStore, MessageQueue } from "../ports.js";

export interface Deps {
  store: CaseStore;
  queue: MessageQueue;
  clock: Clock;
  policy: DeadlinePolicy;
  newId: () => string;
  logger: Logger;
  settings: Settings;
}

/** Official calendars; adding a year is adding its JSON file here. */
export const calendarYears: CalendarYear[] = [cn2026 as CalendarYear];

export function policyFor(time: JurisdictionTime = demoJurisdictionTime): DeadlinePolicy {
  return {
    calendar: buildCalendar(time.timeZone, calendarYears),
    clocks: { ...defaultClockRules, ...time.clocks },
    restDayRollsForward: time.restDayRollsForward,
  };
}

export function awsClients(settings: Settings): { db: DynamoDBClient; sqs: SQSClient } {
  const local = { region: settings.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } };
  const db = settings.DYNAMODB_ENDPOINT ? new DynamoDBClient({ ...local, endpoint: settings.DYNAMODB_ENDPOINT }) : new DynamoDBClient({});
  const sqs = settings.SQS_ENDPOINT ? new SQSClient({ ...local, endpoint: settings.SQS_ENDPOINT }) : new SQSClient({});
  return { db, sqs };
}

export function buildDeps(settings: Settings, clock: Clock = systemClock): Deps {
  const { db, sqs } = awsClients(settings);
  const policy = policyFor();
  return {
    store: new DynamoCaseStore(db, settings.TABLE_NAME, (c) => nextActionAt(c, policy)),
    queue: new SqsMessageQueue(sqs, { handoffs: settings.HANDOFFS_QUEUE_URL, notifications: settings.NOTIFICATIONS_QUEUE_URL }),
    clock,
    policy,
    // ULIDs take their time part from the injected clock, so ids sort with case time.
    newId: () => ulid(clock.now().getTime()),
    logger,
    settings,
  };
}

/** Build deps from the environment on first use (Lambda cold start). */
export function depsFromEnv(): Deps {
  return buildDeps(readSettings());
}
