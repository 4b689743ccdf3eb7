// The synthesized Casebridge template, checked against the shapes in shared/resources.ts,
// against pinned expectations (routes and their throttles, acknowledged rules) and against
// the cdk-nag AWS Solutions rules. Keys and grants: grants.test.ts; the files bucket:
// files.test.ts; the table stream's readers: table-stream.test.ts.
import { Validations } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../shared/domain/model.js";
import { DAY_S } from "../../shared/durations.js";
import {
  bucketAccess,
  FILE_PREFIXES,
  functions,
  queues,
  table as tableShape,
  type FunctionSetting,
  type FunctionShape,
  type QueueShape,
} from "../../shared/resources.js";
import { app, getAtt, logicalId, propsOf, resources, stack, template } from "./template.js";

describe("table", () => {
  it("is one on-demand table with PITR, deletion protection, encryption and the shared keys, indexes and TTL", () => {
    const props = propsOf(stack.table);
    expect(props).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: getAtt(stack.keys.table) },
      TimeToLiveSpecification: { AttributeName: tableShape.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: tableShape.partitionKey, KeyType: "HASH" },
        { AttributeName: tableShape.sortKey, KeyType: "RANGE" },
      ],
    });
    expect(props.GlobalSecondaryIndexes).toEqual(
      tableShape.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      })),
    );
    expect(resources[logicalId(stack.table)]).toMatchObject({
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
  });
});

describe.each(queues.map((shape) => [shape.id, shape] as [QueueShape["id"], QueueShape]))(
  "queue %s",
  (id, shape) => {
    it("follows its shape and redrives to its dead-letter queue", () => {
      const { queue, deadLetterQueue } = stack.queues[id];
      expect(propsOf(queue)).toMatchObject({
        VisibilityTimeout: shape.visibilityTimeoutSeconds,
        MessageRetentionPeriod: shape.retentionDays * DAY_S,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: getAtt(deadLetterQueue),
          maxReceiveCount: shape.maxReceiveCount,
        },
      });
      expect(propsOf(deadLetterQueue)).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: shape.deadLetterRetentionDays * DAY_S,
      });
      for (const q of [queue, deadLetterQueue])
        expect(propsOf(q).FifoQueue).toBe(shape.fifo ? true : undefined);
      if (shape.fifo) {
        expect(propsOf(queue)).toMatchObject({
          ContentBasedDeduplication: false,
          DeduplicationScope: "messageGroup",
          FifoThroughputLimit: "perMessageGroupId",
        });
      }
    });

    it("keeps a dead-lettered message longer than its source queue, within the SQS maximum of 14 days", () => {
      const { queue, deadLetterQueue } = stack.queues[id];
      const source = propsOf(queue).MessageRetentionPeriod as number;
      const deadLetter = propsOf(deadLetterQueue).MessageRetentionPeriod as number;
      expect(deadLetter).toBeGreaterThan(source);
      expect(deadLetter).toBeLessThanOrEqual(14 * DAY_S);
    });

    it("refuses requests without TLS, on the queue and on its dead-letter queue", () => {
      for (const q of Object.values(stack.queues[id])) {
        template.hasResourceProperties("AWS::SQS::QueuePolicy", {
          Queues: [{ Ref: logicalId(q) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: "Deny",
                Action: "sqs:*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              }),
            ]),
          },
        });
      }
    });

    it("raises an alarm as soon as one message reaches the dead-letter queue", () => {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [
          {
            Name: "QueueName",
            Value: { "Fn::GetAtt": [logicalId(stack.queues[id].deadLetterQueue), "QueueName"] },
          },
        ],
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 1,
      });
    });

    it("feeds its consumer in batches that report partial failures, with no more pollers than it may run", () => {
      const [mapping, ...others] = Object.values(
        template.findResources("AWS::Lambda::EventSourceMapping", {
          Properties: { EventSourceArn: getAtt(stack.queues[id].queue) },
        }),
      );
      expect(others).toEqual([]);
      expect(mapping!.Properties).toMatchObject({
        FunctionName: { Ref: logicalId(stack.lambdas[shape.consumer]) },
        BatchSize: shape.batchSize,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
      const reserved = propsOf(stack.lambdas[shape.consumer]).ReservedConcurrentExecutions;
      expect(mapping!.Properties.ScalingConfig?.MaximumConcurrency).toBe(reserved);
    });
  },
);

