import { and, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { openFindingStatuses, severities, type Severity } from "../enums";
import { accountDaily, awsAccounts, canaryEvents, canaryKeys, collectionRuns, findings, guarddutyFindings, runUnits } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

export type SeverityCounts = Record<Severity, number>;

export function emptySeverityCounts(): SeverityCounts {
  return Object.fromEntries(severities.map((s) => [s, 0])) as SeverityCounts;
}

/** Headline numbers for the Overview page, all within the reader's scope. */
export async function getOverview(db: Db, scope: AccountScope, now = new Date()) {
  const since = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const [accounts, open, guardduty, tripped, lastRun, scores] = await Promise.all([
    db
      .select({ environment: awsAccounts.environment, n: count() })
      .from(awsAccounts)
      .where(and(eq(awsAccounts.status, "active"), inScope(awsAccounts.id, scope)))
      .groupBy(awsAccounts.environment),
    db
      .select({ severity: findings.severity, n: count() })
      .from(findings)
      .where(and(inArray(findings.status, [...openFindingStatuses]), inScope(findings.accountId, scope)))
      .groupBy(findings.severity),
    db
      .select({ n: count() })
      .from(guarddutyFindings)
      .where(
        and(
          eq(guarddutyFindings.archived, false),
          inArray(guarddutyFindings.severityLabel, ["critical", "high"]),
          inScope(guarddutyFindings.accountId, scope),
        ),
      ),
    db
      .select({ n: sql<number>`count(distinct ${canaryEvents.canaryKeyId})::int` })
      .from(canaryEvents)
      .innerJoin(canaryKeys, eq(canaryKeys.id, canaryEvents.canaryKeyId))
      .where(and(gte(canaryEvents.eventTime, since), inScope(canaryKeys.ownerAccountId, scope))),
    lastRunInScope(db, scope),
    listAccountScores(db, scope),
  ]);

  const openBySeverity = emptySeverityCounts();
  for (const row of open) openBySeverity[row.severity] = row.n;
  return {
    accountsByEnvironment: Object.fromEntries(accounts.map((a) => [a.environment, a.n])) as Record<string, number>,
    accountCount: accounts.reduce((sum, a) => sum + a.n, 0),
    openBySeverity,
    openTotal: open.reduce((sum, r) => sum + r.n, 0),
    guarddutyHighOpen: guardduty[0]?.n ?? 0,
    canariesTrippedLast7d: tripped[0]?.n ?? 0,
    lastRun: lastRun[0] ?? null,
    /** The organization's score: the mean of its accounts' latest scores (each account weighs the same). */
    score: scores.size > 0 ? Math.round([...scores.values()].reduce((a, b) => a + b, 0) / scores.size) : null,
  };
}

/**
 * The latest collection run, as far as the reader's accounts go. An admin sees the run's own
 * counters; anyone scoped sees the latest run that covered one of their accounts, with the units
 * of their accounts only (the organization-wide totals would tell how many other accounts and
 * regions exist and how many of them failed).
 */
async function lastRunInScope(db: Db, scope: AccountScope) {
  const run = {
    id: collectionRuns.id,
    status: collectionRuns.status,
    createdAt: collectionRuns.createdAt,
    startedAt: collectionRuns.startedAt,
    finishedAt: collectionRuns.finishedAt,
  };
  if (scope.all) {
    return db
      .select({ ...run, unitsTotal: collectionRuns.unitsTotal, unitsDone: collectionRuns.unitsDone, unitsFailed: collectionRuns.unitsFailed })
      .from(collectionRuns)
      .orderBy(desc(collectionRuns.startedAt), desc(collectionRuns.createdAt))
      .limit(1);
  }
  return db
    .select({
      ...run,
      unitsTotal: sql<number>`count(*)::int`,
      unitsDone: sql<number>`count(*) filter (where ${runUnits.status} not in ('pending','running'))::int`,
      unitsFailed: sql<number>`count(*) filter (where ${runUnits.status} = 'failed')::int`,
    })
    .from(collectionRuns)
    .innerJoin(runUnits, eq(runUnits.runId, collectionRuns.id))
    .where(inScope(runUnits.accountId, scope))
    .groupBy(collectionRuns.id)
    .orderBy(desc(collectionRuns.startedAt), desc(collectionRuns.createdAt))
    .limit(1);
}

/** Each account's most recent posture score. */
export async function listAccountScores(db: Db, scope: AccountScope): Promise<Map<string, number>> {
  const rows = await db
    .selectDistinctOn([accountDaily.accountId], { accountId: accountDaily.accountId, score: accountDaily.score })
    .from(accountDaily)
    .where(and(sql`${accountDaily.score} is not null`, inScope(accountDaily.accountId, scope)))
    .orderBy(accountDaily.accountId, desc(accountDaily.day));
  return new Map(rows.map((r) => [r.accountId, r.score!]));
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
