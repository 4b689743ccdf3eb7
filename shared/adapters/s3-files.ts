// The files bucket (notices, attachments) on S3, or locally on s3rver. The S3 client is
// loaded at the first call, not with the bundle: most invocations of the functions that read
// FILES_BUCKET never touch a file.
import type { S3Client } from "@aws-sdk/client-s3";
import type { FileStore } from "../ports.js";

export interface S3FilesOptions {
  bucket: string;
  region: string;
  /** A local S3 (s3rver): path-style addresses and its fixed credentials. */
  endpoint?: string;
}

/** s3rver's own credentials: it accepts these and no others. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export class S3FileStore implements FileStore {
  private client: Promise<{ s3: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;

  constructor(private readonly options: S3FilesOptions) {}

  private connect() {
    this.client ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.options.region,
        // Checksums only where S3 requires them: the default adds a CRC32 to every PUT,
        // which a presigned URL would then demand of the browser too.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        ...(this.options.endpoint
          ? { endpoint: this.options.endpoint, forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS }
          : {}),
      }),
    }));
    return this.client;
  }

  async putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<"stored" | "exists"> {
    const { s3, sdk } = await this.connect();
    if (await this.exists(key)) return "exists";
    try {
      // If-None-Match: S3 itself refuses to replace an object a concurrent writer stored first.
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          IfNoneMatch: "*",
        }),
      );
      return "stored";
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)
        return "exists";
      throw err;
    }
  }

  async read(key: string): Promise<{ bytes: Uint8Array; contentType?: string } | undefined> {
    const { s3, sdk } = await this.connect();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      const bytes = await out.Body!.transformToByteArray();
      return { bytes, ...(out.ContentType ? { contentType: out.ContentType } : {}) };
    } catch (err) {
      if (err instanceof Error && err.name === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    const { s3, sdk } = await this.connect();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async uploadUrl(
    key: string,
    file: { contentType: string; size: number; sha256: string },
    expiresInSeconds: number,
  ): Promise<{ url: string; headers: Record<string, string> }> {
    const { s3, sdk } = await this.connect();
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    const checksum = Buffer.from(file.sha256, "hex").toString("base64");
    // Type, length and checksum are signed as headers: S3 refuses a PUT whose body is not
    // this file (a wrong checksum is refused by S3 itself, which computes it as it stores).
    const url = await getSignedUrl(
      s3,
      new sdk.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        ContentType: file.contentType,
        ContentLength: file.size,
        ChecksumSHA256: checksum,
      }),
      {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(["content-type", "content-length", "x-amz-checksum-sha256"]),
        unhoistableHeaders: new Set(["x-amz-checksum-sha256"]),
      },
    );
    return { url, headers: { "content-type": file.contentType, "x-amz-checksum-sha256": checksum } };
  }

  async downloadUrl(
    key: string,
    file: { filename: string; contentType: string },
    expiresInSeconds: number,
  ): Promise<string> {
    const { s3, sdk } = await this.connect();
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    return getSignedUrl(
      s3,
      new sdk.GetObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        ResponseContentType: file.contentType,
        // RFC 6266: the name in UTF-8, and an ASCII fallback for old clients.
        ResponseContentDisposition: `attachment; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  private async exists(key: string): Promise<boolean> {
    const { s3, sdk } = await this.connect();
    try {
      await s3.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw err;
    }
  }
}

/** A file name as plain ASCII, for the fallback of Content-Disposition: anything else becomes _. */
const asciiName = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, "_");

const noBucket = () =>
  Promise.reject(new Error("Setting FILES_BUCKET is not set: this function keeps no files."));

/** A files store for a function that names no bucket: any use says which setting is missing. */
export const NO_FILES: FileStore = {
  putOnce: noBucket,
  read: noBucket,
  remove: noBucket,
  uploadUrl: noBucket,
  downloadUrl: noBucket,
};
