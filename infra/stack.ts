// The Casebridge stack: the KMS keys, the single table, the queues with their dead-letter
// queues and alarms, the six Lambdas with their own roles and grants, the HTTP API behind
// Cognito, and the schedules. Table, queue and function shapes (settings, table access)
// come from shared/resources.ts, the source the local runtime uses too.
import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { CfnStage, HttpApi, HttpMethod, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction, OutputFormat, type BundlingOptions } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { ROLES } from "../shared/domain/model.js";
import { apiReferenceSource, DOCS_ASSETS_DIR } from "../shared/http/docs-bundle.js";
import * as shapes from "../shared/resources.js";
import type { FunctionSetting, FunctionShape, QueueShape, TableAccess } from "../shared/resources.js";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const NAME_PREFIX = "casebridge";
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * What a principal needs from the table's key when DynamoDB uses it on its behalf: the
 * actions CDK's table.grantReadWriteData adds for a customer-managed key.
 */
const TABLE_KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

/** Webhook secrets are sealed with this encryption context (shared/http/reference.ts, shared/app/delivery.ts). */
const WEBHOOK_CONTEXT = { StringEquals: { "kms:EncryptionContext:purpose": "webhook" } };

interface RouteShape {
  readonly method: HttpMethod;
  readonly path: string;
  /** Requests per second and burst for this route alone, counted across all callers. */
  readonly rate: number;
  readonly burst: number;
  /** A public route says why it needs no token; every other route takes the JWT authorizer. */
  readonly publicBecause?: string;
}

/**
 * The HTTP API's routes, each with its own throttle: a flood on one route (a public page,
 * registration) uses up that route's limit only, not the rest of the API's.
 */
