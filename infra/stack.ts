// The Casebridge stack: the single table, the queues with their dead-letter queues and
// alarms, the five Lambdas, the HTTP API behind Cognito, and the schedules. Table, queue
// and function shapes come from shared/resources.ts, the source the local runtime uses too.
import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction, OutputFormat, type BundlingOptions } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { ROLES } from "../shared/domain/model.js";
import { apiReferenceSource, DOCS_ASSETS_DIR } from "../shared/http/docs-bundle.js";
import * as shapes from "../shared/resources.js";
import type { FunctionShape, QueueShape } from "../shared/resources.js";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const NAME_PREFIX = "casebridge";
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** Queues each function may send to. Consuming follows `queues[].consumer`. */
const SENDS: Record<FunctionShape["id"], readonly QueueShape["id"][]> = {
  api: ["handoffs", "notifications"],
  router: ["notifications"],
  notifier: [],
  sweeper: ["handoffs", "notifications"],
  relay: ["handoffs", "notifications"],
  agenda: ["notifications"],
};

/** Item reads and writes, no Scan: every path reads by key or index (DESIGN §4). */
const TABLE_ITEM_ACTIONS = [
  "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
  "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
];

const BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: "node22",
  minify: true,
  sourceMap: false,
  mainFields: ["module", "main"],
  // An ESM bundle has no `require`, yet bundled CommonJS dependencies still call it.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // The Node.js 22 runtime ships AWS SDK v3.
  externalModules: ["@aws-sdk/*"],
};

/** The api function also ships the /docs browser bundle: beside its JS, not inside it. */
const API_BUNDLING: BundlingOptions = {
  ...BUNDLING,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      `mkdir -p "${outputDir}/${DOCS_ASSETS_DIR}"`,
      `cp "${apiReferenceSource()}" "${outputDir}/${DOCS_ASSETS_DIR}/"`,
    ],
  },
};

export interface DeliveryQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export class CasebridgeStack extends Stack {
  readonly table: Table;
  readonly queues: Record<QueueShape["id"], DeliveryQueue>;
  readonly lambdas: Record<FunctionShape["id"], NodejsFunction>;
  readonly petitionerHashKey: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = this.createTable();
    this.queues = byId(shapes.queues, (shape) => this.createQueue(shape));
    this.petitionerHashKey = this.createPetitionerHashKey();
    this.lambdas = byId(shapes.functions, (shape) => this.createFunction(shape));

    for (const shape of shapes.queues) {
      this.lambdas[shape.consumer].addEventSource(new SqsEventSource(this.queues[shape.id].queue, {
        batchSize: shape.batchSize,
        reportBatchItemFailures: true,
      }));
    }
    for (const shape of shapes.functions) {
      if (shape.scheduleMinutes !== undefined) this.schedule(shape, shape.scheduleMinutes);
    }

    const { userPool, client } = this.createUserPool();
    const apiUrl = this.createHttpApi(userPool, client);

    new CfnOutput(this, "ApiUrl", { value: apiUrl });
    new CfnOutput(this, "UserPoolId", { value: userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: client.userPoolClientId });
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
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: shapes.table.timeToLiveAttribute,
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

  /** The key of the keyed hash that matches repeat petitioners by ID number (hex). */
  private createPetitionerHashKey(): Secret {
    const secret = new Secret(this, "PetitionerHashKey", {
      description: "HMAC key for matching repeat petitioners by ID number without storing the number",
      generateSecretString: { passwordLength: 64, excludeUppercase: true, excludePunctuation: true, includeSpace: false, excludeCharacters: "ghijklmnopqrstuvwxyz" },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason: "The key must stay stable: rotating it would stop every earlier petition from matching a repeat "
        + "(信访工作条例 repeat-petition rule). A planned rotation re-keys the index in a migration instead.",
    });
    return secret;
  }

