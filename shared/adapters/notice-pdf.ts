// Placeholder until the renderer lands (replaced on merge).
import type { NoticeDocument } from "../domain/notices.js";

export interface NoticeFonts {
  regular: string;
  bold: string;
}
export function noticeFonts(): NoticeFonts {
  throw new Error("not yet");
}
export function noticeFontSources(): Array<{ from: string; to: string }> {
  return [];
}
export async function renderNoticePdf(
  _doc: NoticeDocument,
  _fonts?: NoticeFonts,
  _options?: { createdAt: Date },
): Promise<Uint8Array> {
  throw new Error("not yet");
}
