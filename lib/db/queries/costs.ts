import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { awsAccounts, awsCostAnomalies, costDaily, costIncidents, type costVerdicts } from "../schema";
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

export type CostIncidentFilter = { limit: number; accountId?: string; from?: string; to?: string };

/** Cost incidents overlapping [from, to], largest impact first, with their account's name and environment. */
export async function listCostIncidents(db: Db, scope: AccountScope, opts: CostIncidentFilter) {
  return db
    .select({
      id: costIncidents.id,
      accountId: costIncidents.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      service: costIncidents.service,
      kind: costIncidents.kind,
      startDay: costIncidents.startDay,
      endDay: costIncidents.endDay,
      lastDay: costIncidents.lastDay,
      expected: costIncidents.expected,
      actual: costIncidents.actual,
      impact: costIncidents.impact,
      impactPerDay: costIncidents.impactPerDay,
      impactPercent: costIncidents.impactPercent,
      score: costIncidents.score,
      severity: costIncidents.severity,
      days: costIncidents.days,
      verdict: costIncidents.verdict,
      verdictNote: costIncidents.verdictNote,
      verdictBy: costIncidents.verdictBy,
      rootCause: costIncidents.rootCause,
      labels: costIncidents.labels,
      hijackEvidence: costIncidents.hijackEvidence,
      currency: costIncidents.currency,
    })
    .from(costIncidents)
    .innerJoin(awsAccounts, eq(awsAccounts.id, costIncidents.accountId))
    .where(
      and(
        inScope(costIncidents.accountId, scope),
        opts.accountId ? eq(costIncidents.accountId, opts.accountId) : undefined,
        opts.from ? gte(costIncidents.lastDay, opts.from) : undefined,
        opts.to ? lte(costIncidents.startDay, opts.to) : undefined,
      ),
    )
    .orderBy(desc(costIncidents.impact), desc(costIncidents.startDay))
    .limit(opts.limit);
}

export type CostIncidentRow = Awaited<ReturnType<typeof listCostIncidents>>[number];

/** One account's daily cost per service, oldest first (what the detector reads). */
export async function loadAccountCosts(db: Db, accountId: string) {
  return db
    .select({ day: costDaily.day, service: costDaily.service, amount: costDaily.amount, currency: costDaily.currency })
    .from(costDaily)
    .where(eq(costDaily.accountId, accountId))
    .orderBy(asc(costDaily.day));
}

/** What survives a re-detection: per series and start day, the verdict, root cause and labels. */
export async function loadIncidentMemory(db: Db, accountId: string) {
  return db
    .select({
      id: costIncidents.id,
      service: costIncidents.service,
      startDay: costIncidents.startDay,
      verdict: costIncidents.verdict,
      rootCause: costIncidents.rootCause,
      labels: costIncidents.labels,
    })
    .from(costIncidents)
    .where(eq(costIncidents.accountId, accountId));
}

export type CostIncidentInsert = typeof costIncidents.$inferInsert;

/**
 * Makes an account's incidents exactly `rows`: incidents no longer detected go, the others are written
 * by series + start day. Verdicts are kept unless given; root cause and labels are replaced when given.
 */
export async function replaceAccountIncidents(db: Db, accountId: string, rows: CostIncidentInsert[]): Promise<void> {
  const keep = rows.map((r) => sql`(${r.service}, ${r.startDay}::date)`);
  await db
    .delete(costIncidents)
    .where(
      and(
        eq(costIncidents.accountId, accountId),
        keep.length
          ? sql`(${costIncidents.service}, ${costIncidents.startDay}) not in (${sql.join(keep, sql`, `)})`
          : undefined,
      ),
    );
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(costIncidents)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [costIncidents.accountId, costIncidents.service, costIncidents.startDay],
        set: Object.fromEntries(
          [
            "kind",
            "end_day",
            "last_day",
            "expected",
            "actual",
            "impact",
            "impact_per_day",
            "impact_percent",
            "score",
            "severity",
            "days",
            "root_cause",
            "labels",
            "hijack_evidence",
            "currency",
            "updated_at",
          ].map((c) => [camel(c), sql.raw(`excluded.${c}`)]),
        ),
      });
  }
}

const camel = (c: string) => c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase());

