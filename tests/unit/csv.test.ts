// The inbox export's CSV: RFC 4180 quoting that reads back to the same cells, a byte-order
// mark for Excel, a cell a spreadsheet would run as a formula made text; and the export's
// paging, which stops at its bounds and says when it did.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../shared/csv.js";
import { collectPages } from "../../shared/console/inbox-export.js";
import { parseCsv } from "../support/csv.js";

describe("the CSV writer", () => {
  it("starts with a byte-order mark and ends every record with CRLF", () => {
    expect(
      toCsv([
        ["编号", "事项"],
        ["XF-1", "养老金"],
      ]),
    ).toBe("\uFEFF编号,事项\r\nXF-1,养老金\r\n");
  });

  it("quotes cells with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "no"')).toBe('"say ""no"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
  });

  it("makes text of any cell a spreadsheet would run as a formula", () => {
    for (const formula of ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =HYPERLINK(x)"])
      expect(parseCsv(toCsv([[formula]]).slice(1))[0]![0]).toBe(`'${formula}`);
    expect(csvCell('=HYPERLINK("http://x","go")')).toBe('"\'=HYPERLINK(""http://x"",""go"")"');
    // Only the start counts: dashes, signs and at-signs inside a cell are text already.
    for (const safe of ["2026-09-30 10:00", "a=b", "XF-2026-0001", "王**", "", "1+1"])
      expect(csvCell(safe)).toBe(/,/.test(safe) ? `"${safe}"` : safe);
  });

  it("reads back, cell for cell, whatever the cells hold", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "王", ",", '"', "\n", "\r", " ", "x", "=", "-") });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (records) => {
        const csv = toCsv(records);
        expect(csv.startsWith("\uFEFF")).toBe(true);
        const guarded = records.map((r) => r.map((c) => (/^(\s*[=+\-@]|[\t\r])/.test(c) ? `'${c}` : c)));
        expect(parseCsv(csv.slice(1))).toEqual(guarded);
      }),
    );
  });
});

describe("the export's pages", () => {
  /** Pages of `size` numbered rows, `count` rows in all. */
  const pager = (count: number, size: number) => {
    const asked: (string | undefined)[] = [];
    const pageAt = async (cursor: string | undefined) => {
      asked.push(cursor);
      const from = Number(cursor ?? 0);
      const cases = Array.from({ length: Math.max(0, Math.min(size, count - from)) }, (_, i) => from + i);
      return { cases, ...(from + size < count ? { nextCursor: String(from + size) } : {}) };
    };
    return { pageAt, asked };
  };

  it("reads every page, in order, from the first, and is not cut when they end", async () => {
    const { pageAt, asked } = pager(7, 3);
    expect(await collectPages(pageAt, { rows: 100, pages: 100 })).toEqual({
      rows: [0, 1, 2, 3, 4, 5, 6],
      cut: false,
    });
    expect(asked).toEqual([undefined, "3", "6"]);
  });

  it("stops at the row bound and says it was cut", async () => {
    expect(await collectPages(pager(10, 3).pageAt, { rows: 5, pages: 100 })).toEqual({
      rows: [0, 1, 2, 3, 4],
      cut: true,
    });
    // Exactly the bound, with nothing after it: not cut.
    expect(await collectPages(pager(6, 3).pageAt, { rows: 6, pages: 100 })).toEqual({
      rows: [0, 1, 2, 3, 4, 5],
      cut: false,
    });
  });

  it("stops at the page bound and says it was cut", async () => {
    const { pageAt, asked } = pager(10, 3);
    expect(await collectPages(pageAt, { rows: 100, pages: 2 })).toEqual({
      rows: [0, 1, 2, 3, 4, 5],
      cut: true,
    });
    expect(asked).toHaveLength(2);
  });
});
