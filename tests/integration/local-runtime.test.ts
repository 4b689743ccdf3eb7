// `npm start` as a person runs it: it answers /health, serves a walk through the API,
// stops every child on Ctrl-C (SIGINT), and a second start on the same data folder finds
// the case again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../infra/local/endpoints.js";
import { registration } from "../support/factories.js";

const dataDir = mkdtempSync(join(tmpdir(), "casebridge-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    env: { ...process.env, PORT: String(port), CASEBRIDGE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return { child, output: () => out };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`npm start did not answer /health: ${out}`);
}

async function stop(child: ChildProcess) {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

describe("the local runtime", () => {
  it("stops with one line naming what to install when Java is missing", async () => {
    // A PATH holding node and nothing else: no java to be found.
    const bin = mkdtempSync(join(tmpdir(), "casebridge-bin-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
      env: { ...process.env, PATH: bin, PORT: String(await freePort()), CASEBRIDGE_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(out).toMatch(/Java 17 or newer.*apt-get install -y openjdk-17-jre-headless/);
  });

  it("keeps its cases across a stop and a second start", async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toContain("/dev/token");
    const base = `http://127.0.0.1:${port}`;
    const { token } = (await (
      await fetch(`${base}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ agency: "bureau", roles: ["intake"] }),
      })
    ).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const created = (await (
      await fetch(`${base}/v1/cases`, { method: "POST", headers: auth, body: JSON.stringify(registration()) })
    ).json()) as { id: string };
    const routed = await fetch(`${base}/v1/cases/${created.id}/route`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ kind: "transfer" }),
    });
    expect(routed.status).toBe(202);
    await fetch(`${base}/dev/tick`, { method: "POST" });
    expect(await stop(first.child)).toBe(0);

    const second = await start(port);
    const again = await fetch(`${base}/v1/cases/${created.id}`, { headers: auth });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: created.id, status: "transferred", leadAgency: "hrss" });
    expect(await stop(second.child)).toBe(0);
  });
});
