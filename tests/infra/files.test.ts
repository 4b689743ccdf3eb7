// The files bucket on the synthesized template (infra/files.ts): private, on its own key,
// versioned, TLS only, colder after a year, kept when the stack goes, its access logged to a
// bucket of their own. Who may do what in it: grants.test.ts.
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { FILE_PREFIXES } from "../../shared/resources.js";
import { getAtt, logicalId, propsOf, resources, stack, template } from "./template.js";

describe("files bucket", () => {
  const bucketProps = () => propsOf(stack.files.bucket);

  it("is encrypted with the files key, a customer-managed key with rotation, through a bucket key", () => {
    expect(bucketProps().BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: "aws:kms",
            KMSMasterKeyID: getAtt(stack.keys.files),
          },
        },
      ],
    });
    expect(propsOf(stack.keys.files)).toMatchObject({ EnableKeyRotation: true });
    expect(propsOf(stack.keys.files).KeySpec).toBeUndefined();
  });

  it("keeps every version of a file", () => {
    expect(bucketProps().VersioningConfiguration).toEqual({ Status: "Enabled" });
  });

  it("blocks every kind of public access and takes no ACLs", () => {
    for (const bucket of [stack.files.bucket, stack.files.accessLogs]) {
      expect(propsOf(bucket)).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      });
      expect(propsOf(bucket).AccessControl).toBeUndefined();
    }
  });

  it("refuses requests without TLS, on the bucket and its objects, and so does the log bucket", () => {
    for (const bucket of [stack.files.bucket, stack.files.accessLogs]) {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: "s3:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
              Resource: [getAtt(bucket), { "Fn::Join": ["", [getAtt(bucket), "/*"]] }],
            },
          ]),
        },
      });
    }
  });

  it("moves files and their earlier versions to Glacier Instant Retrieval after 365 days, and aborts unfinished uploads after a day", () => {
    const rules = bucketProps().LifecycleConfiguration.Rules as any[];
    const colder = rules.find((r) => r.Transitions);
    expect(colder).toEqual({
      Id: "ColderAfterAYear",
      Status: "Enabled",
      Transitions: [{ StorageClass: "GLACIER_IR", TransitionInDays: 365 }],
      NoncurrentVersionTransitions: [{ StorageClass: "GLACIER_IR", TransitionInDays: 365 }],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    // Nothing else ever expires a current file: notices and attachments are records.
    expect(rules.filter((r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined)).toEqual(
      [],
    );
  });

  it("lets the earlier versions of removed uploads go after a day, and only those", () => {
    const rules = bucketProps().LifecycleConfiguration.Rules as any[];
    const expiring = rules.filter((r) => r.NoncurrentVersionExpiration);
    expect(expiring).toEqual([
      {
        Id: "RemovedUploadsGo",
        Status: "Enabled",
        Prefix: FILE_PREFIXES.uploads,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        ExpiredObjectDeleteMarker: true,
      },
    ]);
  });

  it("is kept when the stack is deleted, with its key and its access logs", () => {
    for (const construct of [stack.files.bucket, stack.keys.files, stack.files.accessLogs]) {
      expect(resources[logicalId(construct)]).toMatchObject({
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
      });
    }
  });

  it("lets a browser PUT and GET through presigned URLs from any origin, with only the headers an upload sends", () => {
    expect(bucketProps().CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ["PUT", "GET"],
          AllowedOrigins: ["*"],
          AllowedHeaders: ["content-type", "x-amz-checksum-sha256", "content-length"],
        },
      ],
    });
  });

  it("logs access to a bucket of its own, which S3's log delivery may write for this bucket only", () => {
    expect(bucketProps().LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(stack.files.accessLogs) },
    });
    const logs = propsOf(stack.files.accessLogs);
    // S3 delivers access logs only to a bucket with SSE-S3 default encryption.
    expect(logs.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
    expect(logs.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 90, Status: "Enabled" }]);
    expect(logs.LoggingConfiguration).toBeUndefined();
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: logicalId(stack.files.accessLogs) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: { "Fn::Join": ["", [getAtt(stack.files.accessLogs), "/*"]] },
            Condition: {
              ArnLike: { "aws:SourceArn": getAtt(stack.files.bucket) },
              StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
            },
          },
        ]),
      },
    });
  });

  it("is the one files bucket, beside its log bucket; the files bucket's own policy allows nobody anything", () => {
    template.resourceCountIs("AWS::S3::Bucket", 2);
    const [policy, ...others] = Object.values(
      template.findResources("AWS::S3::BucketPolicy", {
        Properties: { Bucket: { Ref: logicalId(stack.files.bucket) } },
      }),
    );
    expect(others).toEqual([]);
    // Access is the function roles' (grants.test.ts); the bucket policy only denies.
    expect(policy!.Properties.PolicyDocument.Statement.map((s: any) => s.Effect)).toEqual(["Deny"]);
  });
});
