import { sql, type SQL } from "drizzle-orm";

// Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, with quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading single quote first.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text, CRLF line endings, one header row first. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null | undefined)[]>,
): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * csvCell's rule in SQL, for a text expression: Postgres writes the cell and an export streams lines.
 * The common case (nothing to guard or quote) costs one regular-expression test.
 */
export function csvCellSql(text: SQL): SQL {
  const formula = sql`left(${text}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r')`;
  const guarded = sql`case when ${formula} then '''' else '' end || ${text}`;
  return sql`case when ${text} is null then ''
    when ${text} !~ '^[=+@\\t\\r-]|[",\\r\\n]' then ${text}
    when ${text} ~ '[",\\r\\n]' then '"' || replace(${guarded}, '"', '""') || '"'
    else ${guarded} end`;
}