  private createQueue(shape: QueueShape): DeliveryQueue {
    const name = pascal(shape.id);
    const common = {
      retentionPeriod: Duration.days(shape.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS rejects FifoQueue=false, so a standard queue leaves the attribute out.
      ...(shape.fifo ? { fifo: true } : {}),
    };

    const deadLetterQueue = new Queue(this, `${name}DeadLetterQueue`, {
      ...common,
      queueName: shapes.queueName(NAME_PREFIX, shape, true),
    });
    const queue = new Queue(this, `${name}Queue`, {
      ...common,
      queueName: shapes.queueName(NAME_PREFIX, shape),
      visibilityTimeout: Duration.seconds(shape.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: shape.maxReceiveCount },
      // Producers set deduplication ids; high-throughput mode scopes them per message group.
      ...(shape.fifo ? {
        contentBasedDeduplication: false,
        deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      } : {}),
    });

    new Alarm(this, `${name}DeadLetterAlarm`, {
      alarmDescription: `Messages in the ${shape.id} dead-letter queue: inspect, fix, then npm run redrive.`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { queue, deadLetterQueue };
  }

  private createFunction(shape: FunctionShape): NodejsFunction {
    const name = pascal(shape.id);
    const logGroup = new LogGroup(this, `${name}Logs`, { retention: LOG_RETENTION });
    // An own role per function instead of the default one with AWSLambdaBasicExecutionRole:
    // it may write to its own log group only.
    const role = new Role(this, `${name}Role`, { assumedBy: new ServicePrincipal("lambda.amazonaws.com") });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, `${name}Function`, {
      entry: `${REPO_ROOT}${shape.entry}`,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      handler: "handler",
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
      environment: {
        TABLE_NAME: this.table.tableName,
        ...Object.fromEntries(shapes.queues.map((q) => [`${q.id.toUpperCase()}_QUEUE_URL`, this.queues[q.id].queue.queueUrl])),
        AUTH_MODE: "apigw",
        POWERTOOLS_SERVICE_NAME: "casebridge",
        // Resolved by CloudFormation from Secrets Manager at deploy time; never in the template.
        PETITIONER_HASH_KEY: this.petitionerHashKey.secretValue.unsafeUnwrap(),
      },
      bundling: shape.id === "api" ? API_BUNDLING : BUNDLING,
    });

    fn.addToRolePolicy(new PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [this.table.tableArn] }));
    fn.addToRolePolicy(new PolicyStatement({
      actions: ["dynamodb:Query"],
      resources: shapes.table.indexes.map((index) => `${this.table.tableArn}/index/${index.name}`),
    }));
    for (const queueId of SENDS[shape.id]) this.queues[queueId].queue.grantSendMessages(fn);

    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "Only the X-Ray statement CDK adds for active tracing: xray:PutTraceSegments and "
        + "xray:PutTelemetryRecords do not support resource-level permissions.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-L1",
      reason: "Node.js 22 is the runtime this project is built for (esbuild target node22, tested on "
        + "Node 20/22); moving to Node.js 24 is a deliberate, tested upgrade, not a lint fix.",
    });
    return fn;
  }

  private schedule(shape: FunctionShape, minutes: number): void {
    const name = pascal(shape.id);
    const fn = this.lambdas[shape.id];
    const role = new Role(this, `${name}ScheduleRole`, {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    });
    role.addToPolicy(new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.functionArn] }));

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

  private createUserPool(): { userPool: cognito.UserPool; client: cognito.UserPoolClient } {
    const userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff accounts reach petitioners' personal data: a second factor is mandatory.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: { agency: new cognito.StringAttribute({ mutable: true }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) userPool.addGroup(`Group-${role}`, { groupName: role });

    const client = userPool.addClient("WebClient", {
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      // Only administrators set custom:agency; a user who could write it could switch agency.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    return { userPool, client };
  }

  /** Returns the API's base URL. */
  private createHttpApi(userPool: cognito.UserPool, client: cognito.UserPoolClient): string {
    const api = new HttpApi(this, "HttpApi", { apiName: NAME_PREFIX, createDefaultStage: false });
    const accessLogs = new LogGroup(this, "ApiAccessLogs", { retention: LOG_RETENTION });
    const stage = api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: "$context.requestId",
          sourceIp: "$context.identity.sourceIp",
          requestTime: "$context.requestTimeEpoch",
          routeKey: "$context.routeKey",
          path: "$context.path",
          status: "$context.status",
          latencyMs: "$context.responseLatency",
          sub: "$context.authorizer.claims.sub",
          authorizerError: "$context.authorizer.error",
          integrationError: "$context.integrationErrorMessage",
        })),
      },
    });

    const integration = new HttpLambdaIntegration("ApiIntegration", this.lambdas.api);
    const authorizer = new HttpJwtAuthorizer(
      "CognitoAuthorizer",
      `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      { jwtAudience: [client.userPoolClientId] },
    );
    api.addRoutes({ path: "/v1/{proxy+}", methods: [HttpMethod.ANY], integration, authorizer });

    for (const path of ["/health", "/openapi.json", "/docs"]) {
      for (const route of api.addRoutes({ path, methods: [HttpMethod.GET], integration })) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `GET ${path} is public by design (liveness probe and API documentation); it `
            + "returns no case data, and every /v1 route requires the Cognito JWT authorizer.",
        });
      }
    }
    return stage.url;
  }
}

function byId<S extends { readonly id: string }, T>(items: readonly S[], create: (shape: S) => T): Record<S["id"], T> {
  return Object.fromEntries(items.map((shape) => [shape.id, create(shape)])) as Record<S["id"], T>;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
