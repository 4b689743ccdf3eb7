// brotli's decompressor as the Lambda bundles see it (infra/bundling.ts, `stubs`): fontkit
// imports it to read WOFF2 fonts, and it is 475 KB of the notices bundle, nearly half of it.
// The notices are set in TrueType files (shared/adapters/notice-pdf.ts), which never ask for it;
// a WOFF2 font would, and is refused in one sentence.
export default function decompress(): never {
  throw new Error("WOFF2 fonts are not read in the Lambda bundles: the notices use TrueType (.ttf) files.");
}
