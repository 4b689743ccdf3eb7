// Debian's Chromium driven by playwright-core, never a downloaded browser, and the embedded
// stack served on loopback for it: what the browser tests and `npm run screenshots` share.
import { serve, type ServerType } from "@hono/node-server";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export const CHROMIUM_MISSING = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is absent: apt-get install chromium fonts-noto-cjk (.ci/run does)`;

/** No network of its own (updates, sync, QUIC), no sandbox (containers), no GPU. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A Chromium on a fresh profile, removed again by `close`. */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; downloads?: boolean } = {},
): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), "casebridge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? DESKTOP,
    acceptDownloads: options.downloads ?? false,
    args: ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Served {
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): void;
}

/** The app on 127.0.0.1 and a free port, over @hono/node-server as `npm start` serves it. */
export async function serveOnLoopback(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<Served> {
  const server: ServerType = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}
