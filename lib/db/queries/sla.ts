import { sql } from "drizzle-orm";
import type { Severity } from "@/lib/domain/vocabulary";
import type { Db } from "../types";
import type { Tx } from "./snapshot";

/** Days to fix per severity, for prod accounts and the others (null = no deadline). */
export type SlaTable = readonly { severity: Severity; prod: boolean; days: number | null }[];

/**
 * Sets the due date of open findings to first seen plus the days their severity and environment
 * get (null when none), writing only rows whose date changes: every open finding, an account's,
 * or the ids given. Returns how many changed.
 */
export async function refreshDueDates(
  tx: Db | Tx,
  params: { table: SlaTable; accountId?: string; ids?: readonly string[] },
): Promise<number> {
  if (params.ids && params.ids.length === 0) return 0;
  const rows = sql.join(
    params.table.map((r) => sql`(${r.severity}::text, ${r.prod}::boolean, ${r.days}::int)`),
    sql`, `,
  );
  const due = sql`case when t.days is null then null else f.first_seen_at + make_interval(days => t.days) end`;
  const result = (await tx.execute(sql`
    update findings f set due_at = ${due}
    from aws_accounts a, (values ${rows}) as t(severity, prod, days)
    where a.id = f.account_id and t.severity = f.severity::text and t.prod = (a.environment = 'prod')
      and f.status in ('NEW', 'ACKNOWLEDGED')
      ${params.accountId ? sql`and f.account_id = ${params.accountId}` : sql``}
      ${params.ids ? sql`and f.id in ${[...params.ids]}` : sql``}
      and f.due_at is distinct from ${due}`)) as unknown as { rowCount?: number | null; affectedRows?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}
