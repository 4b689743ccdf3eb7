// What the demo plays against: a Casebridge already answering on PORT (`npm start` in
// another terminal), driven over HTTP, or else the embedded runtime booted in this process
// on the same data folder. Either way the data stays for `npm start` to show.
import { bootLocalRuntime, type LocalSettings } from "../boot.js";
import { fetchClient, type DemoClient } from "./client.js";

export interface DemoRuntime {
  /** Which runtime, in words for the report. */
  mode: string;
  client: DemoClient;
  stop(): Promise<void>;
}

async function answersOn(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1500) });
    return res.ok && ((await res.json()) as { status?: string }).status === "ok";
  } catch {
    return false;
  }
}

export async function openDemoRuntime(settings: LocalSettings): Promise<DemoRuntime> {
  const base = `http://127.0.0.1:${settings.PORT}`;
  if (await answersOn(base)) {
    // The demo moves the clock and runs the schedules: only a local runtime has the /dev routes for it.
    const clock = await fetch(`${base}/dev/clock`).catch(() => undefined);
    if (!clock?.ok)
      throw new Error(
        `The Casebridge on ${base} has no /dev routes (it answered ${clock?.status ?? "nothing"}): the demo drives only a local runtime.`,
      );
    return {
      mode: `the Casebridge already running on ${base} (over HTTP)`,
      client: fetchClient((path, init) => fetch(`${base}${path}`, init)),
      stop: async () => undefined,
    };
  }
  const booted = await bootLocalRuntime(settings);
  return {
    mode: `embedded in this process (no Casebridge on ${base}); data in ${booted.dataDir}`,
    client: fetchClient(async (path, init) => booted.runtime.app.request(path, init)),
    stop: () => booted.stop(),
  };
}
