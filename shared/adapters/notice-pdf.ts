// Draws a NoticeDocument (shared/domain/notices.ts) on A4 as a Chinese official letter, with
// pdfkit and Noto Serif SC. Only the glyphs a notice uses are embedded, as real text, so the
// PDF stays small and its words can be searched and copied. The same notice rendered at the
// same createdAt gives the same bytes: nothing here reads the clock.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { create, type Font } from "fontkit";
import PDFDocument from "pdfkit";
import type { NoticeDocument } from "../domain/notices.js";

/** Absolute paths of the two TrueType files a notice is set in. */
export interface NoticeFonts {
  regular: string;
  bold: string;
}

/** The folder beside a Lambda bundle that holds the fonts, and the names they ship under. */
export const NOTICE_FONT_DIR = "fonts";
export const NOTICE_FONT_FILES: Readonly<NoticeFonts> = {
  regular: "NotoSerifSC-Regular.ttf",
  bold: "NotoSerifSC-Bold.ttf",
};

// Noto Serif SC, SIL Open Font License 1.1, from the npm package (its wrapper is MIT).
const PACKAGED_FONTS: Readonly<NoticeFonts> = {
  regular: "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf",
};

const WEIGHTS = ["regular", "bold"] as const;

/** Where the bundler copies each font from, and to (relative to the bundle's folder). */
export function noticeFontSources(): Array<{ from: string; to: string }> {
  const require = createRequire(import.meta.url);
  return WEIGHTS.map((weight) => ({
    from: require.resolve(PACKAGED_FONTS[weight]),
    to: `${NOTICE_FONT_DIR}/${NOTICE_FONT_FILES[weight]}`,
  }));
}

/** The fonts beside the bundle when there are some (on AWS), else from node_modules. */
export function noticeFonts(): NoticeFonts {
  const require = createRequire(import.meta.url);
  const find = (weight: keyof NoticeFonts) => {
    const beside = fileURLToPath(
      new URL(`./${NOTICE_FONT_DIR}/${NOTICE_FONT_FILES[weight]}`, import.meta.url),
    );
    return existsSync(beside) ? beside : require.resolve(PACKAGED_FONTS[weight]);
  };
  return { regular: find("regular"), bold: find("bold") };
}

/**
 * Each font file read and parsed once per process: a file is 15 MB, and pdfkit given a path
 * reads and parses it again for every document (54 ms a notice instead of about 15). pdfkit
 * takes the parsed font as it is, and subsets it anew for each document.
 */
const parsed = new Map<string, Font>();
function fontAt(path: string): Font {
  let font = parsed.get(path);
  if (!font) {
    font = create(readFileSync(path)) as Font;
    parsed.set(path, font);
  }
  return font;
}

const mm = (millimetres: number) => (millimetres * 72) / 25.4;
const A4_WIDTH = mm(210);

// Sizes in points as official documents set them (GB/T 9704-2012): the body in 三号 (16 pt),
// the title in 二号 (22 pt), the page numbers in 五号 (10.5 pt). The standard's 仿宋 and
// 小标宋 are not free fonts; Noto Serif SC in its two weights stands in for both.
const BODY_SIZE = 16;
const TITLE_SIZE = 22;
const REFERENCE_SIZE = 12;
const PAGE_NUMBER_SIZE = 10.5;
/** Baseline to baseline, in ems: Chinese set solid reads crowded. */
const LINE_PITCH = 1.5;
/** A paragraph's first line is indented by two full-width characters. */
const INDENT = 2 * BODY_SIZE;
// 28 characters of body text to a line, as GB/T 9704 has it; the side margins are what A4
// leaves (26 mm each). Every CJK glyph of the font, punctuation included, is one em wide.
const CHARS_PER_LINE = 28;
const SIDE_MARGIN = (A4_WIDTH - CHARS_PER_LINE * BODY_SIZE) / 2;
const MARGINS = { top: mm(28), bottom: mm(25), left: SIDE_MARGIN, right: SIDE_MARGIN };

