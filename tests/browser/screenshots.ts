// `npm run screenshots`: every console page in Chinese and English at desktop (1280×900) and
// phone (375×812) width, as PNGs in .screenshots/ (git-ignored). It starts its own DynamoDB
// Local (in memory) and fauxqs, makes the demo cases (tests/browser/console-demo.ts) on a
// clock set to 30 September 2026, and signs in as the people each page is for.
// `npm run screenshots -- --docs` also writes the few shown in README.md to docs/screenshots/:
// one screen of each (from a heading down, where one is named), not the whole page.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { ControlledClock } from "../../shared/clock.js";
import type { Catalogue } from "../../shared/console/i18n/zh.js";
import { catalogues, LANGS, type Lang } from "../../shared/console/language.js";
import type { Identity } from "../../shared/domain/access.js";
import { logger } from "../../shared/logger.js";
import {
  startDynamoLocal,
  startS3Emulator,
  startSqsEmulator,
  type Endpoint,
} from "../../infra/local/endpoints.js";
import { createLocalRuntime, type LocalRuntime } from "../../infra/local/runtime.js";
import { issueLocalToken } from "../../infra/local/tokens.js";
import { T0 } from "../support/people.js";
import { CHROMIUM_MISSING, DESKTOP, launchChromium, PHONE, serveOnLoopback } from "./chromium.js";
import { createDemoCases, type DemoRuntime } from "./console-demo.js";
import { CONSOLE_PAGES, visit } from "./console-pages.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO_ROOT, ".screenshots");
const DOCS = join(REPO_ROOT, "docs", "screenshots");

const WIDTHS = { desktop: DESKTOP, phone: PHONE } as const;
type Width = keyof typeof WIDTHS;

/** The screenshots README.md shows: one screen of each, from the top or from a heading. */
const SHOWN: { page: string; lang: Lang; width: Width; from?: (t: Catalogue) => string }[] = [
  { page: "inbox", lang: "zh", width: "desktop" },
  { page: "case-overdue", lang: "en", width: "phone", from: (t) => t.case.clocks },
  { page: "new-petition-errors", lang: "en", width: "desktop" },
  { page: "meeting", lang: "en", width: "desktop", from: (t) => t.meetings.agenda },
];

const fileName = (page: string, lang: Lang, width: Width, screen = false) =>
  `${page}.${lang}.${width}${screen ? ".screen" : ""}.png`;

/** One screen of the page, from the top or from the heading named. */
async function oneScreen(page: Page, path: string, width: Width, heading: string | undefined) {
  const size = WIDTHS[width];
  const top = heading
    ? Math.max(
        0,
        ((await page.getByRole("heading", { name: heading, exact: true }).boundingBox())?.y ?? 0) - 16,
      )
    : 0;
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: top, ...size } });
}

async function demoRuntime(endpoints: {
  dynamodb: string;
  sqs: string;
  s3: string;
}): Promise<LocalRuntime & DemoRuntime> {
  const secret = randomBytes(32).toString("hex");
  const name = `screenshots-${Date.now().toString(36)}`;
  const clock = new ControlledClock(T0.getTime() - Date.now());
  const runtime = await createLocalRuntime({
    dynamodbEndpoint: endpoints.dynamodb,
    sqsEndpoint: endpoints.sqs,
    s3Endpoint: endpoints.s3,
    tableName: name,
    filesBucket: name,
    queuePrefix: name,
    secret,
    clock,
    keys: {
      petitioner: randomBytes(32).toString("hex"),
      idempotency: randomBytes(32).toString("hex"),
      secrets: randomBytes(32).toString("hex"),
    },
  });
  return Object.assign(runtime, {
    async call(method: string, path: string, as: Identity, body?: unknown) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await issueLocalToken(secret, as, clock.now())}`,
      };
      if (body !== undefined) headers["content-type"] = "application/json";
      return runtime.app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  });
}

/** What was started, stopped in reverse at the end, on error and on Ctrl-C. */
const stops: (() => unknown)[] = [];
let stopping: Promise<void> | undefined;
const stopAll = () =>
  (stopping ??= (async () => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  })());

async function main(): Promise<void> {
  if (CHROMIUM_MISSING) throw new Error(CHROMIUM_MISSING);
  const docs = process.argv.includes("--docs");
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (process.env.POWERTOOLS_LOG_LEVEL === undefined) logger.setLogLevel("ERROR");
  const started = async (endpoint: Promise<Endpoint>) => {
    const e = await endpoint;
    stops.push(() => e.stop());
    return e.url;
  };
  const dynamodb = await started(startDynamoLocal(undefined));
  const sqs = await started(startSqsEmulator());
  const s3 = await started(startS3Emulator(undefined));
  const runtime = await demoRuntime({ dynamodb, sqs, s3 });
  stops.push(() => runtime.stop());
  const demo = await createDemoCases(runtime);
  const served = await serveOnLoopback((req) => runtime.app.fetch(req));
  stops.push(() => served.close());
  const chromium = await launchChromium();
  stops.push(() => chromium.close());

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const page = await chromium.context.newPage();
  const current = {};
  let count = 0;
  for (const spec of CONSOLE_PAGES) {
    for (const lang of LANGS) {
      await visit(page, served.base, demo, spec, lang, current);
      for (const width of Object.keys(WIDTHS) as Width[]) {
        await page.setViewportSize(WIDTHS[width]);
        await page.screenshot({ path: join(OUT, fileName(spec.id, lang, width)), fullPage: true });
        count++;
        const shown = SHOWN.find((s) => s.page === spec.id && s.lang === lang && s.width === width);
        if (shown)
          await oneScreen(
            page,
            join(OUT, fileName(spec.id, lang, width, true)),
            width,
            shown.from?.(catalogues[lang]),
          );
      }
    }
    console.log(`${spec.id}: ${LANGS.length * 2} screenshots`);
  }
  console.log(`${count} screenshots in ${OUT}`);
  if (docs) {
    mkdirSync(DOCS, { recursive: true });
    for (const s of SHOWN) {
      const name = fileName(s.page, s.lang, s.width);
      copyFileSync(join(OUT, fileName(s.page, s.lang, s.width, true)), join(DOCS, name));
      console.log(`docs/screenshots/${name}`);
    }
  }
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)
  process.once(signal, () => {
    console.error("Interrupted; stopping Chromium, DynamoDB Local and fauxqs.");
    void stopAll().finally(() => process.exit(code));
  });

main().then(
  async () => {
    await stopAll();
    process.exit(0);
  },
  async (err: Error) => {
    console.error(`npm run screenshots failed: ${err.stack ?? err.message}`);
    await stopAll();
    process.exit(1);
  },
);
