// The stack's KMS keys and who may use them. Each key policy keeps CDK's default
// statement (the account may administer the key through IAM) and names the roles that
// may use it; no function role has a KMS statement of its own. RETAIN on every key but
// the console's: the table and its backups, the files, the petitioner index and the sealed
// webhook secrets are unreadable or unmatchable without them, so deleting the stack must not
// schedule them for deletion. Losing the console's key only signs everyone out.
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import {
  type BucketAccess,
  type BucketAction,
  bucketAccess,
  type FunctionShape,
} from "../shared/resources.js";

/**
 * What a principal needs from the table's key when DynamoDB uses it on its behalf: the
 * actions CDK's table.grantReadWriteData adds for a customer-managed key.
 */
const TABLE_KEY_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
];

/**
 * What S3 asks of the files key on a caller's behalf: a read decrypts the object's data key, a
 * write makes one (and a multipart upload decrypts it again to finish); a delete needs none.
 */
const FILES_KEY_ACTIONS: Record<BucketAction, readonly string[]> = {
  GetObject: ["kms:Decrypt"],
  PutObject: ["kms:GenerateDataKey", "kms:Decrypt"],
  DeleteObject: [],
};

/** Webhook secrets are sealed with this encryption context (shared/app/webhook-registration.ts seals them, shared/app/notifications.ts opens them). */
const WEBHOOK_CONTEXT = { StringEquals: { "kms:EncryptionContext:purpose": "webhook" } };

export interface CasebridgeKeys {
  /** HMAC key of the keyed hash that matches repeat petitioners by ID number. */
  readonly petitionerMac: Key;
  /** HMAC key of the Idempotency-Key request hashes. */
  readonly idempotencyMac: Key;
  /** Seals the agencies' webhook signing secrets. */
  readonly webhookSecret: Key;
  /** Encrypts the table (and its indexes, backups and PITR data). */
  readonly table: Key;
  /** The console derives its cookie keys from it (MACs of fixed labels; functions/console.ts). */
  readonly consoleSession: Key;
  /** Encrypts the files bucket (infra/files.ts): notices and attachments. */
  readonly files: Key;
}

export function createKeys(scope: Construct, roles: Record<FunctionShape["id"], Role>): CasebridgeKeys {
  const { api, console: consoleRole, notifier } = roles;
  // KMS does not rotate HMAC keys, and a new petitioner key would stop every earlier
  // petition from matching a repeat: a planned re-key is a migration of the index.
  const hmacKey = (id: string, description: string, removalPolicy = RemovalPolicy.RETAIN) =>
    new Key(scope, id, {
      description,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
    });
  const petitionerMac = hmacKey(
    "PetitionerMacKey",
    "Casebridge: keyed hash matching repeat petitioners by ID number (api and console)",
  );
  const idempotencyMac = hmacKey(
    "IdempotencyMacKey",
    "Casebridge: keyed hash of registration request bodies (api and console)",
  );
  // Both register petitions: the console through its New petition form.
  allowUse(petitionerMac, "ApiAndConsoleMakePetitionerKeys", [api, consoleRole], ["kms:GenerateMac"]);
  allowUse(idempotencyMac, "ApiAndConsoleMakeRequestHashes", [api, consoleRole], ["kms:GenerateMac"]);

  // Only the console may derive its cookie keys; the key goes with the stack (a new one
  // ends every console session, nothing more).
  const consoleSession = hmacKey(
    "ConsoleSessionKey",
    "Casebridge: the console derives its session and sign-in cookie keys from it (console only)",
    RemovalPolicy.DESTROY,
  );
  allowUse(consoleSession, "ConsoleDerivesCookieKeys", [consoleRole], ["kms:GenerateMac"]);

  const webhookSecret = new Key(scope, "WebhookSecretKey", {
    description: "Casebridge: seals webhook signing secrets (api seals, notifier opens)",
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  allowUse(webhookSecret, "ApiSealsWebhookSecrets", [api], ["kms:Encrypt"], WEBHOOK_CONTEXT);
  allowUse(webhookSecret, "NotifierOpensWebhookSecrets", [notifier], ["kms:Decrypt"], WEBHOOK_CONTEXT);

  const table = new Key(scope, "TableKey", {
    description: "Casebridge: encrypts the table, its indexes and backups",
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Table encryption is table-wide: every function that reads or writes an item needs
  // the key, so every function role is named, and only through DynamoDB.
  allowUse(table, "FunctionsUseTableThroughDynamoDB", Object.values(roles), TABLE_KEY_ACTIONS, {
    StringEquals: { "kms:ViaService": `dynamodb.${Stack.of(scope).region}.amazonaws.com` },
  });

  const files = new Key(scope, "FilesKey", {
    description: "Casebridge: encrypts the files bucket, notices and attachments",
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Each function in bucketAccess, with what its object actions need, and only through S3.
  for (const [id, access] of Object.entries(bucketAccess) as [FunctionShape["id"], BucketAccess][]) {
    const actions = [
      ...new Set(access.grants.flatMap((g) => g.actions.flatMap((a) => FILES_KEY_ACTIONS[a]))),
    ];
    if (!actions.length) continue;
    const sid = `${id.charAt(0).toUpperCase()}${id.slice(1)}UsesFilesThroughS3`;
    allowUse(files, sid, [roles[id]], actions.sort(), {
      StringEquals: { "kms:ViaService": `s3.${Stack.of(scope).region}.amazonaws.com` },
    });
  }
  return { petitionerMac, idempotencyMac, webhookSecret, table, consoleSession, files };
}

/** A key policy statement: these roles may take these actions on the key, and nobody else is named. */
function allowUse(
  key: Key,
  sid: string,
  roles: readonly Role[],
  actions: string[],
  conditions?: Record<string, unknown>,
): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid,
      principals: [...roles],
      actions,
      resources: ["*"],
      ...(conditions ? { conditions } : {}),
    }),
  );
}
