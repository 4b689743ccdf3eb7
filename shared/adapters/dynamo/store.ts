// The store ports on one DynamoDB table (shapes in shared/resources.ts, keys in
// ./keys.ts): one object the composition root hands to every service, each part in a
// file of its own. A service's type names only the ports it uses.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Case } from "../../domain/model.js";
import type { Stores } from "../../ports.js";
import { dynamoAccessLog } from "./access-log.js";
import { dynamoAttachmentStore } from "./attachments.js";
import { dynamoCaseIndex } from "./case-index.js";
import { dynamoCaseStore } from "./case-store.js";
import { dynamoMeetingStore } from "./meetings.js";
import { dynamoNoticeStore } from "./notices.js";
import { dynamoNotificationStore } from "./notifications.js";
import { dynamoOpen311Store } from "./open311.js";
import { dynamoJurisdictionStore } from "./jurisdiction.js";
import { dynamoOutbox } from "./outbox.js";
import { dynamoReferenceStore } from "./reference.js";
import { dynamoRoutingRuleStore } from "./routing-rules.js";
import { dynamoSavedViews } from "./saved-views.js";
import { dynamoStats } from "./stats.js";
import { dynamoWatchStore } from "./watch.js";
import { dynamoWebhookStore } from "./webhooks.js";

export type DynamoStore = Stores & {
  /** The client every part sends through. */
  readonly db: DynamoDBClient;
};

/**
 * `nextActionAt` is the domain's answer to "when does the sweeper next need this case?" (the
 * deadline index); `latestDueYear` to "in which year does its last open clock end?" (the
 * clocks index a calendar year's recount reads).
 */
export function dynamoStore(
  db: DynamoDBClient,
  tableName: string,
  nextActionAt: (c: Case) => string | undefined,
  latestDueYear?: (c: Case) => number | undefined,
): DynamoStore {
  const table = { db, name: tableName };
  return {
    db,
    ...dynamoCaseStore(table, nextActionAt, latestDueYear),
    ...dynamoCaseIndex(table),
    ...dynamoAccessLog(table),
    ...dynamoOutbox(table),
    ...dynamoNotificationStore(table),
    ...dynamoWebhookStore(table),
    ...dynamoMeetingStore(table),
    ...dynamoReferenceStore(table),
    ...dynamoRoutingRuleStore(table),
    ...dynamoSavedViews(table),
    ...dynamoJurisdictionStore(table),
    ...dynamoStats(table),
    ...dynamoWatchStore(table),
    ...dynamoNoticeStore(table),
    ...dynamoAttachmentStore(table),
    ...dynamoOpen311Store(table),
  };
}
