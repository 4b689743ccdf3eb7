// What a petitioner's attachment really is, by its bytes, and the same image without what it
// says about the petitioner beyond its pixels: EXIF (GPS position, camera serial, time taken),
// XMP, IPTC, comments, text chunks. Pure: bytes in, bytes out; reading and writing S3 is the
// adapter's. A file whose structure does not add up is refused rather than guessed at.
import { crc32 } from "node:zlib";
import { CasebridgeError } from "../errors.js";

export type AttachmentType = "application/pdf" | "image/jpeg" | "image/png";

/** A JPEG or PNG whose structure is broken: a segment or chunk cut short, a bad length, no end. */
export class MalformedFileError extends CasebridgeError {
  override name = "MalformedFileError";
}

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** SOI and the 0xFF that starts the next marker: every JPEG begins so, whatever follows. */
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the bytes are, by their signature; undefined when none of the allowed types. */
export function sniffType(bytes: Uint8Array): AttachmentType | undefined {
  if (startsWith(bytes, PDF_SIGNATURE)) return "application/pdf";
  if (startsWith(bytes, JPEG_SIGNATURE)) return "image/jpeg";
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  return undefined;
}

/**
 * The same image without metadata. PDFs are returned unchanged: their Info dictionary and
 * XMP (author, producer) are not handled here. Throws MalformedFileError when the bytes
 * are not a well-formed file of `type`, including when they are another type.
 */
export function stripMetadata(bytes: Uint8Array, type: AttachmentType): Uint8Array {
  switch (type) {
    case "application/pdf":
      return bytes;
    case "image/jpeg":
      return stripJpeg(bytes);
    case "image/png":
      return stripPng(bytes);
  }
}

// JPEG (ITU T.81 Annex B): a walk over the marker segments. Entropy-coded data is copied as
// it is; the segments around it, before the first scan and between a progressive JPEG's
// scans, are kept or dropped by `keepJpegSegment`. Whatever follows EOI (an MPF second
// image with its own EXIF, a phone maker's trailer) is dropped.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

function stripJpeg(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new MalformedFileError("not a JPEG: no start marker");
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  for (;;) {
    // T.81 B.1.1.2: any marker may be preceded by 0xFF fill bytes; they are not kept.
    const start = skipFill(bytes, at);
    const marker = bytes[start + 1]!;
    if (marker === EOI) {
      kept.push(bytes.subarray(start, start + 2));
      return concat(kept);
    }
    if (marker === SOI || marker === 0x00) throw new MalformedFileError("JPEG has a stray marker");
    if (marker === TEM || isRestart(marker)) {
      // Standalone markers: no length follows.
      kept.push(bytes.subarray(start, start + 2));
      at = start + 2;
      continue;
    }
    if (start + 4 > bytes.length) throw new MalformedFileError("JPEG segment cut short");
    const end = start + 2 + ((bytes[start + 2]! << 8) | bytes[start + 3]!);
    if (end < start + 4 || end > bytes.length) throw new MalformedFileError("JPEG segment length is wrong");
    const segment = keepJpegSegment(marker, bytes.subarray(start, end));
    if (segment) kept.push(segment);
    at = end;
    if (marker === SOS) {
      const scanEnd = entropyCodedEnd(bytes, at);
      kept.push(bytes.subarray(at, scanEnd));
      at = scanEnd;
    }
  }
}

/** Where the marker at or after `at` starts, fill bytes skipped; it must be there. */
function skipFill(bytes: Uint8Array, at: number): number {
  if (bytes[at] !== 0xff) {
    throw new MalformedFileError(
      at >= bytes.length ? "JPEG has no end marker" : "JPEG has no marker where one is due",
    );
  }
  let start = at;
  while (bytes[start + 1] === 0xff) start++;
  if (start + 1 >= bytes.length) throw new MalformedFileError("JPEG has no end marker");
  return start;
}

/**
 * The end of a scan's entropy-coded data: the first marker that is neither a stuffed zero
 * (FF 00) nor a restart (RSTn), with the fill bytes before it. Restarts stay in the data.
 */
function entropyCodedEnd(bytes: Uint8Array, at: number): number {
  let ff = bytes.indexOf(0xff, at);
  while (ff >= 0) {
    let code = ff + 1;
    while (bytes[code] === 0xff) code++;
    if (code >= bytes.length) break;
    if (bytes[code] !== 0x00 && !isRestart(bytes[code]!)) return ff;
    ff = bytes.indexOf(0xff, code + 1);
  }
  throw new MalformedFileError("JPEG has no end marker");
}

