// The console's accessibility in Chromium: axe-core finds no serious or critical violation on
// any page, in Chinese and in English, at desktop and phone width; and the case page works by
// keyboard — the skip link first and working, then every control in the page's order, each
// with a visible focus ring.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGS } from "../../shared/console/language.js";
import { hrssHandler, testStack, type TestStack } from "../support/factories.js";
import {
  CHROMIUM_MISSING,
  DESKTOP,
  launchChromium,
  PHONE,
  serveOnLoopback,
  type Chromium,
  type Served,
} from "./chromium.js";
import { createDemoCases, type DemoCases } from "./console-demo.js";
import { CONSOLE_PAGES, visit } from "./console-pages.js";
import { signIn } from "./console-steps.js";

let stack: TestStack;
let served: Served;
let chromium: Chromium;
let demo: DemoCases;

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  stack = await testStack();
  demo = await createDemoCases(stack);
  served = await serveOnLoopback((req) => stack.app.fetch(req));
  chromium = await launchChromium();
});

afterAll(async () => {
  if (CHROMIUM_MISSING) return;
  await chromium?.close();
  served?.close();
  await stack?.stop();
});

interface Found {
  page: string;
  width: number;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

async function axeAt(page: Page, id: string, width: number): Promise<Found[]> {
  await page.setViewportSize(width === DESKTOP.width ? DESKTOP : PHONE);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => ({
    page: id,
    width,
    rule: v.id,
    impact: v.impact ?? "unknown",
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}

/** How far the page reaches past the window's right edge, in CSS px: 0 when it reflows. */
const sideways = (page: Page) =>
  page
    .locator("html")
    .evaluate((html) => Math.max(0, html.scrollWidth - html.ownerDocument.defaultView.innerWidth));

/** WCAG 1.4.10 reflow: content at 320 CSS px with no scrolling in two dimensions. */
const NARROWEST = { width: 320, height: 640 };

describe.each(LANGS)("every console page in %s", (lang) => {
  let page: Page;
  const current = {};

  beforeAll(async () => {
    if (!CHROMIUM_MISSING) page = await chromium.context.newPage();
  });
  afterAll(async () => {
    await page?.close();
  });

  it.for(CONSOLE_PAGES.map((spec) => [spec.id, spec] as const))(
    `%s: no serious or critical axe violation at ${DESKTOP.width} and ${PHONE.width} px, no sideways scrolling down to ${NARROWEST.width} px`,
    async ([, spec], ctx) => {
      ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
      await visit(page, served.base, demo, spec, lang, current);

      const found: Found[] = [];
      for (const width of [DESKTOP.width, PHONE.width]) found.push(...(await axeAt(page, spec.id, width)));
      const wide: string[] = [];
      for (const size of [PHONE, NARROWEST]) {
        await page.setViewportSize(size);
        const over = await sideways(page);
        if (over > 0) wide.push(`${size.width} px: ${over} px too wide`);
      }

      // Every finding is printed, the moderate and minor ones too; only serious and critical fail.
      for (const f of found)
        console.log(
          `axe ${lang} ${f.page} @${f.width}: ${f.impact} ${f.rule} (${f.help}) ${f.targets.slice(0, 3).join(", ")}`,
        );
      expect(found.filter((f) => f.impact === "serious" || f.impact === "critical")).toEqual([]);
      expect(wide).toEqual([]);
    },
  );
});

describe("the case page by keyboard", () => {
  /**
   * What has focus: its tag, id, name and text; whether it shows an outline of at least 2 px,
   * that outline's contrast with what is behind it (WCAG 1.4.11 asks 3:1), and whether it is
   * in the window.
   */
  // The project compiles without the DOM library: the page's globals are reached from the element.
  const focused = (page: Page) =>
    page.locator(":focus").evaluate(
      (el) => {
        const win = el.ownerDocument.defaultView;
        const style = win.getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const rgb = (css: string) => {
          const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
          return { r, g, b, a };
        };
        const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
          const lin = (v: number) =>
            v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4;
          return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        };
        // Behind the ring: the first opaque background under a point in it, left of the element.
        const offset = Number.parseFloat(style.outlineOffset) + Number.parseFloat(style.outlineWidth) / 2;
        const stack: (typeof el)[] = el.ownerDocument.elementsFromPoint(
          Math.max(0, box.left - offset),
          box.top + box.height / 2,
        );
        let behind = { r: 255, g: 255, b: 255, a: 1 };
        for (let under = stack.find((e) => e !== el && !el.contains(e)); under; under = under.parentElement) {
          const bg = rgb(win.getComputedStyle(under).backgroundColor);
          if (bg.a > 0.5) {
            behind = bg;
            break;
          }
        }
        const [hi, lo] = [luminance(rgb(style.outlineColor)), luminance(behind)].sort((a, b) => b - a);
        return {
          key: `${el.tagName.toLowerCase()}#${el.id}|${el.getAttribute("name") ?? ""}|${(el.textContent ?? "").trim().slice(0, 40)}`,
          id: el.id as string,
          ring: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
          contrast: Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100,
          visible:
            box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < win.innerHeight && box.right > 0,
        };
      },
      undefined,
      { timeout: 2_000 },
    );

  it("reaches the skip link first, and the skip link moves focus to the main content", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await chromium.context.newPage();
    await signIn(page, served.base, hrssHandler);
    await page.goto(`${served.base}/console/cases/${demo.paused}?lang=en`);

    await page.keyboard.press("Tab");
    const skip = await focused(page);
    await page.keyboard.press("Enter");
    const target = await focused(page);
    await page.keyboard.press("Tab");
    const afterSkip = await page.locator(":focus").evaluate((el) => el.closest("main") !== null);

    expect(skip.key).toContain("Skip to main content");
    expect(skip).toMatchObject({ ring: true, visible: true });
    expect(skip.contrast).toBeGreaterThanOrEqual(3);
    expect(target.id).toBe("main");
    expect(afterSkip).toBe(true);
    await page.close();
  });

  it("tabs through every control of the case page in order, each with a visible focus ring", async (ctx) => {
    ctx.skip(CHROMIUM_MISSING !== undefined, CHROMIUM_MISSING);
    const page = await chromium.context.newPage();
    await signIn(page, served.base, hrssHandler);
    await page.goto(`${served.base}/console/cases/${demo.overdue}?lang=en`);
    // The page's own order of what a keyboard should reach.
    const expected = await page.$$eval("a[href], button, input:not([type=hidden]), select, textarea", (els) =>
      els.map(
        (el) =>
          `${el.tagName.toLowerCase()}#${el.id}|${el.getAttribute("name") ?? ""}|${(el.textContent ?? "").trim().slice(0, 40)}`,
      ),
    );

    const reached: Awaited<ReturnType<typeof focused>>[] = [];
    for (let i = 0; i < expected.length; i++) {
      await page.keyboard.press("Tab");
      const now = await focused(page);
      reached.push(now);
      // The ring shows where the keyboard is; the element is scrolled into view.
      if (!now.ring || !now.visible || now.contrast < 3) break;
    }

    expect(reached.map((r) => r.key)).toEqual(expected);
    expect(reached.filter((r) => !r.ring || !r.visible || r.contrast < 3)).toEqual([]);
    expect(expected.filter((k) => k.startsWith("button")).length).toBeGreaterThan(5);
    await page.close();
  });
});
