// The notice PDF read back as a reader's software reads it: poppler's pdftotext and pdfinfo
// (poppler-utils, which CI installs) must find the Chinese text, the page numbers and the
// closing where they belong; the same notice must give the same bytes; the font must be
// embedded as a subset, not whole; and the renderer must work bundled, fonts beside it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { esbuildOptions, REPO_ROOT } from "../../infra/bundling.js";
import {
  NOTICE_FONT_DIR,
  NOTICE_FONT_FILES,
  noticeFontSources,
  noticeFonts,
  renderNoticePdf,
} from "../../shared/adapters/notice-pdf.js";
import type { NoticeDocument } from "../../shared/domain/notices.js";

const dir = mkdtempSync(join(tmpdir(), "notice-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const acceptance = (over: Partial<NoticeDocument> = {}): NoticeDocument => ({
  kind: "acceptance",
  title: "信访事项受理告知书",
  reference: "XF-2026-000123",
  addressee: "张三：",
  paragraphs: [
    "你于二〇二六年十一月二十日提出的信访事项（关于拖欠养老保险待遇的反映），本机关已于二〇二六年十一月三十日决定受理。",
    "本机关将自受理之日起六十日内办结，并出具书面处理意见。你可以凭案件编号XF-2026-000123查询办理情况。",
  ],
  basis: "依据：《信访工作条例》第三十二条、第三十四条",
  issuer: "某县人力资源和社会保障局",
  date: "二〇二六年十一月三十日",
  ...over,
});

const longNotice = () =>
  acceptance({
    paragraphs: Array.from({ length: 40 }, (_, i) => `第${i + 1}段：${acceptance().paragraphs[i % 2]}`),
  });

/** A poppler tool's output; without poppler-utils the test fails saying so, it does not skip. */
function poppler(tool: "pdftotext" | "pdfinfo", args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(`${tool} is missing: install poppler-utils (apt-get install -y poppler-utils).`);
    throw error;
  }
}

