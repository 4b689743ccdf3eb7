// The synthesized Casebridge template, checked against the shapes in shared/resources.ts
// and against the cdk-nag AWS Solutions rules. Bundling is skipped: no esbuild runs.
import { readFileSync } from "node:fs";
import { App, Validations, type CfnElement } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { CasebridgeStack } from "../../infra/stack.js";
import { ROLES } from "../../shared/domain/model.js";
import { functions, queues, table as tableShape, type FunctionShape, type QueueShape } from "../../shared/resources.js";

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Record<string, unknown> };

type Resource = { Type: string; Properties: Record<string, any> };

let app: App;
let stack: CasebridgeStack;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  // Same feature flags as `cdk synth`; an empty bundling list skips esbuild for every stack.
  app = new App({ context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] } });
  stack = new CasebridgeStack(app, "Casebridge");
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const propsOf = (construct: IConstruct) => resources[logicalId(construct)]!.Properties;
const getAtt = (construct: IConstruct) => ({ "Fn::GetAtt": [logicalId(construct), "Arn"] });

/** Every (action, resource) pair the function's role allows, resources as logical ids. */
function permissionsOf(fnId: FunctionShape["id"]): string[] {
  const roleId = propsOf(stack.lambdas[fnId]).Role["Fn::GetAtt"][0] as string;
  const pairs: string[] = [];
  for (const policy of Object.values(resources)) {
    if (policy.Type !== "AWS::IAM::Policy" || !policy.Properties.Roles.some((r: any) => r.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe("Allow");
      for (const action of [statement.Action].flat()) {
        for (const resource of [statement.Resource].flat()) pairs.push(`${action} ${describeResource(resource)}`);
      }
    }
  }
  return pairs;
}

function describeResource(resource: any): string {
  if (typeof resource === "string") return resource;
  if (resource["Fn::GetAtt"]) return resource["Fn::GetAtt"][0];
  const [, parts] = resource["Fn::Join"];
  return parts.map(describeResource).join("");
}

describe("table", () => {
  it("is one on-demand table with PITR, deletion protection, encryption and the shared keys, indexes and TTL", () => {
    const props = propsOf(stack.table);
    expect(props).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableShape.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: tableShape.partitionKey, KeyType: "HASH" },
        { AttributeName: tableShape.sortKey, KeyType: "RANGE" },
      ],
    });
    expect(props.GlobalSecondaryIndexes).toEqual(tableShape.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" },
    })));
    expect(resources[logicalId(stack.table)]).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
  });
});

describe.each(queues.map((shape) => [shape.id, shape] as [QueueShape["id"], QueueShape]))("queue %s", (id, shape) => {
  it("follows its shape and redrives to its dead-letter queue", () => {
    const { queue, deadLetterQueue } = stack.queues[id];
    expect(propsOf(queue)).toMatchObject({
      VisibilityTimeout: shape.visibilityTimeoutSeconds,
      MessageRetentionPeriod: shape.retentionDays * 86_400,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt(deadLetterQueue), maxReceiveCount: shape.maxReceiveCount },
    });
    expect(propsOf(deadLetterQueue)).toMatchObject({ SqsManagedSseEnabled: true });
    for (const q of [queue, deadLetterQueue]) expect(propsOf(q).FifoQueue).toBe(shape.fifo ? true : undefined);
    if (shape.fifo) {
      expect(propsOf(queue)).toMatchObject({
        ContentBasedDeduplication: false,
        DeduplicationScope: "messageGroup",
        FifoThroughputLimit: "perMessageGroupId",
      });
    }
  });

  it("refuses requests without TLS, on the queue and on its dead-letter queue", () => {
    for (const q of Object.values(stack.queues[id])) {
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: logicalId(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: "Deny",
            Action: "sqs:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          })]),
        },
      });
    }
  });

  it("raises an alarm as soon as one message reaches the dead-letter queue", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [logicalId(stack.queues[id].deadLetterQueue), "QueueName"] } }],
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Threshold: 1,
    });
  });

  it("feeds its consumer in batches that report partial failures", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: getAtt(stack.queues[id].queue),
      FunctionName: { Ref: logicalId(stack.lambdas[shape.consumer]) },
      BatchSize: shape.batchSize,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });
});