/** What the PDF's dates say when the caller gives none: a fixed moment, never the clock. */
const DEFAULT_CREATED_AT = new Date(0);

export async function renderNoticePdf(
  doc: NoticeDocument,
  fonts: NoticeFonts = noticeFonts(),
  options: { createdAt: Date } = { createdAt: DEFAULT_CREATED_AT },
): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    // Without a font here pdfkit opens Helvetica, which it requires through its own package's
    // import map (#standard-fonts/…): in a Lambda bundle there is no such package, and it throws.
    font: fontAt(fonts.regular) as unknown as string,
    // The page numbers need the page count, known only once the text is laid out.
    bufferPages: true,
    lang: "zh-CN",
    // Set here, not later: pdfkit hashes these into the file's /ID when it is constructed.
    info: {
      Title: doc.title,
      Producer: "Casebridge",
      Creator: "Casebridge",
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  });
  const bytes = collect(pdf);
  drawNotice(pdf, doc, fonts);
  numberPages(pdf, fonts);
  pdf.end();
  return bytes;
}

function drawNotice(pdf: PDFKit.PDFDocument, doc: NoticeDocument, fonts: NoticeFonts) {
  setFont(pdf, fonts.bold, TITLE_SIZE);
  pdf.text(doc.title, { align: "center", lineGap: lineGap(pdf, TITLE_SIZE) });
  setFont(pdf, fonts.regular, REFERENCE_SIZE);
  pdf.text(doc.reference, { align: "center", lineGap: lineGap(pdf, REFERENCE_SIZE) });

  setFont(pdf, fonts.regular, BODY_SIZE);
  const body = { lineGap: lineGap(pdf, BODY_SIZE) };
  const paragraph = { ...body, indent: INDENT };
  pdf.moveDown(1);
  pdf.text(doc.addressee, body);
  for (const text of doc.paragraphs) pdf.text(text, paragraph);

  // The basis goes with the issuer and date, so that the page that is signed also carries
  // text: a signature alone on a page is not done in an official letter.
  const pitch = pdf.currentLineHeight(true) + body.lineGap;
  // The basis, a blank line, the issuer and the date.
  const closing = pdf.heightOfString(doc.basis, paragraph) + 3 * pitch;
  if (pdf.y + closing > pdf.page.maxY()) pdf.addPage();
  pdf.text(doc.basis, paragraph);
  // A blank line above the issuer leaves room for the seal, which is stamped over both lines.
  pdf.moveDown(1);
  // Right-aligned, ending two characters short of the margin.
  const signature = {
    ...body,
    align: "right" as const,
    width: pdf.page.width - MARGINS.left - MARGINS.right - INDENT,
  };
  pdf.text(doc.issuer, signature);
  pdf.text(doc.date, signature);
}

/** "第 N 页 共 M 页" at the foot of every page, when there is more than one. */
function numberPages(pdf: PDFKit.PDFDocument, fonts: NoticeFonts) {
  const { start, count } = pdf.bufferedPageRange();
  if (count < 2) return;
  setFont(pdf, fonts.regular, PAGE_NUMBER_SIZE);
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(start + i);
    const label = `第 ${i + 1} 页 共 ${count} 页`;
    const x = (pdf.page.width - pdf.widthOfString(label)) / 2;
    const y = pdf.page.height - MARGINS.bottom / 2;
    // Placed by hand without line breaking: text below the bottom margin would otherwise
    // make pdfkit start a new page.
    pdf.text(label, x, y, { lineBreak: false });
  }
}

function setFont(pdf: PDFKit.PDFDocument, path: string, size: number) {
  // pdfkit accepts a parsed font (its types know only paths and bytes).
  pdf.font(fontAt(path) as unknown as string).fontSize(size);
}

/** The gap pdfkit adds under each line of the current font so that lines are LINE_PITCH ems apart. */
function lineGap(pdf: PDFKit.PDFDocument, size: number): number {
  return LINE_PITCH * size - pdf.currentLineHeight(true);
}

/** The document's bytes, once pdfkit has written them all. */
function collect(pdf: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
}
