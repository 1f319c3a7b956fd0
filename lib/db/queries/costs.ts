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
