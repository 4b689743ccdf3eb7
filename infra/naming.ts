// Names and retention the stack's parts share.
import { RetentionDays } from "aws-cdk-lib/aws-logs";

/** Prefix of the physical names (queues, the HTTP API). */
export const NAME_PREFIX = "casebridge";
/** How long function and API access logs are kept. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;
