// Attachments: what the bytes are, and the same image without its metadata. The JPEG and
// PNG samples are real images; what a camera or editor adds is put into them, and stripping
// must give back the sample byte for byte (tables, frame, scans, pixels), with the colour
// segments that change how it looks. Broken files are refused with MalformedFileError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AttachmentType,
  MalformedFileError,
  sniffType,
  stripMetadata,
} from "../../shared/domain/attachment-files.js";
import {
  ADOBE,
  APP0,
  APP1,
  APP2,
  APP14,
  BASELINE_JPEG,
  buildPng,
  CAMERA_METADATA,
  CAMERA_METADATA_TEXT,
  COM,
  concat,
  EOI,
  ICC_PROFILE,
  insertAt,
  jpegParts,
  jpegSegment,
  lastMarker,
  latin1,
  PROGRESSIVE_JPEG,
  pngChunk,
  pngChunks,
  SAMPLE_PNG,
  SAMPLE_PNG_CHUNKS as png,
  SOS,
  textOf,
  withSegments,
} from "../support/attachment-samples.js";

const jpeg = (bytes: Uint8Array) => stripMetadata(bytes, "image/jpeg");
const strippedPng = (bytes: Uint8Array) => stripMetadata(bytes, "image/png");

/** "ok", "malformed", or the unexpected error itself (which fails the comparison). */
function outcome(strip: () => Uint8Array): unknown {
  try {
    expect(strip()).toBeInstanceOf(Uint8Array);
    return "ok";
  } catch (err) {
    return err instanceof MalformedFileError ? "malformed" : err;
  }
}

describe("sniffType", () => {
  it("knows PDF, JPEG and PNG by their signatures", () => {
    expect(sniffType(latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))).toBe("application/pdf");
    expect(sniffType(BASELINE_JPEG)).toBe("image/jpeg");
    expect(sniffType(PROGRESSIVE_JPEG)).toBe("image/jpeg");
    expect(sniffType(SAMPLE_PNG)).toBe("image/png");
  });

  it("gives undefined for other types, nothing, and signatures cut short", () => {
    expect(sniffType(latin1("GIF89a\x01\0\x01\0\0\0\0;"))).toBeUndefined();
    expect(sniffType(latin1("PK\x03\x04\x14\0\0\0\x08\0"))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
    expect(sniffType(latin1("%PDF"))).toBeUndefined();
    expect(sniffType(Uint8Array.of(0xff, 0xd8))).toBeUndefined();
    expect(sniffType(SAMPLE_PNG.subarray(0, 7))).toBeUndefined();
  });

  it("gives undefined for random bytes, and the type for any bytes after a signature", () => {
    const signatures: [AttachmentType, Uint8Array][] = [
      ["application/pdf", latin1("%PDF-")],
      ["image/jpeg", Uint8Array.of(0xff, 0xd8, 0xff)],
      ["image/png", SAMPLE_PNG.subarray(0, 8)],
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        fc.pre(signatures.every(([, signature]) => !textOf(bytes).startsWith(textOf(signature))));
        expect(sniffType(bytes)).toBeUndefined();
        for (const [type, signature] of signatures) expect(sniffType(concat(signature, bytes))).toBe(type);
      }),
    );
  });

  it("sees through a declared type: a JPEG declared image/png is a JPEG, and is no PNG to strip", () => {
    const declared: AttachmentType = "image/png";
    expect(sniffType(BASELINE_JPEG)).not.toBe(declared);
    expect(sniffType(BASELINE_JPEG)).toBe("image/jpeg");
    expect(() => stripMetadata(BASELINE_JPEG, declared)).toThrow(MalformedFileError);
    expect(() => stripMetadata(SAMPLE_PNG, "image/jpeg")).toThrow(MalformedFileError);
  });
});

describe("stripMetadata: PDF", () => {
  it("returns a PDF as it came", () => {
    const pdf = latin1("%PDF-1.4\n1 0 obj << /Author (Zhang San) >> endobj\n%%EOF\n");
    expect(stripMetadata(pdf, "application/pdf")).toBe(pdf);
  });
});

