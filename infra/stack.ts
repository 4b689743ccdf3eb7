// The Casebridge stack: the KMS keys, the single table, the files bucket (infra/files.ts),
// the queues with their dead-letter queues and alarms, the Lambdas with their own roles and
// grants, the HTTP API behind Cognito (infra/http-api.ts, infra/identity.ts), the schedules
// and the table stream's readers. Table, queue and function shapes (settings, table and
// bucket access) come from shared/resources.ts, the source the local runtime uses too.
import { fileURLToPath } from "node:url";
import {
  AssetHashType,
  CfnOutput,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type BundlingOptions,
  type StackProps,
} from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from "aws-cdk-lib/cx-api";
import type { Construct } from "constructs";
import { BUNDLE_CLI, bundleFunctionSync } from "./bundling.js";
import { createFilesBucket, type FilesBucket, grantFiles } from "./files.js";
import { addRoutes, createHttpApi, type CasebridgeHttpApi } from "./http-api.js";
import { createSignIn, type SignIn } from "./identity.js";
import { createKeys, type CasebridgeKeys } from "./keys.js";
import { LOG_RETENTION, NAME_PREFIX } from "./naming.js";
import { readTableStream } from "./table-stream.js";
import * as shapes from "../shared/resources.js";
import type { FunctionSetting, FunctionShape, QueueShape, TableAccess } from "../shared/resources.js";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The function's asset: its directory as bundleFunction (infra/bundling.ts) builds it, run
 * locally at synth (no Docker: the image is never pulled, local bundling always answers).
 * The command only tells the assets apart, and says what runs.
 */
function bundling(shape: FunctionShape): BundlingOptions {
  return {
    image: DockerImage.fromRegistry("casebridge-local-bundling-only"),
    command: ["tsx", BUNDLE_CLI, shape.id],
    local: {
      tryBundle(outputDir) {
        bundleFunctionSync(shape, outputDir);
        return true;
      },
    },
  };
}

export interface DeliveryQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export class CasebridgeStack extends Stack {
  readonly roles: Record<FunctionShape["id"], Role>;
  readonly keys: CasebridgeKeys;
  readonly table: Table;
  readonly files: FilesBucket;
  readonly queues: Record<QueueShape["id"], DeliveryQueue>;
  readonly lambdas: Record<FunctionShape["id"], LambdaFunction>;
  readonly httpApi: CasebridgeHttpApi;
  readonly signIn: SignIn;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // S3 delivers the files bucket's access logs under the log bucket's policy, not through the
    // log-delivery ACL CDK otherwise sets: the log bucket then refuses ACLs like the others.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    // An own role per function instead of the default one with AWSLambdaBasicExecutionRole,
    // created first: the key policies name them.
    this.roles = byId(
      shapes.functions,
      (shape) =>
        new Role(this, `${pascal(shape.id)}Role`, {
          assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
        }),
    );
    this.keys = createKeys(this, this.roles);
    this.table = this.createTable();
    this.files = createFilesBucket(this, this.keys.files);
    this.queues = byId(shapes.queues, (shape) => this.createQueue(shape));
    // The API before the functions, its routes after: the console's app client names the
    // API's endpoint, and the console function reads that client's id.
    this.httpApi = createHttpApi(this);
    this.signIn = createSignIn(this, this.httpApi.api.apiEndpoint);
    this.lambdas = byId(shapes.functions, (shape) => this.createFunction(shape));

    for (const shape of shapes.queues) {
      const consumer = shapes.functions.find((f) => f.id === shape.consumer)!;
      this.lambdas[shape.consumer].addEventSource(
        new SqsEventSource(this.queues[shape.id].queue, {
          batchSize: shape.batchSize,
          reportBatchItemFailures: true,
          // No more pollers than the consumer may run: a batch polled beyond its reserved
          // concurrency is throttled back to the queue and counts a receive toward the DLQ.
          maxConcurrency: consumer.reservedConcurrency,
        }),
      );
    }
    for (const shape of shapes.functions) {
      if (shape.scheduleMinutes !== undefined) this.schedule(shape, shape.scheduleMinutes);
      if (shape.tableStream !== undefined) {
        readTableStream(this, `${pascal(shape.id)}TableStream`, {
          table: this.table,
          role: this.roles[shape.id],
          target: this.lambdas[shape.id],
          stream: shape.tableStream,
        });
      }
    }

    const { userPool, apiClient, domain } = this.signIn;
    addRoutes(this, this.httpApi, this.lambdas, userPool, apiClient);

