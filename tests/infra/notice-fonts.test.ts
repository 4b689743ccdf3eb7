// The notices function's asset carries the fonts its PDFs are set in beside index.mjs, where
// shared/adapters/notice-pdf.ts reads them: bundleFunction (infra/bundling.ts) copies whatever
// noticeFontSources names. Here it names what the renderer does, the two Noto Serif SC weights
// in node_modules, whatever the renderer in this tree returns.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bundleFunction } from "../../infra/bundling.js";
import { functions } from "../../shared/resources.js";

const sources = vi.hoisted(() => ({ list: [] as { from: string; to: string }[] }));
vi.mock("../../shared/adapters/notice-pdf.js", () => ({ noticeFontSources: () => sources.list }));

const fontPackage = (path: string) =>
  fileURLToPath(new URL(`../../node_modules/@expo-google-fonts/noto-serif-sc/${path}`, import.meta.url));
const FONTS = [
  { from: fontPackage("400Regular/NotoSerifSC_400Regular.ttf"), to: "fonts/NotoSerifSC-Regular.ttf" },
  { from: fontPackage("700Bold/NotoSerifSC_700Bold.ttf"), to: "fonts/NotoSerifSC-Bold.ttf" },
];
const notices = functions.find((f) => f.id === "notices")!;
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the notices asset", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "casebridge-notice-fonts-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("carries each font noticeFontSources names, unchanged, at its place beside index.mjs", async () => {
    for (const { from } of FONTS) expect(existsSync(from), from).toBe(true);
    sources.list = FONTS;
    await bundleFunction(notices, dir);
    expect(existsSync(join(dir, "index.mjs"))).toBe(true);
    for (const { from, to } of FONTS) expect(sha256(join(dir, to)), to).toBe(sha256(from));
  }, 60_000);

  it("refuses a font whose place is outside the asset directory", async () => {
    for (const to of ["../NotoSerifSC-Regular.ttf", "/tmp/NotoSerifSC-Regular.ttf", "fonts/../../x.ttf"]) {
      sources.list = [{ from: FONTS[0]!.from, to }];
      await expect(bundleFunction(notices, dir), to).rejects.toThrow(/must go under its directory/);
    }
  }, 60_000);
});