describe("stripMetadata: JPEG", () => {
  const { exif, xmp, comment, mpf, iptc, makerNote, jfxxThumbnail } = CAMERA_METADATA;

  it("takes a camera's EXIF, XMP, comment, MPF, IPTC and maker APPn out, and keeps ICC and Adobe", () => {
    const fromCamera = withSegments(BASELINE_JPEG, [
      [],
      [exif, xmp, ICC_PROFILE, mpf, comment, iptc, ADOBE, makerNote, jfxxThumbnail],
    ]);
    const stripped = jpeg(fromCamera);
    // Byte for byte the cjpeg image (same tables, frame, scan and entropy-coded data, so the
    // same pixels), with only the ICC profile and Adobe's transform added where they were.
    expect(stripped).toEqual(withSegments(BASELINE_JPEG, [[], [ICC_PROFILE, ADOBE]]));
    for (const text of CAMERA_METADATA_TEXT) {
      expect([text, textOf(fromCamera).includes(text)]).toEqual([text, true]);
      expect([text, textOf(stripped).includes(text)]).toEqual([text, false]);
    }
    expect(textOf(stripped)).toContain("ICC_PROFILE\0");
  });

  it("leaves an image with nothing to strip as it is, restart markers in its scan included", () => {
    const scan = textOf(jpegParts(BASELINE_JPEG).scans);
    expect(scan).toMatch(/\xff[\xd0-\xd7]/);
    expect(jpeg(BASELINE_JPEG)).toEqual(BASELINE_JPEG);
    expect(jpeg(PROGRESSIVE_JPEG)).toEqual(PROGRESSIVE_JPEG);
  });

  it("drops a JFIF thumbnail, a small copy of the uncropped photo, and keeps the rest of JFIF", () => {
    const { soi, header, scans } = jpegParts(BASELINE_JPEG);
    const [jfif, ...rest] = header;
    // The sample's JFIF up to the thumbnail's size, then a 2x1 thumbnail of 6 RGB bytes.
    const withThumbnail = jpegSegment(
      APP0,
      concat(jfif!.subarray(4, 16), Uint8Array.of(2, 1), latin1("THUMB!")),
    );
    const image = concat(soi, withThumbnail, ...rest, scans);
    expect(textOf(image)).toContain("THUMB!");
    expect(jpeg(image)).toEqual(BASELINE_JPEG);
  });

  it("walks a progressive JPEG's scans: what is put between them goes, its tables stay", () => {
    const lastScan = lastMarker(PROGRESSIVE_JPEG, SOS);
    const end = lastMarker(PROGRESSIVE_JPEG, EOI);
    const edited = insertAt(
      insertAt(PROGRESSIVE_JPEG, end, comment, exif),
      lastScan,
      jpegSegment(COM, "Camera serial 12345"),
    );
    expect(jpeg(edited)).toEqual(PROGRESSIVE_JPEG);
  });

  it("drops fill bytes before markers, keeps TEM and RSTn, and drops what follows the end of the image", () => {
    const [jfif, ...rest] = jpegParts(BASELINE_JPEG).header;
    const fill = Uint8Array.of(0xff, 0xff, 0xff);
    // Standalone markers, without a length: read as segments, they would swallow DQT.
    const tem = Uint8Array.of(0xff, 0x01, 0xff, 0xd0);
    const padded = concat(
      BASELINE_JPEG.subarray(0, 2),
      jfif!,
      fill,
      tem,
      fill,
      ...rest,
      insertAt(jpegParts(BASELINE_JPEG).scans, jpegParts(BASELINE_JPEG).scans.length - 2, fill),
      latin1("\xff\xd8 second image: Exif GPSLatitude 39.9042"),
    );
    expect(jpeg(padded)).toEqual(
      concat(BASELINE_JPEG.subarray(0, 2), jfif!, tem, ...rest, jpegParts(BASELINE_JPEG).scans),
    );
  });

  it("refuses a JPEG cut short anywhere, before its end marker", () => {
    const image = withSegments(BASELINE_JPEG, [[exif]]);
    for (let cut = 0; cut < image.length; cut++) {
      expect([cut, outcome(() => jpeg(image.subarray(0, cut)))]).toEqual([cut, "malformed"]);
    }
  });

  it("refuses bad segment lengths, bytes between segments, stray markers, and a missing SOI", () => {
    const { soi, header, scans } = jpegParts(BASELINE_JPEG);
    const broken = [
      concat(soi, Uint8Array.of(0xff, APP1, 0, 1), ...header, scans),
      concat(soi, Uint8Array.of(0xff, APP1, 0xff, 0xf0), ...header, scans),
      concat(soi, header[0]!, Uint8Array.of(0x00), ...header.slice(1), scans),
      // Read as segments of length 2, these would pass: SOI and FF 00 have no length.
      concat(soi, header[0]!, Uint8Array.of(0xff, 0xd8, 0, 2), ...header.slice(1), scans),
      concat(soi, header[0]!, Uint8Array.of(0xff, 0x00, 0, 2), ...header.slice(1), scans),
      concat(...header, scans),
    ];
    for (const [i, image] of broken.entries())
      expect([i, outcome(() => jpeg(image))]).toEqual([i, "malformed"]);
  });
});

