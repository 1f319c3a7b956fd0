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
 * The common case (nothing to guard or quote) costs a first-character test and four strpos calls.
 */
export function csvCellSql(text: SQL): SQL {
  const formula = sql`ascii(${text}) in (61, 43, 45, 64, 9, 13)`; // = + - @ tab CR
  const quote = sql`(strpos(${text}, '"') > 0 or strpos(${text}, ',') > 0 or strpos(${text}, E'\\n') > 0 or strpos(${text}, E'\\r') > 0)`;
  const guarded = sql`case when ${formula} then '''' else '' end || ${text}`;
  return sql`case when ${text} is null then ''
    when ${quote} then '"' || replace(${guarded}, '"', '""') || '"'
    when ${formula} then '''' || ${text}
    else ${text} end`;
}

/**
 * Cells joined by commas in SQL, the same as csvCellSql on each: when no cell holds a quote, comma or
 * line break (one test over them all) and none starts a formula, the plain join; otherwise cell by cell.
 */
export function csvCellsSql(cells: SQL[]): SQL {
  const texts = cells.map((c) => sql`coalesce(${c}, '')`);
  const formula = sql.join(
    cells.map((c) => sql`ascii(${c}) in (61, 43, 45, 64, 9, 13)`),
    sql` or `,
  );
  return sql`case when (${sql.join(texts, sql` || `)}) ~ '[",\\r\\n]' or ${formula}
    then ${sql.join(cells.map(csvCellSql), sql` || ',' || `)}
    else ${sql.join(texts, sql` || ',' || `)} end`;
}
