// Real images for the attachment tests, and builders that put metadata into them: JPEG
// segments and PNG chunks as a camera or an editor would write them.
import { crc32, deflateSync } from "node:zlib";

/**
 * A 16x16 baseline JPEG with a restart after every MCU, so its scan holds RST markers.
 * Made once with libjpeg-turbo's cjpeg (Debian libjpeg-turbo-progs) from a gradient PPM:
 * `cjpeg -quality 85 -sample 1x1 -optimize -restart 1B`. Its only APPn is JFIF, without thumbnail.
 */
export const BASELINE_JPEG = fromBase64(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAUDBAQEAwUEBAQFBQUGBwwIBwcHBw8LCwkMEQ8SEhEPERETFhwXExQaFRERGCEYGh0d" +
    "Hx8fExciJCIeJBweHx7/2wBDAQUFBQcGBw4ICA4eFBEUHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4e" +
    "Hh4eHh4eHh7/wAARCAAQABADAREAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwIG/8QAGRAAAQUAAAAAAAAAAAAAAAAABgAR" +
    "EiOh/8QAFgEBAQEAAAAAAAAAAAAAAAAABgcD/8QAHBEAAgIDAQEAAAAAAAAAAAAAAAUCEQQSIRNB/90ABAAB/9oADAMBAAIRAxEA" +
    "PwAEHxJ41Yjk83c2Ruarp//Qww+HPGrEQnHctCN5VdP/0aGhJ41YpdiZvp9JWlc1XT//0lAaDnjViLYkdzdK8qun/9k=",
);

/** The same gradient, progressive: ten scans, with Huffman tables between them (`cjpeg -quality 85 -progressive`). */
export const PROGRESSIVE_JPEG = fromBase64(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAUDBAQEAwUEBAQFBQUGBwwIBwcHBw8LCwkMEQ8SEhEPERETFhwXExQaFRERGCEYGh0d" +
    "Hx8fExciJCIeJBweHx7/2wBDAQUFBQcGBw4ICA4eFBEUHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4e" +
    "Hh4eHh4eHh7/wgARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABgX/xAAVAQEBAAAAAAAAAAAAAAAAAAADBf/a" +
    "AAwDAQACEAMQAAABAobyeKn/xAAVEAEBAAAAAAAAAAAAAAAAAAAEAP/aAAgBAQABBQI5I44xIw7/xAAXEQADAQAAAAAAAAAAAAAA" +
    "AAAABREh/9oACAEDAQE/AUjqTT//xAAWEQEBAQAAAAAAAAAAAAAAAAADABP/2gAIAQIBAT8BNd7/xAAVEAEBAAAAAAAAAAAAAAAA" +
    "AAAAMf/aAAgBAQAGPwKIiP/EABUQAQEAAAAAAAAAAAAAAAAAAAAx/9oACAEBAAE/IYECBA//2gAMAwEAAgADAAAAEMv/xAAUEQEA" +
    "AAAAAAAAAAAAAAAAAAAA/9oACAEDAQE/ECP/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oACAECAQE/EC//xAAWEAADAAAAAAAAAAAA" +
    "AAAAAAAAEdH/2gAIAQEAAT8QbEbEfEfE/9k=",
);

export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const APP2 = 0xe2;
export const APP13 = 0xed;
export const APP14 = 0xee;
export const APP15 = 0xef;
export const COM = 0xfe;
export const SOS = 0xda;
export const EOI = 0xd9;

/** What a phone camera writes: every one of these is to go, and none of their text may remain. */
export const CAMERA_METADATA = {
  exif: jpegSegment(
    APP1,
    "Exif\0\0MM\0*\0\0\0\x08\0\x01\x88\x25\0\x04GPSLatitude 39.9042 GPSLongitude 116.4074",
  ),
  xmp: jpegSegment(
    APP1,
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>39,54.252N</exif:GPSLatitude></x:xmpmeta>',
  ),
  comment: jpegSegment(COM, "Camera serial 12345"),
  mpf: jpegSegment(APP2, "MPF\0MM\0*\0\0\0\x08 second image index"),
  iptc: jpegSegment(APP13, "Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x10IPTC City Beijing"),
  makerNote: jpegSegment(APP15, "maker note: owner Zhang San"),
  jfxxThumbnail: jpegSegment(APP0, "JFXX\0\x10thumbnail of the uncropped photo"),
};
/** The text any of CAMERA_METADATA carries; none of it may be in a stripped image. */
export const CAMERA_METADATA_TEXT = [
  "GPSLatitude",
  "39.9042",
  "39,54",
  "Camera serial",
  "second image",
  "IPTC",
  "Zhang San",
  "uncropped",
];