describe("stripMetadata: PNG", () => {
  const tEXt = pngChunk("tEXt", "Comment\0GPS 39.9042");
  const iTXt = pngChunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>39,54N</exif:GPSLatitude>");
  const eXIf = pngChunk("eXIf", "MM\0*\0\0\0\x08GPSLatitude 39.9042");
  const tIME = pngChunk("tIME", Uint8Array.of(0x07, 0xea, 11, 30, 9, 15, 0));
  const zTXt = pngChunk("zTXt", "Author\0\0compressed name");
  const prVt = pngChunk("prVt", "camera serial 12345");

  it("drops text, EXIF, time and private chunks, and keeps gAMA and IDAT byte for byte", () => {
    const fromEditor = buildPng(png.IHDR, tEXt, iTXt, png.gAMA, eXIf, tIME, png.IDAT, zTXt, prVt, png.IEND);
    const stripped = strippedPng(concat(fromEditor, latin1("trailer GPS 39.9042")));
    expect(stripped).toEqual(SAMPLE_PNG);
    expect(pngChunks(stripped).map(({ type }) => type)).toEqual(["IHDR", "gAMA", "IDAT", "IEND"]);
    expect(pngChunks(stripped).every(({ crcOk }) => crcOk)).toBe(true);
    expect(textOf(fromEditor)).toContain("39.9042");
    expect(textOf(stripped)).not.toMatch(/39[.,]|serial|Author|tIME/);
  });

  it("keeps every chunk that changes how the pixels look", () => {
    const rendering = [
      pngChunk("cHRM", new Uint8Array(32).fill(1)),
      pngChunk("iCCP", "ICC profile\0\0deflated profile"),
      pngChunk("sBIT", Uint8Array.of(8, 8, 8)),
      pngChunk("sRGB", Uint8Array.of(0)),
      pngChunk("PLTE", Uint8Array.of(0, 0, 0, 255, 255, 255)),
      pngChunk("tRNS", Uint8Array.of(0, 1, 0, 2, 0, 3)),
      pngChunk("bKGD", Uint8Array.of(0, 255, 0, 255, 0, 255)),
      pngChunk("pHYs", Uint8Array.of(0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1)),
    ];
    const image = buildPng(png.IHDR, ...rendering, tEXt, png.gAMA, png.IDAT, png.IEND);
    expect(strippedPng(image)).toEqual(buildPng(png.IHDR, ...rendering, png.gAMA, png.IDAT, png.IEND));
  });

  it("refuses a kept chunk with a bad CRC, and does not read a dropped one's", () => {
    const badIdat = png.IDAT.slice();
    badIdat[10]! ^= 0x01;
    expect(outcome(() => strippedPng(buildPng(png.IHDR, badIdat, png.IEND)))).toBe("malformed");
    const badText = tEXt.slice();
    badText[tEXt.length - 1]! ^= 0x01;
    expect(strippedPng(buildPng(png.IHDR, badText, png.gAMA, png.IDAT, png.IEND))).toEqual(SAMPLE_PNG);
  });

  it("refuses a PNG cut short anywhere before the end of IEND", () => {
    for (let cut = 0; cut < SAMPLE_PNG.length; cut++) {
      expect([cut, outcome(() => strippedPng(SAMPLE_PNG.subarray(0, cut)))]).toEqual([cut, "malformed"]);
    }
  });

  it("refuses a chunk length past the file's end (2^31 too), a bad chunk type, and a first chunk not IHDR", () => {
    const tooLong = png.IDAT.slice();
    new DataView(tooLong.buffer).setUint32(0, png.IDAT.length);
    const huge = png.IDAT.slice();
    new DataView(huge.buffer).setUint32(0, 0x80000000);
    const broken = [
      buildPng(png.IHDR, tooLong, png.IEND),
      buildPng(png.IHDR, huge, png.IEND),
      buildPng(png.IHDR, pngChunk("t3Xt", "x"), png.IDAT, png.IEND),
      buildPng(png.gAMA, png.IHDR, png.IDAT, png.IEND),
      buildPng(png.IHDR, png.IDAT),
    ];
    for (const [i, image] of broken.entries())
      expect([i, outcome(() => strippedPng(image))]).toEqual([i, "malformed"]);
  });
});