/** Sets (or clears) an incident's verdict within the scope; null when no such incident is visible. */
export async function setCostIncidentVerdict(
  db: Db,
  scope: AccountScope,
  id: string,
  v: { verdict: (typeof costVerdicts)[number] | null; note: string | null; by: string; at?: Date },
) {
  const [before] = await db
    .select({ verdict: costIncidents.verdict, note: costIncidents.verdictNote, accountId: costIncidents.accountId })
    .from(costIncidents)
    .where(and(eq(costIncidents.id, id), inScope(costIncidents.accountId, scope)))
    .for("update");
  if (!before) return null;
  const [after] = await db
    .update(costIncidents)
    .set({
      verdict: v.verdict,
      verdictNote: v.verdict ? v.note : null,
      verdictBy: v.verdict ? v.by : null,
      verdictAt: v.verdict ? (v.at ?? new Date()) : null,
      updatedAt: v.at ?? new Date(),
    })
    .where(eq(costIncidents.id, id))
    .returning({
      id: costIncidents.id,
      accountId: costIncidents.accountId,
      service: costIncidents.service,
      startDay: costIncidents.startDay,
      verdict: costIncidents.verdict,
      verdictNote: costIncidents.verdictNote,
    });
  return { before, after: after! };
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

/** The newest day of cost held (any account); null before the first collection. */
export async function lastCostDay(db: Db): Promise<string | null> {
  const [row] = await db.select({ day: sql<string | null>`max(${costDaily.day})` }).from(costDaily);
  return row?.day ?? null;
}

/** Which of these account ids the organization knows (cost lines of others are not kept). */
export async function knownAccountIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: awsAccounts.id })
    .from(awsAccounts)
    .where(inArray(awsAccounts.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/**
 * Replaces the cost of days [from, to] (inclusive) with `rows`: Cost Explorer restates recent days,
 * and a line it no longer reports must go too. Run inside the caller's transaction.
 */
export async function replaceCostDays(
  db: Db,
  range: { from: string; to: string },
  rows: (typeof costDaily.$inferInsert)[],
): Promise<void> {
  await db.delete(costDaily).where(and(gte(costDaily.day, range.from), lte(costDaily.day, range.to)));
  await upsertCostDaily(db, rows);
}

export type CostFilter = { from: string; to: string; environment?: string; accountId?: string };

function costWhere(scope: AccountScope, f: CostFilter) {
  return and(
    gte(costDaily.day, f.from),
    lte(costDaily.day, f.to),
    inScope(costDaily.accountId, scope),
    f.accountId ? eq(costDaily.accountId, f.accountId) : undefined,
    f.environment ? sql`${awsAccounts.environment} = ${f.environment}` : undefined,
  );
}

/** Cost per day, account and service over [from, to] (inclusive), within scope and filters. */
export async function listCostBreakdown(db: Db, scope: AccountScope, f: CostFilter) {
  const rows = await db
    .select({
      day: costDaily.day,
      accountId: costDaily.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      service: costDaily.service,
      amount: sql<string>`sum(${costDaily.amount})`,
    })
    .from(costDaily)
    .innerJoin(awsAccounts, eq(awsAccounts.id, costDaily.accountId))
    .where(costWhere(scope, f))
    .groupBy(costDaily.day, costDaily.accountId, awsAccounts.name, awsAccounts.environment, costDaily.service)
    .orderBy(asc(costDaily.day));
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

export type CostBreakdownRow = Awaited<ReturnType<typeof listCostBreakdown>>[number];

/** Total cost over [from, to] (inclusive), within scope and filters. */
export async function sumCost(db: Db, scope: AccountScope, f: CostFilter): Promise<number> {
  const [row] = await db
    .select({ amount: sql<string | null>`sum(${costDaily.amount})` })
    .from(costDaily)
    .innerJoin(awsAccounts, eq(awsAccounts.id, costDaily.accountId))
    .where(costWhere(scope, f));
  return Number(row?.amount ?? 0);
}

/** Stores what AWS Cost Anomaly Detection reported (accounts the organization knows only), by AWS's id. */
export async function upsertAwsAnomalies(db: Db, rows: (typeof awsCostAnomalies.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(awsCostAnomalies)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [awsCostAnomalies.accountId, awsCostAnomalies.anomalyId],
        set: Object.fromEntries(
          [
            "start_day",
            "end_day",
            "service",
            "region",
            "usage_type",
            "total_impact",
            "expected",
            "actual",
            "max_score",
            "monitor_arn",
            "feedback",
            "collected_at",
          ].map((c) => [camel(c), sql.raw(`excluded.${c}`)]),
        ),
      });
  }
}

/** AWS Cost Anomaly Detection's anomalies overlapping [from, to] within the scope, largest first. */
export async function listAwsAnomalies(db: Db, scope: AccountScope, f: CostFilter & { limit: number }) {
  return db
    .select({
      accountId: awsCostAnomalies.accountId,
      accountName: awsAccounts.name,
      anomalyId: awsCostAnomalies.anomalyId,
      startDay: awsCostAnomalies.startDay,
      endDay: awsCostAnomalies.endDay,
      service: awsCostAnomalies.service,
      region: awsCostAnomalies.region,
      usageType: awsCostAnomalies.usageType,
      totalImpact: awsCostAnomalies.totalImpact,
      feedback: awsCostAnomalies.feedback,
    })
    .from(awsCostAnomalies)
    .innerJoin(awsAccounts, eq(awsAccounts.id, awsCostAnomalies.accountId))
    .where(
      and(
        inScope(awsCostAnomalies.accountId, scope),
        f.accountId ? eq(awsCostAnomalies.accountId, f.accountId) : undefined,
        f.environment ? sql`${awsAccounts.environment} = ${f.environment}` : undefined,
        sql`coalesce(${awsCostAnomalies.endDay}, ${f.to}::date) >= ${f.from}::date`,
        lte(awsCostAnomalies.startDay, f.to),
      ),
    )
    .orderBy(desc(awsCostAnomalies.totalImpact))
    .limit(f.limit);
}

export type AwsAnomalyRow = Awaited<ReturnType<typeof listAwsAnomalies>>[number];
