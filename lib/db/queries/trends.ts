import { and, asc, gte, sql } from "drizzle-orm";
import { accountDaily } from "../schema";
import type { Db } from "../types";
import { daysAgo } from "./costs";
import { inScope, type AccountScope } from "./scope";

/** Daily org totals from the per-account rollups (never from raw findings). */
export async function listOrgTrend(db: Db, scope: AccountScope, opts: { days: number; now?: Date }) {
  const rows = await db
    .select({
      day: accountDaily.day,
      score: sql<string | null>`round(avg(${accountDaily.score}))`,
      critical: sql<string>`sum(${accountDaily.openCritical})`,
      high: sql<string>`sum(${accountDaily.openHigh})`,
      medium: sql<string>`sum(${accountDaily.openMedium})`,
      low: sql<string>`sum(${accountDaily.openLow})`,
    })
    .from(accountDaily)
    .where(and(gte(accountDaily.day, daysAgo(opts.days, opts.now)), inScope(accountDaily.accountId, scope)))
    .groupBy(accountDaily.day)
    .orderBy(asc(accountDaily.day));
  return rows.map((r) => ({
    day: r.day,
    score: r.score === null ? null : Number(r.score),
    critical: Number(r.critical),
    high: Number(r.high),
    medium: Number(r.medium),
    low: Number(r.low),
  }));
}

export type TrendPoint = Awaited<ReturnType<typeof listOrgTrend>>[number];