let written = 0;
function writePdf(bytes: Uint8Array): string {
  const file = join(dir, `notice-${++written}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** pdftotext puts spaces between CJK glyphs as it sees fit: compare without any whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, "");
const textOf = (file: string, page?: number) =>
  squeeze(
    poppler("pdftotext", ["-layout", ...(page ? ["-f", String(page), "-l", String(page)] : []), file, "-"]),
  );
const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(poppler("pdfinfo", [file]))![1]);

describe("the notice PDF", () => {
  it("reads back as text, in the order of a letter", async () => {
    const doc = acceptance();

    const text = textOf(writePdf(await renderNoticePdf(doc)));

    // Each part looked for after the one before it (the date is in the first paragraph too).
    let from = 0;
    for (const part of [doc.title, doc.reference, "张三：", "决定受理", doc.basis, doc.issuer, doc.date]) {
      const at = text.indexOf(squeeze(part), from);
      expect({ part, found: at >= 0 }).toEqual({ part, found: true });
      from = at + squeeze(part).length;
    }
    // One page: no page number.
    expect(text).not.toContain("第1页");
  });

  it("keeps every line within the side margins", async () => {
    const file = writePdf(await renderNoticePdf(longNotice()));

    // -bbox gives each word's box in points; CJK text without spaces comes as one word a line.
    const boxes = [
      ...poppler("pdftotext", ["-bbox", file, "-"]).matchAll(/xMin="([\d.]+)".*?xMax="([\d.]+)"/g),
    ];

    const [pageWidth, margin] = [595.28, (595.28 - 28 * 16) / 2];
    expect(boxes.length).toBeGreaterThan(100);
    for (const [, xMin, xMax] of boxes) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(margin - 0.5);
      expect(Number(xMax)).toBeLessThanOrEqual(pageWidth - margin + 0.5);
    }
  });

  it("gives the same bytes for the same notice and time, other bytes for another time", async () => {
    const createdAt = new Date("2026-11-30T02:00:00Z");

    const [first, second, later] = await Promise.all([
      renderNoticePdf(acceptance(), noticeFonts(), { createdAt }),
      renderNoticePdf(acceptance(), noticeFonts(), { createdAt }),
      renderNoticePdf(acceptance(), noticeFonts(), { createdAt: new Date("2026-12-01T02:00:00Z") }),
    ]);

    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(later))).toBe(false);
    // CreationDate and ModDate, both from createdAt.
    expect(
      Buffer.from(first)
        .toString("latin1")
        .match(/\(D:20261130020000Z\)/g),
    ).toHaveLength(2);
  });

  it("embeds only a subset of the 14 MB font", async () => {
    const bytes = await renderNoticePdf(acceptance());

    const raw = Buffer.from(bytes).toString("latin1");
    expect(bytes.length).toBeLessThan(400_000);
    expect(raw).toContain("/FontFile2");
    expect(raw).toMatch(/\/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(raw).toMatch(/\/[A-Z]{6}\+NotoSerifSC-Bold/);
    // Only the fonts it was given: no standard PDF font is named.
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it("runs a long notice over pages, numbered, with the closing kept on one page", async () => {
    const doc = longNotice();
    const file = writePdf(await renderNoticePdf(doc));

    const pages = pageCount(file);

    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) expect(textOf(file, page)).toContain(`第${page}页共${pages}页`);
    const last = textOf(file, pages);
    for (const part of [doc.basis, doc.issuer, doc.date]) expect(last).toContain(squeeze(part));
  });

  it("moves the basis to the next page with the issuer and date when they do not fit under the text", async () => {
    // One short paragraph a line: some count of them leaves too little room for the closing.
    const counts = Array.from({ length: 10 }, (_, i) => 16 + i);

    const layouts = await Promise.all(
      counts.map(async (n) => {
        const doc = acceptance({ paragraphs: Array.from({ length: n }, (_, i) => `第${i + 1}段。`) });
        const file = writePdf(await renderNoticePdf(doc));
        const pages = pageCount(file);
        return { n, pages, last: textOf(file, pages), lastParagraph: `第${n}段。` };
      }),
    );

    // Among them both a notice that fits one page and one whose closing alone went over.
    expect(layouts.some((l) => l.pages === 1)).toBe(true);
    const movedAlone = layouts.filter((l) => l.pages === 2 && !l.last.includes(l.lastParagraph));
    expect(movedAlone.length).toBeGreaterThan(0);
    for (const { last } of layouts)
      for (const part of ["依据：", "某县人力资源和社会保障局", "二〇二六年十一月三十日"])
        expect(last).toContain(part);
  });
});

describe("the notice fonts", () => {
  it("come from node_modules when no bundle ships them", () => {
    const fonts = noticeFonts();

    expect(fonts.regular).toMatch(/NotoSerifSC_400Regular\.ttf$/);
    expect(fonts.bold).toMatch(/NotoSerifSC_700Bold\.ttf$/);
    expect(existsSync(fonts.regular) && existsSync(fonts.bold)).toBe(true);
  });

  it("tell the bundler what to copy where", () => {
    const sources = noticeFontSources();

    expect(sources.map((s) => s.to)).toEqual([
      `${NOTICE_FONT_DIR}/${NOTICE_FONT_FILES.regular}`,
      `${NOTICE_FONT_DIR}/${NOTICE_FONT_FILES.bold}`,
    ]);
    expect(sources.map((s) => s.from)).toEqual([noticeFonts().regular, noticeFonts().bold]);
  });
});

describe("the notice renderer in a Lambda bundle", () => {
  it("renders with the fonts beside the bundle and no node_modules to fall back on", async () => {
    // Bundled as the stack bundles a function, into a folder with no node_modules above it:
    // pdfkit's standard fonts, which it would load by default, cannot be found there.
    const out = join(dir, "bundle");
    mkdirSync(join(out, NOTICE_FONT_DIR), { recursive: true });
    const renderer = fileURLToPath(new URL("../../shared/adapters/notice-pdf.ts", import.meta.url));
    const entry = join(dir, "entry.ts");
    writeFileSync(
      entry,
      [
        'import { writeFileSync } from "node:fs";',
        `import { noticeFonts, renderNoticePdf } from ${JSON.stringify(renderer)};`,
        "const fonts = noticeFonts();",
        "writeFileSync(process.argv[2], await renderNoticePdf(JSON.parse(process.argv[3]), fonts));",
        "console.log(JSON.stringify(fonts));",
      ].join("\n"),
    );
    await build({
      ...esbuildOptions(REPO_ROOT),
      entryPoints: [entry],
      outfile: join(out, "index.mjs"),
      logLevel: "silent",
    });
    for (const { from, to } of noticeFontSources()) symlinkSync(from, join(out, to));
    const pdf = join(dir, "bundled.pdf");

    const run = spawnSync(process.execPath, [join(out, "index.mjs"), pdf, JSON.stringify(acceptance())], {
      cwd: out,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 30_000,
    });

    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      regular: join(out, NOTICE_FONT_DIR, NOTICE_FONT_FILES.regular),
      bold: join(out, NOTICE_FONT_DIR, NOTICE_FONT_FILES.bold),
    });
    expect(textOf(pdf)).toContain(acceptance().title);
  });
});
