// The table's stream and its readers (shared/resources.ts: the functions with a tableStream):
// the stats function gets the case items, the notices function the new events that call for
// a notice. Two readers is what a DynamoDB stream shard serves without throttling; a third
// would need another way in.
import { Duration } from "aws-cdk-lib";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import {
  EventSourceMapping,
  FilterCriteria,
  FilterRule,
  type IFunction,
  StartingPosition,
} from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { NOTICE_FOR_EVENT } from "../shared/domain/notices.js";
import type { FunctionShape } from "../shared/resources.js";

export type TableStream = NonNullable<FunctionShape["tableStream"]>;

/**
 * Which of the stream's records each kind of reader gets (tableStream.items). The keys are
 * those of shared/adapters/dynamo/keys.ts.
 */
const STREAM_FILTERS: Record<TableStream["items"], ReturnType<typeof FilterCriteria.filter>> = {
  // A case item as it is created or changes: pk CASE#<id>, sk CASE.
  cases: FilterCriteria.filter({
    eventName: FilterRule.or("INSERT", "MODIFY"),
    dynamodb: {
      Keys: { pk: { S: FilterRule.beginsWith("CASE#") }, sk: { S: FilterRule.isEqual("CASE") } },
    },
  }),
  // A new event on a case's chain (pk CASE#<id>, sk EVENT#<seq>) of a type that calls for a
  // notice (shared/domain/notices.ts). Events are only ever inserted: the chain is append-only.
  "notice-events": FilterCriteria.filter({
    eventName: FilterRule.isEqual("INSERT"),
    dynamodb: {
      Keys: { pk: { S: FilterRule.beginsWith("CASE#") }, sk: { S: FilterRule.beginsWith("EVENT#") } },
      NewImage: { type: { S: FilterRule.or(...Object.keys(NOTICE_FOR_EVENT)) } },
    },
  }),
};

export interface StreamReader {
  readonly table: Table;
  /** The function's own role: it gets the stream's read actions, on this stream only. */
  readonly role: Role;
  readonly target: IFunction;
  readonly stream: TableStream;
}

/**
 * The table's stream into a function: only the records its items name (STREAM_FILTERS), one
 * shard's records in order, a failed record retried from its sequence number (partial batch
 * responses) for a day — the stream's own retention — and never skipped: the counters' marks,
 * and a notice's own item, make a record done twice change nothing.
 */
export function readTableStream(scope: Construct, id: string, { table, role, target, stream }: StreamReader) {
  const streamArn = table.tableStreamArn!;
  // Not DynamoEventSource: its grant adds kms:Decrypt to the role, and the table key's policy
  // alone says who may use it (infra/keys.ts, through DynamoDB only). The stream's own actions, on this stream only.
  role.addToPolicy(
    new PolicyStatement({
      actions: [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
      ],
      resources: [streamArn],
    }),
  );
  return new EventSourceMapping(scope, id, {
    target,
    eventSourceArn: streamArn,
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: stream.batchSize,
    reportBatchItemFailures: true,
    // For notices too. A record that throws is reported alone (partial batch responses); a
    // batch that fails whole — ten PDFs past the timeout, or out of memory — is halved until
    // its records fit, and issueNotice makes a record done twice change nothing.
    bisectBatchOnError: true,
    retryAttempts: -1,
    // For notices too: a record older than the stream's 24 hours is gone from the stream
    // whatever this says, and one skipped sooner would be a notice never sent. So a failing
    // notice is retried as long as the stream holds it, while a fix can still issue it.
    maxRecordAge: Duration.days(1),
    parallelizationFactor: 1,
    filters: [STREAM_FILTERS[stream.items]],
  });
}