const ROUTES: readonly RouteShape[] = [
  { method: HttpMethod.GET, path: "/v1/{proxy+}", rate: 100, burst: 200 },
  { method: HttpMethod.POST, path: "/v1/{proxy+}", rate: 50, burst: 100 },
  // Configuration (webhooks, routing rules, calendars): a few changes a day.
  { method: HttpMethod.PUT, path: "/v1/{proxy+}", rate: 10, burst: 20 },
  // Registration is the intake desk's work, and each one costs two KMS MACs and a transaction.
  { method: HttpMethod.POST, path: "/v1/cases", rate: 10, burst: 20 },
  { method: HttpMethod.GET, path: "/health", rate: 5, burst: 10, publicBecause: "a liveness probe for monitors; it answers status and time without reading the table" },
  { method: HttpMethod.GET, path: "/openapi.json", rate: 5, burst: 10, publicBecause: "the API contract, generated from the zod schemas; it holds no data" },
  { method: HttpMethod.GET, path: "/docs", rate: 5, burst: 10, publicBecause: "the API reference page, rendered from the OpenAPI document; it holds no data" },
  { method: HttpMethod.GET, path: "/docs/{proxy+}", rate: 20, burst: 40, publicBecause: "the reference page's static assets (scripts, styles), loaded by the browser before anyone signs in" },
  { method: HttpMethod.GET, path: "/", rate: 5, burst: 10, publicBecause: "the landing page that points to the docs and the sign-in; it holds no data" },
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

export interface CasebridgeKeys {
  /** HMAC key of the keyed hash that matches repeat petitioners by ID number. */
  readonly petitionerMac: Key;
  /** HMAC key of the Idempotency-Key request hashes. */
  readonly idempotencyMac: Key;
  /** Seals the agencies' webhook signing secrets. */
  readonly webhookSecret: Key;
  /** Encrypts the table (and its indexes, backups and PITR data). */
  readonly table: Key;
}

export class CasebridgeStack extends Stack {
  readonly roles: Record<FunctionShape["id"], Role>;
  readonly keys: CasebridgeKeys;
  readonly table: Table;
  readonly queues: Record<QueueShape["id"], DeliveryQueue>;
  readonly lambdas: Record<FunctionShape["id"], NodejsFunction>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // An own role per function instead of the default one with AWSLambdaBasicExecutionRole,
    // created first: the key policies name them.
    this.roles = byId(shapes.functions, (shape) => new Role(this, `${pascal(shape.id)}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    }));
    this.keys = this.createKeys();
    this.table = this.createTable();
    this.queues = byId(shapes.queues, (shape) => this.createQueue(shape));
    this.lambdas = byId(shapes.functions, (shape) => this.createFunction(shape));

    for (const shape of shapes.queues) {
      const consumer = shapes.functions.find((f) => f.id === shape.consumer)!;
      this.lambdas[shape.consumer].addEventSource(new SqsEventSource(this.queues[shape.id].queue, {
        batchSize: shape.batchSize,
        reportBatchItemFailures: true,
        // No more pollers than the consumer may run: a batch polled beyond its reserved
        // concurrency is throttled back to the queue and counts a receive toward the DLQ.
        maxConcurrency: consumer.reservedConcurrency,
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

  /**
   * The keys and who may use them. Each key policy keeps CDK's default statement (the
   * account may administer the key through IAM) and names the roles that may use it; no
   * function role has a KMS statement of its own. RETAIN on every key: the table and its
   * backups, the petitioner index and the sealed webhook secrets are unreadable or
   * unmatchable without them, so deleting the stack must not schedule them for deletion.
   */
  private createKeys(): CasebridgeKeys {
    const { api, notifier } = this.roles;
    // KMS does not rotate HMAC keys, and a new petitioner key would stop every earlier
    // petition from matching a repeat: a planned re-key is a migration of the index.
    const hmacKey = (id: string, description: string) => new Key(this, id, {
      description, keySpec: KeySpec.HMAC_256, keyUsage: KeyUsage.GENERATE_VERIFY_MAC, removalPolicy: RemovalPolicy.RETAIN,
    });
    const petitionerMac = hmacKey("PetitionerMacKey", "Casebridge: keyed hash matching repeat petitioners by ID number (api only)");
    const idempotencyMac = hmacKey("IdempotencyMacKey", "Casebridge: keyed hash of Idempotency-Key request bodies (api only)");
    allowUse(petitionerMac, "ApiMakesPetitionerKeys", [api], ["kms:GenerateMac"]);
    allowUse(idempotencyMac, "ApiMakesRequestHashes", [api], ["kms:GenerateMac"]);

    const webhookSecret = new Key(this, "WebhookSecretKey", {
      description: "Casebridge: seals webhook signing secrets (api seals, notifier opens)",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowUse(webhookSecret, "ApiSealsWebhookSecrets", [api], ["kms:Encrypt"], WEBHOOK_CONTEXT);
    allowUse(webhookSecret, "NotifierOpensWebhookSecrets", [notifier], ["kms:Decrypt"], WEBHOOK_CONTEXT);

    const table = new Key(this, "TableKey", {
      description: "Casebridge: encrypts the table, its indexes and backups",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Table encryption is table-wide: every function that reads or writes an item needs
    // the key, so all six roles are named, and only through DynamoDB.
    allowUse(table, "FunctionsUseTableThroughDynamoDB", Object.values(this.roles), TABLE_KEY_ACTIONS, {
      StringEquals: { "kms:ViaService": `dynamodb.${this.region}.amazonaws.com` },
    });
    return { petitionerMac, idempotencyMac, webhookSecret, table };
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
    const role = this.roles[shape.id];
    // Its own log group only.
    logGroup.grantWrite(role);
    const settings = this.settingValues();

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
      reservedConcurrentExecutions: shape.reservedConcurrency,
      // Exactly the settings the function reads (depsFromEnv checks them at cold start).
      environment: {
        ...Object.fromEntries(shape.settings.map((setting) => [setting, settings[setting]])),
        POWERTOOLS_SERVICE_NAME: "casebridge",
      },
      bundling: shape.id === "api" ? API_BUNDLING : BUNDLING,
    });

    this.grantTable(role, shapes.tableAccess[shape.id]);
    // SendMessageBatch is authorized as sqs:SendMessage; the URL comes from the settings.
    for (const queue of shapes.sendsTo(shape)) {
      role.addToPolicy(new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [this.queues[queue.id].queue.queueArn] }));
    }

    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "Only the X-Ray statement CDK adds for active tracing: xray:PutTraceSegments and "
        + "xray:PutTelemetryRecords do not support resource-level permissions.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-L1",
      reason: "Node.js 22 is the runtime the bundles are built for (esbuild target node22, AWS SDK v3 "
        + "taken from the runtime); moving to Node.js 24 is a deliberate, tested upgrade, not a lint fix.",
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
    };
  }

  /** Exactly the function's row of shapes.tableAccess: item actions on the table, Query on its indexes. */
  private grantTable(role: Role, access: TableAccess): void {
    role.addToPolicy(new PolicyStatement({
      actions: access.actions.map((action) => `dynamodb:${action}`),
      resources: [this.table.tableArn],
    }));
    if (access.indexes.length) {
      role.addToPolicy(new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: access.indexes.map((index) => `${this.table.tableArn}/index/${index}`),
      }));
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
    for (const shape of ROUTES) {
      const [route] = api.addRoutes({
        path: shape.path, methods: [shape.method], integration, ...(shape.publicBecause ? {} : { authorizer }),
      });
      // CloudFormation refuses route settings for a route key that does not exist yet.
      stage.node.addDependency(route!);
      if (shape.publicBecause) {
        Validations.of(route!).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${shape.method} ${shape.path} is public by design: ${shape.publicBecause}. `
            + "Every /v1 route requires the Cognito JWT authorizer.",
        });
      }
    }
    // The L2 stage has only the default throttle; per-route limits go on the L1 stage.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(ROUTES.map((shape) => [
      `${shape.method} ${shape.path}`,
      { ThrottlingRateLimit: shape.rate, ThrottlingBurstLimit: shape.burst },
    ]));
    return stage.url;
  }
}

/** A key policy statement: these roles may take these actions on the key, and nobody else is named. */
function allowUse(key: Key, sid: string, roles: readonly Role[], actions: string[], conditions?: Record<string, unknown>): void {
  key.addToResourcePolicy(new PolicyStatement({ sid, principals: [...roles], actions, resources: ["*"], ...(conditions ? { conditions } : {}) }));
}

function byId<S extends { readonly id: string }, T>(items: readonly S[], create: (shape: S) => T): Record<S["id"], T> {
  return Object.fromEntries(items.map((shape) => [shape.id, create(shape)])) as Record<S["id"], T>;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
