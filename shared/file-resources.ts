// The files bucket's shapes: where each kind of file lives, and what each function that reads
// FILES_BUCKET may do there. The CDK stack grants exactly this (infra/files.ts); re-exported by
// ./resources.ts, the one source of infrastructure shapes.
import type { FunctionShape } from "./resources.js";

/** Where each kind of file lives in the files bucket: keys carry case and file ids, never a name. */
export const FILE_PREFIXES = {
  /** The notices, `notices/<case id>/<notice id>.pdf`, written once. */
  notices: "notices/",
  /** Uploads as they arrive through a presigned PUT, `uploads/<case id>/<attachment id>`, until checked. */
  uploads: "uploads/",
  /** Attachments once checked and stripped of metadata, `attachments/<case id>/<attachment id>`. */
  attachments: "attachments/",
} as const;

export type BucketAction = "GetObject" | "PutObject" | "DeleteObject";

export interface BucketAccess {
  /** Each action on the objects under the prefixes named with it, nothing else. */
  readonly grants: readonly {
    readonly actions: readonly BucketAction[];
    readonly prefix: keyof typeof FILE_PREFIXES;
  }[];
  readonly why: string;
}

/** What each function that reads FILES_BUCKET does to the bucket; the stack grants exactly this. */
export const bucketAccess: Partial<Record<FunctionShape["id"], BucketAccess>> = {
  notices: {
    grants: [{ actions: ["GetObject", "PutObject"], prefix: "notices" }],
    why: "stores each notice once (Put, after a Get finds none) and reads one back when a retry finds it stored",
  },
  api: {
    grants: [
      { actions: ["GetObject"], prefix: "notices" },
      { actions: ["PutObject", "GetObject", "DeleteObject"], prefix: "uploads" },
      { actions: ["PutObject", "GetObject"], prefix: "attachments" },
    ],
    why:
      "serves notices (Get); signs upload URLs (a presigned PUT acts with the signer's rights), checks an upload " +
      "and removes it once stored (Get, Delete); stores the checked attachment and signs its download URL (Put, Get)",
  },
  console: {
    grants: [
      { actions: ["GetObject"], prefix: "notices" },
      { actions: ["PutObject", "GetObject", "DeleteObject"], prefix: "uploads" },
      { actions: ["PutObject", "GetObject"], prefix: "attachments" },
    ],
    why: "the api's services behind its pages, so the api's access to the files",
  },
};
