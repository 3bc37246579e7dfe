import { stringify } from "csv-stringify/sync";
import type { Cell, TableRows } from "./attendance-table-rows";

// A spreadsheet reads a cell starting with one of these as a formula (OWASP's CSV injection advice).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers. */
export function neutralizeCell(cell: Cell): string | number {
  const value = typeof cell === "object" ? cell.text : cell;
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The table as CSV for Excel and others: a UTF-8 byte order mark (so 臺灣 opens as 臺灣), CRLF lines. */
export function toCsv({ header, rows }: TableRows): string {
  return stringify([header, ...rows].map((row) => row.map(neutralizeCell)), { bom: true, record_delimiter: "windows", quoted_match: /[",\r\n]/ });
}
