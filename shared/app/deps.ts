// Everything a handler needs, built once: the store, the queue, the clock, the deadline
// policy and the id source. Lambda entry points build it from settings; the local
// runtime and the tests build it with their own clock and endpoints.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import { DynamoCaseStore } from "../adapters/dynamo-store.js";
import { SqsMessageQueue } from "../adapters/sqs-queue.js";
import cn from "../calendars/cn.json" with { type: "json" };
import { systemClock, type Clock } from "../clock.js";
import { readSettings, type Settings } from "../config.js";
import { buildCalendar, type CalendarYear } from "../domain/calendar.js";
import { defaultClockRules, type DeadlinePolicy } from "../domain/deadlines.js";
import { demoJurisdictionTime, type JurisdictionTime } from "../domain/jurisdiction.js";
import { defaultEscalationRules, type EscalationRules } from "../domain/escalation.js";
import { nextActionAt } from "../domain/sweep.js";
import { logger, type Logger } from "../logger.js";
import type { CaseStore, MessageQueue } from "../ports.js";

export interface Deps {
  store: CaseStore;
  queue: MessageQueue;
  clock: Clock;
  policy: DeadlinePolicy;
  escalation: EscalationRules;
  newId: () => string;
  logger: Logger;
  settings: Settings;
}

/** The official calendar: adding a year is adding its entry to shared/calendars/cn.json. */
export const calendarYears: CalendarYear[] = cn.years.map((y) => ({ jurisdiction: cn.jurisdiction, timeZone: cn.timeZone, ...y }));

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

export function escalationFor(time: JurisdictionTime = demoJurisdictionTime): EscalationRules {
  return { ...defaultEscalationRules, ...time.escalation };
}

export function buildDeps(settings: Settings, clock: Clock = systemClock, time: JurisdictionTime = demoJurisdictionTime): Deps {
  const { db, sqs } = awsClients(settings);
  const policy = policyFor(time);
  const escalation = escalationFor(time);
  return {
    store: new DynamoCaseStore(db, settings.TABLE_NAME, (c) => nextActionAt(c, policy, escalation)),
    queue: new SqsMessageQueue(sqs, { handoffs: settings.HANDOFFS_QUEUE_URL, notifications: settings.NOTIFICATIONS_QUEUE_URL }),
    clock,
    policy,
    escalation,
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