function isRestart(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7;
}

/**
 * The segment as it is kept, or undefined to drop it. Kept: every segment that is not
 * APPn or COM (tables, frame, scan, restart interval), and the three APPn a decoder reads:
 * JFIF (without its thumbnail), the ICC profile, and Adobe's colour transform. Dropped:
 * APP1 (EXIF, XMP), APP13 (Photoshop, IPTC), the other APPn, and comments. With APP1 goes
 * EXIF's orientation, so a photo taken sideways may show sideways: a reader can turn it,
 * and keeping APP1 would keep the GPS position with it.
 */
function keepJpegSegment(marker: number, segment: Uint8Array): Uint8Array | undefined {
  const isApp = marker >= APP0 && marker <= APP0 + 15;
  if (!isApp && marker !== COM) return segment;
  // JFIF 1.02: identifier, version, units, densities, then a thumbnail's width and height.
  if (marker === APP0 && hasIdentifier(segment, "JFIF\0")) return withoutJfifThumbnail(segment);
  // ICC.1 B.4: the colour profile, possibly over several APP2. Other APP2 (FlashPix, MPF) go.
  if (marker === APP2 && hasIdentifier(segment, "ICC_PROFILE\0")) return segment;
  // Adobe's transform flag tells YCbCr from RGB (and YCCK from CMYK): without it colours change.
  if (marker === APP14 && hasIdentifier(segment, "Adobe")) return headOf(segment, ADOBE_LENGTH);
  return undefined;
}

/** JFIF APP0 up to the thumbnail: 5 identifier + 2 version + 1 units + 4 density + 2 thumbnail size. */
const JFIF_LENGTH = 14;
/** Adobe APP14: 5 identifier + 2 version + 2 + 2 flags + 1 transform. */
const ADOBE_LENGTH = 12;

/** A JFIF thumbnail is a small copy of the original picture, as it was before any cropping. */
function withoutJfifThumbnail(segment: Uint8Array): Uint8Array | undefined {
  const head = headOf(segment, JFIF_LENGTH);
  if (head) head.fill(0, head.length - 2);
  return head;
}

/** A copy of the segment's first `dataLength` bytes of data, with its length set; undefined if shorter. */
function headOf(segment: Uint8Array, dataLength: number): Uint8Array | undefined {
  if (segment.length < 4 + dataLength) return undefined;
  const head = segment.slice(0, 4 + dataLength);
  head[2] = (dataLength + 2) >> 8;
  head[3] = (dataLength + 2) & 0xff;
  return head;
}

function hasIdentifier(segment: Uint8Array, identifier: string): boolean {
  return startsWith(
    segment.subarray(4),
    [...identifier].map((c) => c.charCodeAt(0)),
  );
}

// PNG (ISO/IEC 15948): chunks of length, type, data and CRC, from IHDR to IEND. Kept are
// the critical chunks and the ancillary ones that change how the pixels look; text, time,
// EXIF and every private or unknown chunk go. Bytes after IEND go too.

const RENDERING_CHUNKS = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "bKGD",
  "pHYs",
]);
const CHUNK_TYPE = /^[A-Za-z]{4}$/;

function stripPng(bytes: Uint8Array): Uint8Array {
  if (!startsWith(bytes, PNG_SIGNATURE)) throw new MalformedFileError("not a PNG: no signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE.length)];
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > bytes.length) throw new MalformedFileError("PNG has no IEND chunk");
    const length = view.getUint32(at);
    const dataEnd = at + 8 + length;
    // PNG 5.3 bounds a length by 2^31 - 1; the file's own end is the tighter bound here.
    if (dataEnd + 4 > bytes.length) throw new MalformedFileError("PNG chunk length is wrong");
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!CHUNK_TYPE.test(type)) throw new MalformedFileError("PNG chunk type is not four letters");
    if (at === PNG_SIGNATURE.length && type !== "IHDR")
      throw new MalformedFileError("PNG does not start with IHDR");
    if (RENDERING_CHUNKS.has(type)) {
      // The CRC covers type and data.
      if (crc32(bytes.subarray(at + 4, dataEnd)) !== view.getUint32(dataEnd)) {
        throw new MalformedFileError(`PNG ${type} chunk has a bad CRC`);
      }
      kept.push(bytes.subarray(at, dataEnd + 4));
    }
    if (type === "IEND") return concat(kept);
    at = dataEnd + 4;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
