import { and, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { openFindingStatuses, severities, type Severity } from "@/lib/domain/vocabulary";
import {
  accountDaily,
  awsAccounts,
  canaryEvents,
  canaryKeys,
  collectionRuns,
  findingGroupCounts,
  guarddutyFindings,
  runUnits,
} from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";
import { finishedRunStatus } from "./snapshot";

export type SeverityCounts = Record<Severity, number>;

export function emptySeverityCounts(): SeverityCounts {
  return Object.fromEntries(severities.map((s) => [s, 0])) as SeverityCounts;
}

/** Headline numbers for the Overview page, all within the reader's scope. */
export async function getOverview(db: Db, scope: AccountScope, now = new Date()) {
  const [counts, lastRun] = await Promise.all([getOverviewCounts(db, scope, now), lastRunInScope(db, scope)]);
  return { ...counts, lastRun };
}

/** The Overview's headline numbers without the last run (which moves while a run goes; these do not). */
export async function getOverviewCounts(db: Db, scope: AccountScope, now = new Date()) {
  const since = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const [accounts, open, guardduty, tripped, scores] = await Promise.all([
    db
      .select({ environment: awsAccounts.environment, n: count() })
      .from(awsAccounts)
      .where(and(eq(awsAccounts.status, "active"), inScope(awsAccounts.id, scope)))
      .groupBy(awsAccounts.environment),
    // The findings rollup's counts by status are exact in every writer's transaction (no SLA clock involved).
    db
      .select({ severity: findingGroupCounts.severity, n: sql<number>`sum(${findingGroupCounts.n})::int` })
      .from(findingGroupCounts)
      .where(
        and(inArray(findingGroupCounts.status, [...openFindingStatuses]), inScope(findingGroupCounts.accountId, scope)),
      )
      .groupBy(findingGroupCounts.severity),
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
    /** The organization's score: the mean of its accounts' latest scores (each account weighs the same). */
    score: scores.size > 0 ? Math.round([...scores.values()].reduce((a, b) => a + b, 0) / scores.size) : null,
  };
}

/**
 * The latest collection run of an organization the reader has accounts in. Runs span the whole
 * organization, so for a limited scope the unit counts, and a finished run's status, are recounted
 * over the scope's accounts: the run's own would tell a reader about accounts they may not see.
 */
export async function lastRunInScope(db: Db, scope: AccountScope) {
  const organizations = db
    .selectDistinct({ id: awsAccounts.organizationId })
    .from(awsAccounts)
    .where(inScope(awsAccounts.id, scope));
  const [run] = await db
    .select({
      id: collectionRuns.id,
      status: collectionRuns.status,
      createdAt: collectionRuns.createdAt,
      startedAt: collectionRuns.startedAt,
      finishedAt: collectionRuns.finishedAt,
      unitsTotal: collectionRuns.unitsTotal,
      unitsDone: collectionRuns.unitsDone,
      unitsFailed: collectionRuns.unitsFailed,
    })
    .from(collectionRuns)
    .where(scope.all ? undefined : inArray(collectionRuns.organizationId, organizations))
    .orderBy(desc(collectionRuns.startedAt), desc(collectionRuns.createdAt))
    .limit(1);
  if (!run || scope.all) return run ?? null;
  const [units] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${runUnits.status} not in ('pending','running'))::int`,
      failed: sql<number>`count(*) filter (where ${runUnits.status} = 'failed')::int`,
      troubled: sql<number>`count(*) filter (where ${runUnits.status} in ('failed','partial'))::int`,
    })
    .from(runUnits)
    .where(and(eq(runUnits.runId, run.id), inScope(runUnits.accountId, scope)));
  const counts = units ?? { total: 0, done: 0, failed: 0, troubled: 0 };
  const finished = run.status === "succeeded" || run.status === "partial" || run.status === "failed";
  return {
    ...run,
    status: finished ? finishedRunStatus(counts) : run.status,
    unitsTotal: counts.total,
    unitsDone: counts.done,
    unitsFailed: counts.failed,
  };
}

/**
 * Each account's most recent posture score: one backward probe of the (account, day) key per account,
 * so the read grows with the accounts, not with the years of rollups kept.
 */
export async function listAccountScores(db: Db, scope: AccountScope): Promise<Map<string, number>> {
  const latest = sql<number | null>`(select ${accountDaily.score} from ${accountDaily}
    where ${accountDaily.accountId} = ${awsAccounts.id} and ${accountDaily.score} is not null
    order by ${accountDaily.day} desc limit 1)`;
  const rows = await db
    .select({ accountId: awsAccounts.id, score: latest })
    .from(awsAccounts)
    .where(inScope(awsAccounts.id, scope));
  return new Map(rows.filter((r) => r.score !== null).map((r) => [r.accountId, Number(r.score)]));
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
export type OverviewCounts = Awaited<ReturnType<typeof getOverviewCounts>>;