describe.each(functions.map((shape) => [shape.id, shape] as [FunctionShape["id"], FunctionShape]))(
  "function %s",
  (id, shape) => {
    it("runs the bundled ESM handler on Node.js 22, arm64, traced, with its own log group", () => {
      const props = propsOf(stack.lambdas[id]);
      expect(props).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        Timeout: shape.timeoutSeconds,
        MemorySize: shape.memoryMb,
        TracingConfig: { Mode: "Active" },
      });
      const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
      expect(resources[logGroupId]).toMatchObject({
        Type: "AWS::Logs::LogGroup",
        Properties: { RetentionInDays: expect.any(Number) },
      });
    });

    it("gets exactly the settings it reads, each pointing at its resource, and nothing else", () => {
      const resourceOf: Record<FunctionSetting, unknown> = {
        TABLE_NAME: { Ref: logicalId(stack.table) },
        HANDOFFS_QUEUE_URL: { Ref: logicalId(stack.queues.handoffs.queue) },
        NOTIFICATIONS_QUEUE_URL: { Ref: logicalId(stack.queues.notifications.queue) },
        PETITIONER_MAC_KEY_ID: { Ref: logicalId(stack.keys.petitionerMac) },
        IDEMPOTENCY_MAC_KEY_ID: { Ref: logicalId(stack.keys.idempotencyMac) },
        WEBHOOK_SECRET_KEY_ID: { Ref: logicalId(stack.keys.webhookSecret) },
        CONSOLE_SESSION_KEY_ID: { Ref: logicalId(stack.keys.consoleSession) },
        COGNITO_DOMAIN: {
          "Fn::Join": [
            "",
            [
              "https://",
              { Ref: logicalId(stack.signIn.domain) },
              ".auth.",
              { Ref: "AWS::Region" },
              ".amazoncognito.com",
            ],
          ],
        },
        CONSOLE_CLIENT_ID: { Ref: logicalId(stack.signIn.consoleClient) },
        USER_POOL_ID: { Ref: logicalId(stack.signIn.userPool) },
        FILES_BUCKET: { Ref: logicalId(stack.files.bucket) },
      };
      expect(propsOf(stack.lambdas[id]).Environment.Variables).toEqual({
        ...Object.fromEntries(shape.settings.map((setting) => [setting, resourceOf[setting]])),
        POWERTOOLS_SERVICE_NAME: "casebridge",
      });
    });

    it("has its reserved concurrency, if any", () => {
      expect(propsOf(stack.lambdas[id]).ReservedConcurrentExecutions).toBe(shape.reservedConcurrency);
    });
  },
);

