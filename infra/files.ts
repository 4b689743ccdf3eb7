// The files bucket (notices, attachments: keys under shared/resources.ts FILE_PREFIXES) and
// what each function may do in it. Private, on its own KMS key (infra/keys.ts says who may
// use it), versioned and kept when the stack goes: a notice is a record the petitioner was
// given. Its server access logs go to a bucket of their own.
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import type { Key } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { type BucketAccess, FILE_PREFIXES } from "../shared/resources.js";
import { LOG_RETENTION } from "./naming.js";

/** A year on, a file is seldom read: it moves to a class that costs less to keep and still answers at once. */
const FILES_COLD_AFTER_DAYS = 365;
const FILES_COLD_CLASS = StorageClass.GLACIER_INSTANT_RETRIEVAL;

export interface FilesBucket {
  readonly bucket: Bucket;
  /** Where S3 writes the files bucket's server access logs. */
  readonly accessLogs: Bucket;
}

export function createFilesBucket(scope: Construct, key: Key): FilesBucket {
  const accessLogs = new Bucket(scope, "FilesAccessLogs", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    // S3 delivers server access logs only to a bucket whose default encryption is SSE-S3.
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // Written by S3's log delivery through the bucket policy, not an ACL: no ACL here at all.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(accessLogs).acknowledge({
    id: "AwsSolutions-S1",
    reason:
      "This bucket is the destination of the files bucket's server access logs; logging its own access would " +
      "log S3's log deliveries into itself. Only S3's log delivery (bucket policy) and the account's administrators reach it.",
  });

  const bucket = new Bucket(scope, "FilesBucket", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    // One data key per bucket for a while instead of one KMS call per object.
    bucketKeyEnabled: true,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: accessLogs,
    // A browser uploads through a presigned PUT and downloads through a presigned GET: the
    // signature is the authorization, so any origin; only the headers such a PUT sends.
    cors: [
      {
        allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
        allowedOrigins: ["*"],
        allowedHeaders: ["content-type", "x-amz-checksum-sha256", "content-length"],
      },
    ],
    lifecycleRules: [
      {
        id: "ColderAfterAYear",
        transitions: [
          { storageClass: FILES_COLD_CLASS, transitionAfter: Duration.days(FILES_COLD_AFTER_DAYS) },
        ],
        noncurrentVersionTransitions: [
          { storageClass: FILES_COLD_CLASS, transitionAfter: Duration.days(FILES_COLD_AFTER_DAYS) },
        ],
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      {
        // An upload is removed once checked and stored, stripped of its metadata, under
        // attachments/; versioning would otherwise keep the unstripped original for good.
        id: "RemovedUploadsGo",
        prefix: FILE_PREFIXES.uploads,
        noncurrentVersionExpiration: Duration.days(1),
        expiredObjectDeleteMarker: true,
      },
    ],
  });
  return { bucket, accessLogs };
}

/**
 * Exactly the function's row of bucketAccess: each action on the objects under each of its
 * prefixes. A function that reads objects may also list the bucket (s3:ListBucket on the
 * bucket, no object): S3 answers a GET or HEAD of a missing key with 404 only to a caller
 * allowed to list the bucket, 403 to any other (HeadObject's documented permissions), and the
 * adapter (shared/adapters/s3-files.ts) tells "not there" by that 404 — the notices function
 * looks before it stores. No s3:prefix condition: a HEAD or GET carries no prefix to match.
 */
export function grantFiles(role: Role, bucket: Bucket, access: BucketAccess): void {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  for (const { actions, prefix } of access.grants) {
    const objects = `${FILE_PREFIXES[prefix]}*`;
    role.addToPolicy(
      new PolicyStatement({
        actions: actions.map((action) => `s3:${action}`),
        resources: [bucket.arnForObjects(objects)],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${objects}]`,
      reason:
        `The objects under ${FILE_PREFIXES[prefix]} are one kind of file (FILE_PREFIXES in shared/resources.ts), keyed by ` +
        "case and file ids made at run time: no narrower ARN exists, and the actions are exactly its row of bucketAccess.",
    });
  }
  if (readsFiles(access)) {
    role.addToPolicy(new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }));
  }
}

const readsFiles = (access: BucketAccess) => access.grants.some((g) => g.actions.includes("GetObject"));
