// CSV as spreadsheets open it: RFC 4180 (cells with a comma, a quote or a line break quoted,
// quotes doubled, CRLF between records), UTF-8 with a byte-order mark so Excel reads Chinese
// as UTF-8, and every cell a spreadsheet would read as a formula made plain text first.

const BOM = "\uFEFF";

/**
 * Cells a spreadsheet takes for a formula (OWASP, "CSV Injection"): those starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return — also after leading spaces, which some
 * spreadsheets skip. A leading `'` makes them text.
 */
const FORMULA = /^(\s*[=+\-@]|[\t\r])/;

export function csvCell(value: string): string {
  const plain = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(plain) ? `"${plain.replaceAll('"', '""')}"` : plain;
}

/** The records as one CSV file, byte-order mark first, each record ended by CRLF. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return BOM + records.map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}