    const apiUrl = this.httpApi.stage.url;
    new CfnOutput(this, "ApiUrl", { value: apiUrl });
    new CfnOutput(this, "ConsoleUrl", { value: `${apiUrl}console` });
    new CfnOutput(this, "HostedUiUrl", { value: domain.baseUrl() });
    new CfnOutput(this, "UserPoolId", { value: userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: apiClient.userPoolClientId });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
  }

  private createTable(): Table {
    const table = new Table(this, "Table", {
      partitionKey: { name: shapes.table.partitionKey, type: AttributeType.STRING },
      sortKey: { name: shapes.table.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.keys.table,
      timeToLiveAttribute: shapes.table.timeToLiveAttribute,
      // New images only: the stats function counts each case's state as it now is, the
      // notices function reads each new event.
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of shapes.table.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }
    return table;
  }

  private createQueue(shape: QueueShape): DeliveryQueue {
    const name = pascal(shape.id);
    const common = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS rejects FifoQueue=false, so a standard queue leaves the attribute out.
      ...(shape.fifo ? { fifo: true } : {}),
    };

    const deadLetterQueue = new Queue(this, `${name}DeadLetterQueue`, {
      ...common,
      retentionPeriod: Duration.days(shape.deadLetterRetentionDays),
      queueName: shapes.queueName(NAME_PREFIX, shape, true),
    });
    const queue = new Queue(this, `${name}Queue`, {
      ...common,
      queueName: shapes.queueName(NAME_PREFIX, shape),
      retentionPeriod: Duration.days(shape.retentionDays),
      visibilityTimeout: Duration.seconds(shape.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: shape.maxReceiveCount },
      // Producers set deduplication ids; high-throughput mode scopes them per message group.
      ...(shape.fifo
        ? {
            contentBasedDeduplication: false,
            deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
            fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
          }
        : {}),
    });

    new Alarm(this, `${name}DeadLetterAlarm`, {
      alarmDescription: `Messages in the ${shape.id} dead-letter queue: inspect, fix, then npm run redrive.`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: "Maximum",
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { queue, deadLetterQueue };
  }

  private createFunction(shape: FunctionShape): LambdaFunction {
    const name = pascal(shape.id);
    const logGroup = new LogGroup(this, `${name}Logs`, { retention: LOG_RETENTION });
    const role = this.roles[shape.id];
    // Its own log group only.
    logGroup.grantWrite(role);
    const settings = this.settingValues();

    const fn = new LambdaFunction(this, `${name}Function`, {
      // index.mjs exports `handler`.
      code: Code.fromAsset(REPO_ROOT, { assetHashType: AssetHashType.OUTPUT, bundling: bundling(shape) }),
      handler: "index.handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(shape.timeoutSeconds),
      memorySize: shape.memoryMb,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      // The next scheduled run redoes the work; an async retry would only overlap it.
      retryAttempts: shape.scheduleMinutes === undefined ? undefined : 0,
      reservedConcurrentExecutions: shape.reservedConcurrency,
      // Exactly the settings the function reads (depsFromEnv checks them at cold start).
      environment: {
        ...Object.fromEntries(shape.settings.map((setting) => [setting, settings[setting]])),
        POWERTOOLS_SERVICE_NAME: "casebridge",
      },
    });

    this.grantTable(role, shapes.tableAccess[shape.id]);
    const bucketAccess = shapes.bucketAccess[shape.id];
    if (bucketAccess) grantFiles(role, this.files.bucket, bucketAccess);
    // SendMessageBatch is authorized as sqs:SendMessage; the URL comes from the settings.
    for (const queue of shapes.sendsTo(shape)) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ["sqs:SendMessage"],
          resources: [this.queues[queue.id].queue.queueArn],
        }),
      );
    }

    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Only the X-Ray statement CDK adds for active tracing: xray:PutTraceSegments and " +
        "xray:PutTelemetryRecords do not support resource-level permissions.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is the runtime the bundles are built for (esbuild target node22, AWS SDK v3 " +
        "taken from the runtime); moving to Node.js 24 is a deliberate, tested upgrade, not a lint fix.",
    });
    return fn;
  }

  private settingValues(): Record<FunctionSetting, string> {
    return {
      TABLE_NAME: this.table.tableName,
      HANDOFFS_QUEUE_URL: this.queues.handoffs.queue.queueUrl,
      NOTIFICATIONS_QUEUE_URL: this.queues.notifications.queue.queueUrl,
      PETITIONER_MAC_KEY_ID: this.keys.petitionerMac.keyId,
      IDEMPOTENCY_MAC_KEY_ID: this.keys.idempotencyMac.keyId,
      WEBHOOK_SECRET_KEY_ID: this.keys.webhookSecret.keyId,
      CONSOLE_SESSION_KEY_ID: this.keys.consoleSession.keyId,
      COGNITO_DOMAIN: this.signIn.domain.baseUrl(),
      CONSOLE_CLIENT_ID: this.signIn.consoleClient.userPoolClientId,
      USER_POOL_ID: this.signIn.userPool.userPoolId,
      FILES_BUCKET: this.files.bucket.bucketName,
    };
  }

  /** Exactly the function's row of shapes.tableAccess: item actions on the table, Query on its indexes. */
  private grantTable(role: Role, access: TableAccess): void {
    role.addToPolicy(
      new PolicyStatement({
        actions: access.actions.map((action) => `dynamodb:${action}`),
        resources: [this.table.tableArn],
      }),
    );
    if (access.indexes.length) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ["dynamodb:Query"],
          resources: access.indexes.map((index) => `${this.table.tableArn}/index/${index}`),
        }),
      );
    }
  }

  private schedule(shape: FunctionShape, minutes: number): void {
    const name = pascal(shape.id);
    const fn = this.lambdas[shape.id];
    const role = new Role(this, `${name}ScheduleRole`, {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.functionArn] }),
    );

    new Schedule(this, `${name}Schedule`, {
      description: `Runs ${shape.id} every ${minutes} minute(s).`,
      schedule: ScheduleExpression.rate(Duration.minutes(minutes)),
      // Not aws-scheduler-targets' LambdaInvoke: its grant also covers every version of the
      // function (`<arn>:*`), and a schedule only ever invokes the unqualified function.
      target: {
        bind: () => ({
          arn: fn.functionArn,
          role,
          // A tick older than one period is superseded by the next one.
          retryPolicy: { maximumEventAgeInSeconds: Math.max(60, minutes * 60), maximumRetryAttempts: 2 },
        }),
      },
    });
  }
}

function byId<S extends { readonly id: string }, T>(
  items: readonly S[],
  create: (shape: S) => T,
): Record<S["id"], T> {
  return Object.fromEntries(items.map((shape) => [shape.id, create(shape)])) as Record<S["id"], T>;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