describe.each(functions.map((shape) => [shape.id, shape] as [FunctionShape["id"], FunctionShape]))("function %s", (id, shape) => {
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
    expect(resources[logGroupId]).toMatchObject({ Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: expect.any(Number) } });
  });

  it("gets the table, both queue URLs, the API auth mode and the petitioner hash key from its environment", () => {
    expect(propsOf(stack.lambdas[id]).Environment.Variables).toEqual({
      TABLE_NAME: { Ref: logicalId(stack.table) },
      HANDOFFS_QUEUE_URL: { Ref: logicalId(stack.queues.handoffs.queue) },
      NOTIFICATIONS_QUEUE_URL: { Ref: logicalId(stack.queues.notifications.queue) },
      AUTH_MODE: "apigw",
      POWERTOOLS_SERVICE_NAME: "casebridge",
      // A dynamic reference to the generated secret, resolved at deploy: no key in the template.
      PETITIONER_HASH_KEY: { "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: logicalId(stack.petitionerHashKey) }, ":SecretString:::}}"]] },
    });
  });
});

describe("least privilege", () => {
  const sends: Record<FunctionShape["id"], QueueShape["id"][]> = {
    api: ["handoffs", "notifications"],
    router: ["notifications"],
    notifier: [],
    sweeper: ["handoffs", "notifications"],
    relay: ["handoffs", "notifications"],
    agenda: ["notifications"],
  };

  it.each(functions.map((shape) => shape.id))("%s sends to, and consumes from, exactly its queues", (id) => {
    const allowed = permissionsOf(id);
    for (const shape of queues) {
      const queueId = logicalId(stack.queues[shape.id].queue);
      expect(allowed.includes(`sqs:SendMessage ${queueId}`), `send to ${shape.id}`).toBe(sends[id].includes(shape.id));
      expect(allowed.includes(`sqs:ReceiveMessage ${queueId}`), `consume ${shape.id}`).toBe(shape.consumer === id);
      expect(allowed.includes(`sqs:DeleteMessage ${queueId}`), `delete from ${shape.id}`).toBe(shape.consumer === id);
    }
    const own = new Set([...sends[id], ...queues.filter((q) => q.consumer === id).map((q) => q.id)]);
    const ownIds = [...own].map((queueId) => logicalId(stack.queues[queueId].queue));
    for (const pair of allowed.filter((p) => p.startsWith("sqs:"))) expect(ownIds, pair).toContain(pair.split(" ")[1]);
  });

  it.each(functions.map((shape) => shape.id))("%s reads and writes items and queries the indexes, but cannot Scan", (id) => {
    const allowed = permissionsOf(id);
    const table = logicalId(stack.table);
    expect(allowed).toEqual(expect.arrayContaining([
      `dynamodb:GetItem ${table}`, `dynamodb:PutItem ${table}`, `dynamodb:UpdateItem ${table}`,
      `dynamodb:ConditionCheckItem ${table}`, `dynamodb:Query ${table}`,
      ...tableShape.indexes.map((index) => `dynamodb:Query ${table}/index/${index.name}`),
    ]));
    expect(allowed.filter((p) => /dynamodb:(Scan|\*)/.test(p) || p.includes("/index/*"))).toEqual([]);
  });

  it.each(functions.map((shape) => shape.id))("%s writes only to its own log group and has no other wildcard", (id) => {
    const allowed = permissionsOf(id);
    const logGroup = propsOf(stack.lambdas[id]).LoggingConfig.LogGroup.Ref;
    expect(allowed.filter((p) => p.startsWith("logs:")).sort()).toEqual([`logs:CreateLogStream ${logGroup}`, `logs:PutLogEvents ${logGroup}`]);
    expect(allowed.filter((p) => p.endsWith(" *")).sort()).toEqual(["xray:PutTelemetryRecords *", "xray:PutTraceSegments *"]);
  });

  it("attaches no managed policies to any role", () => {
    for (const role of Object.values(template.findResources("AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe("schedules", () => {
  it.each(functions.filter((shape) => shape.scheduleMinutes !== undefined).map((shape) => [shape.id, shape.scheduleMinutes!] as const))(
    "fire %s every %i minute(s) through a role that may invoke only that function",
    (id, minutes) => {
      const target = getAtt(stack.lambdas[id]);
      const schedule = Object.values(template.findResources("AWS::Scheduler::Schedule", { Properties: { Target: { Arn: target } } }));
      expect(schedule).toHaveLength(1);
      expect(schedule[0]!.Properties.ScheduleExpression).toBe(`rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`);

      const roleId = schedule[0]!.Properties.Target.RoleArn["Fn::GetAtt"][0];
      template.hasResourceProperties("AWS::IAM::Policy", {
        Roles: [{ Ref: roleId }],
        PolicyDocument: { Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: target }] },
      });
    },
  );

  it("exist only for the scheduled functions", () => {
    template.resourceCountIs("AWS::Scheduler::Schedule", functions.filter((shape) => shape.scheduleMinutes !== undefined).length);
  });
});

describe("identity", () => {
  it("is a user pool without self sign-up, with a strong password policy, required MFA and threat protection", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: { MinimumLength: Match.anyValue(), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      MfaConfiguration: "ON",
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      Schema: [{ Name: "agency", AttributeDataType: "String", Mutable: true }],
    });
    expect(Object.values(template.findResources("AWS::Cognito::UserPool"))[0]!.Properties.Policies.PasswordPolicy.MinimumLength)
      .toBeGreaterThanOrEqual(12);
  });

  it("has one group per role", () => {
    const groups = Object.values(template.findResources("AWS::Cognito::UserPoolGroup")).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it("has an app client that cannot write custom:agency", () => {
    const [client] = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    expect(client!.Properties.GenerateSecret).toBe(false);
    expect(client!.Properties.WriteAttributes).not.toContain("custom:agency");
  });
});

describe("HTTP API", () => {
  const routeAuth = () => Object.fromEntries(
    Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType ?? "NONE"]),
  );

  it("guards /v1 with the Cognito JWT authorizer and leaves only health and docs public", () => {
    expect(routeAuth()).toEqual({
      "ANY /v1/{proxy+}": "JWT",
      "GET /health": "NONE",
      "GET /openapi.json": "NONE",
      "GET /docs": "NONE",
    });
  });

  it("trusts tokens issued by the user pool for the app client", () => {
    const [pool] = Object.keys(template.findResources("AWS::Cognito::UserPool"));
    const [client] = Object.keys(template.findResources("AWS::Cognito::UserPoolClient"));
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Audience: [{ Ref: client }],
        Issuer: { "Fn::Join": ["", ["https://cognito-idp.", { Ref: "AWS::Region" }, ".amazonaws.com/", { Ref: pool }]] },
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

  it("sends every route to the api function", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      IntegrationUri: getAtt(stack.lambdas.api),
      PayloadFormatVersion: "2.0",
    });
    template.resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
  });
});

it("outputs the API URL, user pool id, client id and table name", () => {
  expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(["ApiUrl", "TableName", "UserPoolClientId", "UserPoolId"]);
});

describe("cdk-nag AWS Solutions", () => {
  it("reports no unacknowledged error or warning", () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(", ")}`);
    expect(findings).toEqual([]);
  });

  it("acknowledges only the reviewed rules, each with a reason", () => {
    const acknowledged = new Map<string, string>();
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.set(id.replace(/^annotation::/i, ""), reason);
        }
      }
    }
    expect([...acknowledged.keys()].sort()).toEqual(["AwsSolutions-APIG4", "AwsSolutions-IAM5[Resource::*]", "AwsSolutions-L1", "AwsSolutions-SMG4"]);
    for (const reason of acknowledged.values()) expect(reason.length).toBeGreaterThan(60);
  });
});