/** A colour profile (ICC.1 B.4): sequence number 1 of 1, then the profile's bytes. */
export const ICC_PROFILE = jpegSegment(APP2, "ICC_PROFILE\0\x01\x01sRGB IEC61966-2.1 profile body");
/** Adobe's APP14 with transform 1 (YCbCr). */
export const ADOBE = jpegSegment(APP14, "Adobe\0\x64\0\0\0\0\x01");

export function jpegSegment(marker: number, data: string | Uint8Array): Uint8Array {
  const body = typeof data === "string" ? latin1(data) : data;
  return concat(Uint8Array.of(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff), body);
}

/** A JPEG cut where segments may go: SOI, the segments before the first scan, and the rest. */
export interface JpegParts {
  soi: Uint8Array;
  header: Uint8Array[];
  scans: Uint8Array;
}

/** Splits a well-formed JPEG without fill bytes, such as the samples above. */
export function jpegParts(jpeg: Uint8Array): JpegParts {
  const header: Uint8Array[] = [];
  let at = 2;
  while (jpeg[at + 1] !== SOS) {
    const end = at + 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
    header.push(jpeg.subarray(at, end));
    at = end;
  }
  return { soi: jpeg.subarray(0, 2), header, scans: jpeg.subarray(at) };
}

/** The JPEG with `inserted[i]` put before header segment i (the last slot is just before the first scan). */
export function withSegments(jpeg: Uint8Array, inserted: readonly (readonly Uint8Array[])[]): Uint8Array {
  const { soi, header, scans } = jpegParts(jpeg);
  const parts = [soi];
  for (let slot = 0; slot <= header.length; slot++) {
    parts.push(...(inserted[slot] ?? []));
    if (slot < header.length) parts.push(header[slot]!);
  }
  return concat(...parts, scans);
}

/** Where the last marker `marker` is: a marker code after 0xFF cannot occur in entropy-coded data. */
export function lastMarker(jpeg: Uint8Array, marker: number): number {
  for (let at = jpeg.length - 2; at >= 0; at--) {
    if (jpeg[at] === 0xff && jpeg[at + 1] === marker) return at;
  }
  throw new Error(`no marker ${marker.toString(16)}`);
}

export function insertAt(bytes: Uint8Array, at: number, ...parts: Uint8Array[]): Uint8Array {
  return concat(bytes.subarray(0, at), ...parts, bytes.subarray(at));
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function pngChunk(type: string, data: string | Uint8Array): Uint8Array {
  const body = concat(latin1(type), typeof data === "string" ? latin1(data) : data);
  const chunk = new Uint8Array(8 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length - 4);
  chunk.set(body, 4);
  view.setUint32(4 + body.length, crc32(body));
  return chunk;
}

/** A 4x4 RGB PNG: IHDR, gAMA, one IDAT of deflated scanlines, IEND. */
export const SAMPLE_PNG_CHUNKS = (() => {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, 4);
  view.setUint32(4, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, adaptive filtering, no interlace
  const scanlines = new Uint8Array(4 * (1 + 4 * 3));
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) scanlines.set([x * 64, y * 64, 128], y * 13 + 1 + x * 3);
  }
  return {
    IHDR: pngChunk("IHDR", ihdr),
    gAMA: pngChunk("gAMA", Uint8Array.of(0, 0, 0xb1, 0x8f)), // 1/2.2
    IDAT: pngChunk("IDAT", deflateSync(scanlines)),
    IEND: pngChunk("IEND", ""),
  };
})();

export const SAMPLE_PNG = concat(
  PNG_SIGNATURE,
  SAMPLE_PNG_CHUNKS.IHDR,
  SAMPLE_PNG_CHUNKS.gAMA,
  SAMPLE_PNG_CHUNKS.IDAT,
  SAMPLE_PNG_CHUNKS.IEND,
);

export function buildPng(...chunks: Uint8Array[]): Uint8Array {
  return concat(PNG_SIGNATURE, ...chunks);
}

/** A PNG's chunks as written, each with whether its CRC matches; stops at IEND. */
export function pngChunks(png: Uint8Array): { type: string; chunk: Uint8Array; crcOk: boolean }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const end = at + 12 + view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    chunks.push({
      type,
      chunk: png.subarray(at, end),
      crcOk: crc32(png.subarray(at + 4, end - 4)) === view.getUint32(end - 4),
    });
    if (type === "IEND") break;
    at = end;
  }
  return chunks;
}

export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "base64"));
}
