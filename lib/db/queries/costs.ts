import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { awsAccounts, costAnomalies, costDaily } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function daysAgo(days: number, now = new Date()): string {
  return isoDay(new Date(now.getTime() - days * 24 * 3600 * 1000));
}

/** Org-wide (within scope) cost per day for the last `days` days. */
export async function listDailyCostTotals(db: Db, scope: AccountScope, opts: { days: number; now?: Date }) {
  const rows = await db
    .select({ day: costDaily.day, amount: sql<string>`sum(${costDaily.amount})` })
    .from(costDaily)
    .where(and(gte(costDaily.day, daysAgo(opts.days, opts.now)), inScope(costDaily.accountId, scope)))
    .groupBy(costDaily.day)
    .orderBy(asc(costDaily.day));
  return rows.map((r) => ({ day: r.day, amount: Number(r.amount) }));
}

export async function listCostAnomalies(db: Db, scope: AccountScope, opts: { limit: number }) {
  return db
    .select({
      id: costAnomalies.id,
      accountId: costAnomalies.accountId,
      accountName: awsAccounts.name,
      service: costAnomalies.service,
      day: costAnomalies.day,
      expected: costAnomalies.expected,
      actual: costAnomalies.actual,
      severity: costAnomalies.severity,
      status: costAnomalies.status,
    })
    .from(costAnomalies)
    .innerJoin(awsAccounts, eq(awsAccounts.id, costAnomalies.accountId))
    .where(inScope(costAnomalies.accountId, scope))
    .orderBy(desc(costAnomalies.day))
    .limit(opts.limit);
}

export async function upsertCostDaily(db: Db, rows: (typeof costDaily.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(costDaily)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [costDaily.accountId, costDaily.day, costDaily.service],
        set: { amount: sql.raw("excluded.amount"), collectedAt: sql.raw("excluded.collected_at") },
      });
  }
}

export async function upsertCostAnomalies(db: Db, rows: (typeof costAnomalies.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(costAnomalies)
    .values(rows)
    .onConflictDoUpdate({
      target: [costAnomalies.accountId, costAnomalies.service, costAnomalies.day],
      set: {
        expected: sql.raw("excluded.expected"),
        actual: sql.raw("excluded.actual"),
        score: sql.raw("excluded.score"),
        severity: sql.raw("excluded.severity"),
      },
    });
}

/** Copies each day's total cost into the accounts' daily rollups (what trend charts read). */
export async function refreshRollupCosts(db: Db, accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.execute(sql`
    update account_daily d set cost = c.total
    from (select account_id, day, sum(amount) as total from cost_daily where account_id in (${sql.join(
      accountIds.map((id) => sql`${id}`),
      sql`, `,
    )}) group by 1, 2) c
    where d.account_id = c.account_id and d.day = c.day`);
}