describe("schedules", () => {
  it.each(
    functions
      .filter((shape) => shape.scheduleMinutes !== undefined)
      .map((shape) => [shape.id, shape.scheduleMinutes!] as const),
  )("fire %s every %i minute(s) through a role that may invoke only that function", (id, minutes) => {
    const target = getAtt(stack.lambdas[id]);
    const schedule = Object.values(
      template.findResources("AWS::Scheduler::Schedule", { Properties: { Target: { Arn: target } } }),
    );
    expect(schedule).toHaveLength(1);
    // CDK writes a whole number of days or hours in that unit (the daily watch: `rate(1 day)`).
    const rate =
      minutes % 1440 === 0
        ? `${minutes / 1440} ${minutes === 1440 ? "day" : "days"}`
        : minutes % 60 === 0
          ? `${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`
          : `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
    expect(schedule[0]!.Properties.ScheduleExpression).toBe(`rate(${rate})`);

    const roleId = schedule[0]!.Properties.Target.RoleArn["Fn::GetAtt"][0];
    template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: roleId }],
      PolicyDocument: { Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: target }] },
    });
  });

  it("exist only for the scheduled functions", () => {
    template.resourceCountIs(
      "AWS::Scheduler::Schedule",
      functions.filter((shape) => shape.scheduleMinutes !== undefined).length,
    );
  });
});

describe("identity", () => {
  it("is a user pool without self sign-up, with a strong password policy, required MFA and threat protection", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: "ON",
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      Schema: [{ Name: "agency", AttributeDataType: "String", Mutable: true }],
    });
    expect(
      Object.values(template.findResources("AWS::Cognito::UserPool"))[0]!.Properties.Policies.PasswordPolicy
        .MinimumLength,
    ).toBeGreaterThanOrEqual(12);
  });

  it("has one group per role", () => {
    const groups = Object.values(template.findResources("AWS::Cognito::UserPoolGroup")).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it("has two app clients, the API's and the console's, neither with a secret nor able to write custom:agency", () => {
    const clients = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.Properties.GenerateSecret).toBe(false);
      expect(client.Properties.WriteAttributes).toEqual(["name"]);
    }
  });
});

describe("HTTP API", () => {
  const routes = () => Object.values(template.findResources("AWS::ApiGatewayV2::Route"));

  it("guards every /v1 route with the Cognito JWT authorizer; health, docs, the landing page, the Open311 facade and the console have none", () => {
    const [authorizer] = Object.keys(template.findResources("AWS::ApiGatewayV2::Authorizer"));
    const auth = Object.fromEntries(
      routes().map((r) => [
        r.Properties.RouteKey,
        r.Properties.AuthorizationType === "JWT" && r.Properties.AuthorizerId?.Ref === authorizer
          ? "JWT"
          : (r.Properties.AuthorizationType ?? "NONE"),
      ]),
    );
    expect(auth).toEqual({
      "GET /v1/{proxy+}": "JWT",
      "POST /v1/{proxy+}": "JWT",
      "PUT /v1/{proxy+}": "JWT",
      "DELETE /v1/{proxy+}": "JWT",
      "POST /v1/cases": "JWT",
      "GET /health": "NONE",
      "GET /openapi.json": "NONE",
      "GET /docs": "NONE",
      "GET /docs/{proxy+}": "NONE",
      "GET /": "NONE",
      "GET /open311/{proxy+}": "NONE",
      "POST /open311/{proxy+}": "NONE",
      "GET /console": "NONE",
      "GET /console/{proxy+}": "NONE",
      "POST /console/{proxy+}": "NONE",
      "GET /console/callback": "NONE",
    });
  });

  it("throttles each route on its own, registration, Open311 filing and the public pages below the rest of /v1", () => {
    const [stage] = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    const limits = (rate: number, burst: number) => ({
      ThrottlingRateLimit: rate,
      ThrottlingBurstLimit: burst,
    });
    expect(stage!.Properties.RouteSettings).toEqual({
      "GET /v1/{proxy+}": limits(100, 200),
      "POST /v1/{proxy+}": limits(50, 100),
      "PUT /v1/{proxy+}": limits(10, 20),
      "DELETE /v1/{proxy+}": limits(10, 20),
      "POST /v1/cases": limits(10, 20),
      "GET /health": limits(5, 10),
      "GET /openapi.json": limits(5, 10),
      "GET /docs": limits(5, 10),
      "GET /docs/{proxy+}": limits(20, 40),
      "GET /": limits(5, 10),
      "GET /open311/{proxy+}": limits(50, 100),
      "POST /open311/{proxy+}": limits(10, 20),
      "GET /console": limits(10, 20),
      "GET /console/{proxy+}": limits(50, 100),
      "POST /console/{proxy+}": limits(50, 100),
      "GET /console/callback": limits(10, 20),
    });
    expect(Object.keys(stage!.Properties.RouteSettings).sort()).toEqual(
      routes()
        .map((r) => r.Properties.RouteKey)
        .sort(),
    );
  });

  it("creates the routes before the stage that names them in its route settings", () => {
    const [stage] = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    for (const routeId of Object.keys(template.findResources("AWS::ApiGatewayV2::Route")))
      expect(stage!.DependsOn).toContain(routeId);
  });

  it("trusts tokens issued by the user pool for the API's app client only", () => {
    const pool = logicalId(stack.signIn.userPool);
    const client = logicalId(stack.signIn.apiClient);
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Audience: [{ Ref: client }],
        Issuer: {
          "Fn::Join": [
            "",
            ["https://cognito-idp.", { Ref: "AWS::Region" }, ".amazonaws.com/", { Ref: pool }],
          ],
        },
      },
    });
  });

  it("throttles the default stage and logs every request", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [Match.anyValue(), "Arn"] },
        Format: Match.stringLikeRegexp("\\$context\\.requestId"),
      },
    });
  });

  it("sends the /console routes to the console function and every other route to the api function", () => {
    const integrations = template.findResources("AWS::ApiGatewayV2::Integration");
    const targetOf = Object.fromEntries(
      Object.entries(integrations).map(([id, integration]) => {
        expect(integration.Properties).toMatchObject({
          IntegrationType: "AWS_PROXY",
          PayloadFormatVersion: "2.0",
        });
        const fn = (["api", "console"] as const).find(
          (f) =>
            JSON.stringify(integration.Properties.IntegrationUri) ===
            JSON.stringify(getAtt(stack.lambdas[f])),
        );
        return [id, fn];
      }),
    );
    expect(Object.values(targetOf).sort()).toEqual(["api", "console"]);
    for (const route of routes()) {
      const target = targetOf[route.Properties.Target["Fn::Join"][1][1].Ref];
      expect(target, route.Properties.RouteKey).toBe(
        / \/console(\/|$)/.test(route.Properties.RouteKey) ? "console" : "api",
      );
    }
  });
});

it("outputs the API URL, the console URL, the hosted UI URL, user pool id, client id and table name", () => {
  expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
    "ApiUrl",
    "ConsoleUrl",
    "HostedUiUrl",
    "TableName",
    "UserPoolClientId",
    "UserPoolId",
  ]);
});

describe("cdk-nag AWS Solutions", () => {
  it("reports no unacknowledged error or warning", () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
  });

  it("acknowledges only the reviewed rules, where they apply, each with its reason", () => {
    const acknowledged: { rule: string; path: string; reason: string }[] = [];
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.push({ rule: id.replace(/^annotation::/i, ""), path: construct.node.path, reason });
        }
      }
    }
    const where = (rule: string) => acknowledged.filter((a) => a.rule === rule);
    // IAM5 on the files bucket's objects: one rule per key prefix bucketAccess grants on.
    const filesPrefixes = [
      ...new Set(Object.values(bucketAccess).flatMap((access) => access.grants.map((g) => g.prefix))),
    ];
    const objectsRule = (prefix: keyof typeof FILE_PREFIXES) =>
      `AwsSolutions-IAM5[Resource::<${logicalId(stack.files.bucket)}.Arn>/${FILE_PREFIXES[prefix]}*]`;
    expect([...new Set(acknowledged.map((a) => a.rule))].sort()).toEqual(
      [
        "AwsSolutions-APIG4",
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-L1",
        "AwsSolutions-S1",
        ...filesPrefixes.map(objectsRule),
      ].sort(),
    );

    // APIG4: on the public routes, the Open311 facade's and the console's only, each reason
    // naming its route.
    const publicRoutes = ["GET /health", "GET /openapi.json", "GET /docs", "GET /docs/{proxy+}", "GET /"];
    const open311Routes = ["GET /open311/{proxy+}", "POST /open311/{proxy+}"];
    const consoleRoutes = [
      "GET /console",
      "GET /console/{proxy+}",
      "POST /console/{proxy+}",
      "GET /console/callback",
    ];
    const routeOf = (reason: string, phrase: string) =>
      reason.includes(phrase) ? reason.split(phrase)[0] : undefined;
    expect(
      where("AwsSolutions-APIG4")
        .map((a) => routeOf(a.reason, " is public by design: "))
        .filter(Boolean)
        .sort(),
    ).toEqual([...publicRoutes].sort());
    expect(
      where("AwsSolutions-APIG4")
        .map((a) => routeOf(a.reason, " is guarded by the console's session, not a JWT: "))
        .filter(Boolean)
        .sort(),
    ).toEqual([...consoleRoutes].sort());
    const open311Reasons = where("AwsSolutions-APIG4").filter((a) =>
      routeOf(a.reason, " is guarded by an API key, not a JWT: "),
    );
    expect(
      open311Reasons.map((a) => routeOf(a.reason, " is guarded by an API key, not a JWT: ")).sort(),
    ).toEqual([...open311Routes].sort());
    for (const { reason } of open311Reasons)
      expect(reason).toMatch(
        /per-app API key .*its own rate limit; GeoReport v2 clients send no bearer token/,
      );
    expect(where("AwsSolutions-APIG4")).toHaveLength(
      publicRoutes.length + open311Routes.length + consoleRoutes.length,
    );
    for (const { reason } of where("AwsSolutions-APIG4"))
      expect(reason).toMatch(/\. Every \/v1 route requires the Cognito JWT authorizer\.$/);

    // IAM5 on Resource::* : on each function role, for X-Ray only (the least-privilege test
    // above checks that X-Ray's are the only * resources).
    expect(
      where("AwsSolutions-IAM5[Resource::*]")
        .map((a) => a.path)
        .sort(),
    ).toEqual(functions.map((f) => stack.roles[f.id].node.path).sort());
    for (const { reason } of where("AwsSolutions-IAM5[Resource::*]"))
      expect(reason).toMatch(/xray:PutTraceSegments and xray:PutTelemetryRecords/);

    // L1: on each function, for the pinned Node.js 22 runtime.
    expect(
      where("AwsSolutions-L1")
        .map((a) => a.path)
        .sort(),
    ).toEqual(functions.map((f) => stack.lambdas[f.id].node.path).sort());
    for (const { reason } of where("AwsSolutions-L1")) expect(reason).toMatch(/^Node\.js 22 is the runtime/);

    // IAM5 on a prefix's objects: on the roles of the functions bucketAccess grants that prefix.
    for (const prefix of filesPrefixes) {
      expect(
        where(objectsRule(prefix))
          .map((a) => a.path)
          .sort(),
        prefix,
      ).toEqual(
        Object.entries(bucketAccess)
          .filter(([, access]) => access.grants.some((g) => g.prefix === prefix))
          .map(([id]) => stack.roles[id as FunctionShape["id"]].node.path)
          .sort(),
      );
      for (const { reason } of where(objectsRule(prefix)))
        expect(reason).toContain(`The objects under ${FILE_PREFIXES[prefix]} are one kind of file`);
    }

    // S1 (server access logs): on the log bucket only, which is where the files bucket's go.
    expect(where("AwsSolutions-S1").map((a) => a.path)).toEqual([stack.files.accessLogs.node.path]);
    expect(where("AwsSolutions-S1")[0]!.reason).toMatch(
      /destination of the files bucket's server access logs/,
    );

    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });
});
