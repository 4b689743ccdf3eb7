// Keys and grants on the synthesized template: the settings each function gets and its
// reserved concurrency, the queues it may send to, what it may do to the table (exactly its
// row of tableAccess) and in the files bucket (exactly its row of bucketAccess), and who may
// use each KMS key. Pinned where a regression would widen access.
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import {
  bucketAccess,
  FILE_PREFIXES,
  functions,
  queues,
  sendsTo,
  tableAccess,
  type FunctionShape,
  type QueueShape,
} from "../../shared/resources.js";
import { logicalId, permissionsOf, propsOf, resources, stack, template } from "./template.js";

describe("settings and concurrency, pinned", () => {
  const variables = (id: FunctionShape["id"]) =>
    Object.keys(propsOf(stack.lambdas[id]).Environment.Variables).sort();

  it("gives key ids only to the api (its three), the console (both HMAC keys and its own) and the notifier (the webhook key)", () => {
    const keyIds: Partial<Record<FunctionShape["id"], string[]>> = {
      api: ["IDEMPOTENCY_MAC_KEY_ID", "PETITIONER_MAC_KEY_ID", "WEBHOOK_SECRET_KEY_ID"],
      console: ["CONSOLE_SESSION_KEY_ID", "IDEMPOTENCY_MAC_KEY_ID", "PETITIONER_MAC_KEY_ID"],
      notifier: ["WEBHOOK_SECRET_KEY_ID"],
    };
    for (const { id } of functions) {
      const expected = keyIds[id] ?? [];
      expect(
        variables(id).filter((v) => v.endsWith("_KEY_ID")),
        id,
      ).toEqual(expected);
    }
  });

  it("gives the notices function exactly its table and the files bucket", () => {
    expect(variables("notices")).toEqual(["FILES_BUCKET", "POWERTOOLS_SERVICE_NAME", "TABLE_NAME"]);
  });

  it("gives the files bucket's name to the api, the console and the notices function only", () => {
    expect(functions.filter(({ id }) => variables(id).includes("FILES_BUCKET")).map((f) => f.id)).toEqual([
      "api",
      "console",
      "notices",
    ]);
  });

  it("sets none of the retired variables", () => {
    for (const { id } of functions) {
      for (const retired of ["AUTH_MODE", "DEV_JWT_SECRET", "PETITIONER_HASH_KEY"])
        expect(variables(id), id).not.toContain(retired);
    }
  });

  it("reserves 50 for the api, 20 for the console and 5 for the notifier, and caps the notifier's pollers to match", () => {
    const reserved = Object.fromEntries(
      functions.map(({ id }) => [id, propsOf(stack.lambdas[id]).ReservedConcurrentExecutions]),
    );
    expect(reserved).toEqual({
      api: 50,
      console: 20,
      router: undefined,
      notifier: 5,
      sweeper: undefined,
      relay: undefined,
      agenda: undefined,
      stats: undefined,
      watch: undefined,
      notices: undefined,
    });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stack.lambdas.notifier) },
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe("least privilege", () => {
  const sends: Record<FunctionShape["id"], QueueShape["id"][]> = {
    api: ["handoffs", "notifications"],
    console: ["handoffs", "notifications"],
    router: ["notifications"],
    notifier: [],
    sweeper: ["notifications"],
    relay: ["handoffs", "notifications"],
    agenda: ["notifications"],
    stats: [],
    watch: ["notifications"],
    notices: [],
  };

  it("derives who sends where from the queue URLs each function reads", () => {
    expect(Object.fromEntries(functions.map((shape) => [shape.id, sendsTo(shape).map((q) => q.id)]))).toEqual(
      sends,
    );
  });

  it.each(functions.map((shape) => shape.id))("%s sends to, and consumes from, exactly its queues", (id) => {
    const allowed = permissionsOf(id);
    for (const shape of queues) {
      const queueId = logicalId(stack.queues[shape.id].queue);
      expect(allowed.includes(`sqs:SendMessage ${queueId}`), `send to ${shape.id}`).toBe(
        sends[id].includes(shape.id),
      );
      expect(allowed.includes(`sqs:ReceiveMessage ${queueId}`), `consume ${shape.id}`).toBe(
        shape.consumer === id,
      );
      expect(allowed.includes(`sqs:DeleteMessage ${queueId}`), `delete from ${shape.id}`).toBe(
        shape.consumer === id,
      );
    }
    const own = new Set([...sends[id], ...queues.filter((q) => q.consumer === id).map((q) => q.id)]);
    const ownIds = [...own].map((queueId) => logicalId(stack.queues[queueId].queue));
    for (const pair of allowed.filter((p) => p.startsWith("sqs:")))
      expect(ownIds, pair).toContain(pair.split(" ")[1]);
    // A sender may only send: no queue attributes, no purge, nothing on a queue it does not consume.
    const consumed = queues.filter((q) => q.consumer === id).map((q) => logicalId(stack.queues[q.id].queue));
    for (const pair of allowed.filter((p) => p.startsWith("sqs:") && !consumed.includes(p.split(" ")[1]!)))
      expect(pair).toMatch(/^sqs:SendMessage /);
  });

  const dynamodbOf = (id: FunctionShape["id"]) =>
    permissionsOf(id)
      .filter((p) => p.startsWith("dynamodb:"))
      .sort();

  it.each(functions.map((shape) => shape.id))(
    "%s may do to the table exactly what its row of tableAccess says",
    (id) => {
      const table = logicalId(stack.table);
      const { actions, indexes } = tableAccess[id];
      // The stream's readers (stats, notices) also read the table's stream (its ARN is an attribute of the table).
      const stream = functions.find((f) => f.id === id)?.tableStream
        ? ["DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"]
        : [];
      expect(dynamodbOf(id)).toEqual(
        [
          ...actions.map((action) => `dynamodb:${action} ${table}`),
          ...stream.map((action) => `dynamodb:${action} ${table}`),
          ...indexes.map((index) => `dynamodb:Query ${table}/index/${index}`),
        ].sort(),
      );
    },
  );

  it("lets nobody Scan, batch-write, use a wildcard action or reach every index", () => {
    for (const { id } of functions) {
      expect(
        dynamodbOf(id).filter((p) => /dynamodb:(Scan|BatchWriteItem|\*)|\/index\/\*/.test(p)),
        id,
      ).toEqual([]);
    }
  });

  it("gives each function only the indexes its paths query, and the notifier and router no Query at all", () => {
    const indexes = (id: FunctionShape["id"]) =>
      dynamodbOf(id)
        .filter((p) => p.includes("/index/"))
        .map((p) => p.split("/index/")[1]);
    expect(Object.fromEntries(functions.map(({ id }) => [id, indexes(id)]))).toEqual({
      api: ["byAgency", "byPetitioner"],
      console: ["byAgency", "byPetitioner"],
      router: [],
      notifier: [],
      // The deadline index for the sweep; the clocks index (CLOCKS# keys) for a calendar year's recount.
      sweeper: ["byAgency", "byDeadline"],
      relay: ["byPendingOutbox"],
      agenda: ["byAgency"],
      stats: [],
      watch: ["byAgency"],
      notices: [],
    });
    for (const id of ["notifier", "router"] as const)
      expect(
        dynamodbOf(id).filter((p) => p.startsWith("dynamodb:Query")),
        id,
      ).toEqual([]);
    for (const id of ["sweeper", "relay"] as const)
      expect(dynamodbOf(id), id).not.toContain(`dynamodb:Query ${logicalId(stack.table)}`);
  });

  it.each(functions.map((shape) => shape.id))(
    "%s writes only to its own log group and has no other wildcard",
    (id) => {
      const allowed = permissionsOf(id);
      const logGroup = propsOf(stack.lambdas[id]).LoggingConfig.LogGroup.Ref;
      expect(allowed.filter((p) => p.startsWith("logs:")).sort()).toEqual([
        `logs:CreateLogStream ${logGroup}`,
        `logs:PutLogEvents ${logGroup}`,
      ]);
      expect(allowed.filter((p) => p.endsWith(" *")).sort()).toEqual([
        "xray:PutTelemetryRecords *",
        "xray:PutTraceSegments *",
      ]);
    },
  );

  const s3Of = (id: FunctionShape["id"]) =>
    permissionsOf(id)
      .filter((p) => p.startsWith("s3:"))
      .sort();

  it.each(functions.map((shape) => shape.id))(
    "%s may do in the files bucket exactly what its row of bucketAccess says, and list it if it reads",
    (id) => {
      const bucket = logicalId(stack.files.bucket);
      const grants = bucketAccess[id]?.grants ?? [];
      // S3 answers a missing key with 404 (not 403) only to a caller that may list the bucket.
      const lists = grants.some((g) => g.actions.includes("GetObject")) ? [`s3:ListBucket ${bucket}`] : [];
      expect(s3Of(id)).toEqual(
        [
          ...grants.flatMap((g) =>
            g.actions.map((action) => `s3:${action} ${bucket}/${FILE_PREFIXES[g.prefix]}*`),
          ),
          ...lists,
        ].sort(),
      );
    },
  );

  it("gives the files bucket to the api, the console and the notices function only; the notices may only read and write notices", () => {
    expect(functions.filter(({ id }) => s3Of(id).length > 0).map((f) => f.id)).toEqual([
      "api",
      "console",
      "notices",
    ]);
    const bucket = logicalId(stack.files.bucket);
    expect(s3Of("notices")).toEqual([
      `s3:GetObject ${bucket}/notices/*`,
      `s3:ListBucket ${bucket}`,
      `s3:PutObject ${bucket}/notices/*`,
    ]);
    // Nobody may delete a notice or an attachment, or act on every object or on the log bucket.
    for (const { id } of functions) {
      const s3 = s3Of(id);
      expect(
        s3.filter((p) => /^s3:DeleteObject .*\/(notices|attachments)\//.test(p)),
        id,
      ).toEqual([]);
      expect(
        s3.filter(
          (p) =>
            p.endsWith(`${bucket}/*`) ||
            p.startsWith("s3:*") ||
            p.includes(logicalId(stack.files.accessLogs)),
        ),
        id,
      ).toEqual([]);
    }
  });

  it("grants no KMS action in any IAM policy: the key policies alone name who may use a key", () => {
    for (const policy of Object.values(template.findResources("AWS::IAM::Policy"))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        expect([statement.Action].flat().filter((a: string) => a.startsWith("kms:"))).toEqual([]);
      }
    }
  });

  it("attaches no managed policies to any role", () => {
    for (const role of Object.values(template.findResources("AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe("keys", () => {
  const ROOT = {
    "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::", { Ref: "AWS::AccountId" }, ":root"]],
  };
  const roleOf = (principal: any) => {
    const [fn] =
      Object.entries(stack.roles).find(([, role]) => logicalId(role) === principal["Fn::GetAtt"]?.[0]) ?? [];
    return fn ?? JSON.stringify(principal);
  };

  /** Each usage statement of the key's policy as "role action condition", after checking the admin statement. */
  function usesOf(key: IConstruct): string[] {
    const statements = propsOf(key).KeyPolicy.Statement as any[];
    const admin = statements.filter(
      (s) => s.Principal?.AWS && JSON.stringify(s.Principal.AWS) === JSON.stringify(ROOT),
    );
    // CDK's default statement: the account administers the key through IAM (and no IAM policy here grants KMS).
    expect(admin).toEqual([{ Action: "kms:*", Effect: "Allow", Principal: { AWS: ROOT }, Resource: "*" }]);
    const uses: string[] = [];
    for (const s of statements.filter((x) => !admin.includes(x))) {
      expect(s.Effect).toBe("Allow");
      expect(s.Resource).toBe("*");
      expect(Object.keys(s.Principal)).toEqual(["AWS"]);
      const condition = s.Condition ? ` ${JSON.stringify(s.Condition)}` : "";
      for (const principal of [s.Principal.AWS].flat()) {
        for (const action of [s.Action].flat()) uses.push(`${roleOf(principal)} ${action}${condition}`);
      }
    }
    return uses.sort();
  }

  it("are three HMAC_256 keys for MACs and three symmetric keys with rotation, all but the console's kept when the stack goes", () => {
    const { petitionerMac, idempotencyMac, webhookSecret, table, consoleSession, files } = stack.keys;
    for (const key of [petitionerMac, idempotencyMac, consoleSession]) {
      expect(propsOf(key)).toMatchObject({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    }
    for (const key of [webhookSecret, table, files]) {
      expect(propsOf(key).KeySpec).toBeUndefined();
      expect(propsOf(key).EnableKeyRotation).toBe(true);
    }
    for (const key of [petitionerMac, idempotencyMac, webhookSecret, table, files]) {
      expect(resources[logicalId(key)]).toMatchObject({
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
      });
    }
    // Without it, every console session ends; nothing stored depends on it.
    expect(resources[logicalId(consoleSession)]).toMatchObject({
      DeletionPolicy: "Delete",
      UpdateReplacePolicy: "Delete",
    });
    expect(new Set(Object.values(stack.keys).map(logicalId)).size).toBe(6);
    template.resourceCountIs("AWS::KMS::Key", 6);
    template.resourceCountIs("AWS::SecretsManager::Secret", 0);
  });

  it("let only the api and the console, which both register petitions, make petitioner MACs", () => {
    expect(usesOf(stack.keys.petitionerMac)).toEqual(["api kms:GenerateMac", "console kms:GenerateMac"]);
  });

  it("let only the api and the console make idempotency request MACs, with a key of their own", () => {
    expect(usesOf(stack.keys.idempotencyMac)).toEqual(["api kms:GenerateMac", "console kms:GenerateMac"]);
  });

  it("let only the console derive its cookie keys, with a key of its own", () => {
    expect(usesOf(stack.keys.consoleSession)).toEqual(["console kms:GenerateMac"]);
  });

  it("let only the api seal and only the notifier open webhook secrets, in the webhook encryption context", () => {
    const context = JSON.stringify({ StringEquals: { "kms:EncryptionContext:purpose": "webhook" } });
    expect(usesOf(stack.keys.webhookSecret)).toEqual([
      `api kms:Encrypt ${context}`,
      `notifier kms:Decrypt ${context}`,
    ]);
  });

  it("let every function role use the table key through DynamoDB only, with the actions DynamoDB needs", () => {
    const viaDynamo = JSON.stringify({
      StringEquals: {
        "kms:ViaService": { "Fn::Join": ["", ["dynamodb.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
      },
    });
    const actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:ReEncrypt*",
    ];
    expect(usesOf(stack.keys.table)).toEqual(
      functions.flatMap(({ id }) => actions.map((a) => `${id} ${a} ${viaDynamo}`)).sort(),
    );
  });

  it("let the api, the console and the notices function use the files key through S3 only: decrypt to read, make data keys to write", () => {
    const viaS3 = JSON.stringify({
      StringEquals: {
        "kms:ViaService": { "Fn::Join": ["", ["s3.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
      },
    });
    expect(usesOf(stack.keys.files)).toEqual(
      ["api", "console", "notices"]
        .flatMap((id) => [`${id} kms:Decrypt ${viaS3}`, `${id} kms:GenerateDataKey ${viaS3}`])
        .sort(),
    );
    // Exactly the functions the stack gives the bucket's name.
    expect([...new Set(usesOf(stack.keys.files).map((use) => use.split(" ")[0]))].sort()).toEqual(
      functions
        .filter((f) => f.settings.includes("FILES_BUCKET"))
        .map((f) => f.id)
        .sort(),
    );
  });

  it("are named in a function's key policy exactly when the function reads that key's id", () => {
    const settingOf = {
      petitionerMac: "PETITIONER_MAC_KEY_ID",
      idempotencyMac: "IDEMPOTENCY_MAC_KEY_ID",
      webhookSecret: "WEBHOOK_SECRET_KEY_ID",
      consoleSession: "CONSOLE_SESSION_KEY_ID",
    } as const;
    for (const [key, setting] of Object.entries(settingOf)) {
      const users = new Set(
        usesOf(stack.keys[key as keyof typeof settingOf]).map((use) => use.split(" ")[0]),
      );
      expect([...users].sort(), key).toEqual(
        functions
          .filter((f) => f.settings.includes(setting))
          .map((f) => f.id)
          .sort(),
      );
    }
  });
});