describe("stripMetadata: properties", () => {
  /** Per slot, each kept segment or chunk after the dropped ones put before it. */
  type Put = [kept: Uint8Array, dropped: Uint8Array[]][][];
  const mixed = (put: Put) => put.map((slot) => slot.flatMap(([kept, dropped]) => [...dropped, kept]));
  const keptOnly = (put: Put) => put.map((slot) => slot.map(([kept]) => kept));
  const payload = fc.uint8Array({ maxLength: 48 });
  /** An APPn or COM that is to go, with an identifier a camera or editor writes. */
  const droppedSegment = fc
    .tuple(
      fc.oneof(
        fc.constant({ marker: APP1, id: "Exif\0\0" }),
        fc.constant({ marker: APP1, id: "http://ns.adobe.com/xap/1.0/\0" }),
        fc.constant({ marker: APP0, id: "JFXX\0" }),
        fc.constantFrom({ marker: APP2, id: "MPF\0" }, { marker: APP2, id: "FPXR\0" }),
        fc.constant({ marker: APP14, id: "Ducky" }),
        fc
          .integer({ min: 0xe3, max: 0xef })
          .filter((m) => m !== APP14)
          .map((marker) => ({ marker, id: "" })),
        fc.constant({ marker: COM, id: "" }),
      ),
      payload,
    )
    .map(([{ marker, id }, data]) => jpegSegment(marker, concat(latin1(id), data)));
  const fill = fc.integer({ min: 1, max: 3 }).map((n) => new Uint8Array(n).fill(0xff));
  /** A segment that stays: a colour profile or Adobe's transform, with any content. */
  const keptSegment = fc.oneof(
    payload.map((data) => jpegSegment(APP2, concat(latin1("ICC_PROFILE\0"), data))),
    fc
      .uint8Array({ minLength: 7, maxLength: 7 })
      .map((data) => jpegSegment(APP14, concat(latin1("Adobe"), data))),
  );
  const sample = fc.constantFrom(BASELINE_JPEG, PROGRESSIVE_JPEG);
  const slots = <T>(item: fc.Arbitrary<T>) => fc.array(fc.array(item, { maxLength: 3 }), { maxLength: 7 });

  it("JPEG: whatever metadata is put in, and where, stripping gives the sample", () => {
    fc.assert(
      fc.property(sample, slots(fc.oneof(droppedSegment, fill)), (image, inserted) => {
        expect(jpeg(withSegments(image, inserted))).toEqual(image);
      }),
    );
  });

  it("JPEG: the result depends only on the kept segments, and stripping twice changes nothing", () => {
    fc.assert(
      fc.property(
        sample,
        slots(fc.tuple(keptSegment, fc.array(droppedSegment, { maxLength: 2 }))),
        (image, put) => {
          const once = jpeg(withSegments(image, mixed(put)));
          expect(once).toEqual(jpeg(withSegments(image, keptOnly(put))));
          expect(jpeg(once)).toEqual(once);
        },
      ),
    );
  });

  const droppedChunk = fc
    .tuple(
      fc.oneof(
        fc.constantFrom("tEXt", "zTXt", "iTXt", "eXIf", "tIME", "acTL", "fcTL", "hIST", "sPLT", "dSIG"),
        fc.stringMatching(/^[a-z][A-Za-z]{3}$/),
      ),
      payload,
    )
    .map(([type, data]) => pngChunk(type, data));
  const keptChunk = fc
    .tuple(fc.constantFrom("gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "tRNS"), payload)
    .map(([type, data]) => pngChunk(type, data));
  /** The sample with chunks put after IHDR, after gAMA and after IDAT. */
  const pngWith = (put: Uint8Array[][]) =>
    buildPng(png.IHDR, ...(put[0] ?? []), png.gAMA, ...(put[1] ?? []), png.IDAT, ...(put[2] ?? []), png.IEND);

  it("PNG: whatever chunks are put in, and where, stripping gives the sample", () => {
    fc.assert(
      fc.property(fc.array(fc.array(droppedChunk, { maxLength: 3 }), { maxLength: 3 }), (put) => {
        expect(strippedPng(pngWith(put))).toEqual(SAMPLE_PNG);
      }),
    );
  });

  it("PNG: the result depends only on the kept chunks, and stripping twice changes nothing", () => {
    const slot = fc.array(fc.tuple(keptChunk, fc.array(droppedChunk, { maxLength: 2 })), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(slot, { maxLength: 3 }), (put) => {
        const once = strippedPng(pngWith(mixed(put)));
        expect(once).toEqual(strippedPng(pngWith(keptOnly(put))));
        expect(strippedPng(once)).toEqual(once);
      }),
    );
  });

  const fromCamera = withSegments(BASELINE_JPEG, [
    [CAMERA_METADATA.exif],
    [CAMERA_METADATA.comment, ICC_PROFILE],
  ]);
  const fromEditor = buildPng(png.IHDR, pngChunk("tEXt", "Comment\0GPS"), png.gAMA, png.IDAT, png.IEND);
  /** The image with up to four bytes changed, and half the time cut short. */
  const damaged = (image: Uint8Array) =>
    fc
      .tuple(
        fc.array(fc.tuple(fc.nat(image.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.oneof(fc.constant(image.length), fc.nat(image.length)),
      )
      .map(([changes, length]) => {
        const bytes = image.slice(0, length);
        for (const [at, value] of changes) if (at < length) bytes[at] = value;
        return bytes;
      });
  const types: AttachmentType[] = ["image/jpeg", "image/png"];

  it("random or damaged bytes give an image or MalformedFileError, never another error or a hang", () => {
    const anyBytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => concat(Uint8Array.of(0xff, 0xd8), bytes)),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => concat(SAMPLE_PNG.subarray(0, 8), bytes)),
      damaged(fromCamera),
      damaged(PROGRESSIVE_JPEG),
      damaged(fromEditor),
    );
    fc.assert(
      fc.property(anyBytes, fc.constantFrom(...types), (bytes, type) => {
        expect(["ok", "malformed"]).toContain(outcome(() => stripMetadata(bytes, type)));
      }),
      { numRuns: 2000 },
    );
  });
});
