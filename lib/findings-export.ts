import type { FindingSort } from "@/lib/contracts/findings-list";
import { iterateFindingLines, iterateFindings, type FindingsRead } from "@/lib/db/queries/findings";
import type { AccountScope } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { csvLineSql, exportFormatter } from "@/lib/findings/export";

export type ExportFormat = "csv" | "json" | "ocsf";

/**
 * A findings export as text chunks (head, one per batch, tail) for the route and the CLI. CSV lines
 * are written by Postgres (csvLineSql, the same rule as csvLine); JSON and OCSF are built here.
 */
export async function* exportChunks(
  db: Db,
  scope: AccountScope,
  params: FindingsRead & { sort: FindingSort; dir?: "asc" | "desc"; batch: number; format: ExportFormat },
  product: { version: string },
): AsyncGenerator<string> {
  const fmt = exportFormatter(params.format, product);
  if (fmt.head) yield fmt.head;
  if (params.format === "csv") {
    for await (const lines of iterateFindingLines(db, scope, { ...params, line: csvLineSql })) yield lines.join("");
  } else {
    let first = true;
    for await (const batch of iterateFindings(db, scope, params)) {
      let chunk = "";
      for (const r of batch) {
        chunk += fmt.line(r, first);
        first = false;
      }
      yield chunk;
    }
  }
  if (fmt.tail) yield fmt.tail;
}
