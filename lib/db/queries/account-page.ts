import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { openFindingStatuses, severities, type Severity } from "@/lib/domain/vocabulary";
import { awsAccounts, checks, collectionRuns, findings, organizations, runUnits } from "../schema";
import type { Db } from "../types";
import { hadDueDate, metDueDate, remediationHours, resolutionsSql } from "./remediation";
import { inScope, type AccountScope } from "./scope";

const DAY_MS = 86_400_000;

/** The scope over `f.account_id`, for the raw statements below that alias findings as `f`. */
function scopeOf(scope: AccountScope): SQL {
  if (scope.all) return sql`true`;
  if (scope.accountIds.length === 0) return sql`false`;
  return sql`f.account_id in ${[...scope.accountIds]}`;
}

/** One account with what its page shows about it, or null outside the scope (the page then says 404). */
export async function getAccountProfile(db: Db, params: { scope: AccountScope; accountId: string }) {
  const [row] = await db
    .select({
      id: awsAccounts.id,
      name: awsAccounts.name,
      email: awsAccounts.email,
      ouId: awsAccounts.ouId,
      ouPath: awsAccounts.ouPath,
      environment: awsAccounts.environment,
      status: awsAccounts.status,
      isManagement: awsAccounts.isManagement,
      roleArn: awsAccounts.roleArn,
      tags: awsAccounts.tags,
      joinedAt: awsAccounts.joinedAt,
      lastCollectedAt: awsAccounts.lastCollectedAt,
      lastCollectionStatus: awsAccounts.lastCollectionStatus,
      organizationName: organizations.name,
      isDemo: organizations.isDemo,
    })
    .from(awsAccounts)
    .innerJoin(organizations, eq(organizations.id, awsAccounts.organizationId))
    .where(and(eq(awsAccounts.id, params.accountId), inScope(awsAccounts.id, params.scope)));
  return row ?? null;
}

export type AccountProfile = NonNullable<Awaited<ReturnType<typeof getAccountProfile>>>;

/** Status events that open a finding: its detection and each reopening after a resolution. */
const opening = sql`e.kind = 'status' and e.to_status = 'NEW' and (e.from_status is null or e.from_status = 'RESOLVED')`;

/**
 * Findings opened (detected or reopened) and resolved per ISO week over the last `weeks` weeks,
 * from the findings' events; weeks without either are included as zeros.
 */
export async function listWeeklyFindingFlow(
  db: Db,
  params: { scope: AccountScope; accountId: string; weeks: number; now: Date },
) {
  const monday = startOfWeek(params.now);
  const from = new Date(monday.getTime() - (params.weeks - 1) * 7 * DAY_MS);
  const rows = (await db.execute(sql`
    select to_char(date_trunc('week', e.occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
      (count(*) filter (where ${opening}))::int as opened,
      (count(*) filter (where e.kind = 'status' and e.to_status = 'RESOLVED'))::int as resolved
    from finding_events e
    join findings f on f.id = e.finding_id
    where f.account_id = ${params.accountId} and ${scopeOf(params.scope)}
      and e.occurred_at >= ${from.toISOString()}::timestamptz
    group by 1`)) as unknown as { rows: { week: string; opened: number; resolved: number }[] };
  const byWeek = new Map(rows.rows.map((r) => [r.week, r]));
  return Array.from({ length: params.weeks }, (_, i) => {
    const week = new Date(from.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10);
    const r = byWeek.get(week);
    return { week, opened: Number(r?.opened ?? 0), resolved: Number(r?.resolved ?? 0) };
  });
}

function startOfWeek(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

export type RemediationBySeverity = {
  severity: Severity;
  resolved: number;
  /** Mean hours from a finding's opening (detection or reopening) to its resolution; null without any. */
  mttrHours: number | null;
  /** Resolutions of findings that had a due date, and how many of them came by it. */
  withDueDate: number;
  withinSla: number;
};

/**
 * Mean time to remediate and SLA compliance per severity over resolutions since `since`, from the
 * findings' events, timed by `resolutionsSql` (the rule the daily rollups share).
 */
export async function getRemediationStats(
  db: Db,
  params: { scope: AccountScope; accountId?: string; since: Date; now: Date },
) {
  const scoped = scopeOf(params.scope);
  const account = params.accountId ? sql`and f.account_id = ${params.accountId}` : sql``;
  const result = (await db.execute(sql`
    select r.severity::text as severity, count(*)::int as resolved,
      avg(${remediationHours}) as mttr_hours,
      (count(*) filter (where ${hadDueDate}))::int as with_due,
      (count(*) filter (where ${metDueDate}))::int as within_sla
    from ${resolutionsSql(sql`e.occurred_at >= ${params.since.toISOString()}::timestamptz and ${scoped} ${account}`)} r
    group by r.severity`)) as unknown as {
    rows: { severity: Severity; resolved: number; mttr_hours: string | null; with_due: number; within_sla: number }[];
  };
  const bySeverity = new Map(result.rows.map((r) => [r.severity, r]));
  const rows: RemediationBySeverity[] = severities.map((severity) => {
    const r = bySeverity.get(severity);
    return {
      severity,
      resolved: Number(r?.resolved ?? 0),
      mttrHours: r?.mttr_hours == null ? null : Number(r.mttr_hours),
      withDueDate: Number(r?.with_due ?? 0),
      withinSla: Number(r?.within_sla ?? 0),
    };
  });
  const [overdue] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(findings)
    .where(
      and(
        inArray(findings.status, [...openFindingStatuses]),
        lt(findings.dueAt, params.now),
        inScope(findings.accountId, params.scope),
        params.accountId ? eq(findings.accountId, params.accountId) : undefined,
      ),
    );
  const withDue = rows.reduce((n, r) => n + r.withDueDate, 0);
  const within = rows.reduce((n, r) => n + r.withinSla, 0);
  return {
    bySeverity: rows,
    /** Share of resolutions with a due date that came by it; null when there were none. */
    slaCompliance: withDue > 0 ? within / withDue : null,
    openOverdue: overdue?.n ?? 0,
  };
}

export type RemediationStats = Awaited<ReturnType<typeof getRemediationStats>>;

/** An account's open findings per check, most severe and most numerous first. */
export async function listOpenFindingsByCheck(
  db: Db,
  params: { scope: AccountScope; accountId: string; limit: number },
) {
  const rank = sql<number>`min(case ${findings.severity} ${sql.join(
    severities.map((s, i) => sql`when ${s} then ${i}`),
    sql` `,
  )} end)`;
  const rows = await db
    .select({
      checkId: findings.checkId,
      title: checks.title,
      rank,
      count: sql<number>`count(*)::int`,
    })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .where(
      and(
        eq(findings.accountId, params.accountId),
        inArray(findings.status, [...openFindingStatuses]),
        inScope(findings.accountId, params.scope),
      ),
    )
    .groupBy(findings.checkId, checks.title)
    .orderBy(asc(rank), desc(sql`count(*)`), asc(findings.checkId))
    .limit(params.limit);
  return rows.map((r) => ({ checkId: r.checkId, title: r.title, severity: severities[r.rank]!, count: r.count }));
}

/** The account's last `limit` runs, newest first: each with its units' outcomes and errors. */
export async function listAccountCollections(
  db: Db,
  params: { scope: AccountScope; accountId: string; limit: number },
) {
  const where = and(eq(runUnits.accountId, params.accountId), inScope(runUnits.accountId, params.scope));
  const runs = await db
    .select({
      runId: runUnits.runId,
      createdAt: collectionRuns.createdAt,
      startedAt: sql<Date | null>`min(${runUnits.startedAt})`.mapWith(runUnits.startedAt),
      finishedAt: sql<Date | null>`max(${runUnits.finishedAt})`.mapWith(runUnits.finishedAt),
    })
    .from(runUnits)
    .innerJoin(collectionRuns, eq(collectionRuns.id, runUnits.runId))
    .where(where)
    .groupBy(runUnits.runId, collectionRuns.createdAt)
    .orderBy(desc(collectionRuns.createdAt))
    .limit(params.limit);
  if (runs.length === 0) return [];
  const units = await db
    .select({
      runId: runUnits.runId,
      region: runUnits.region,
      status: runUnits.status,
      errorCode: runUnits.errorCode,
      errorMessage: runUnits.errorMessage,
    })
    .from(runUnits)
    .where(
      and(
        where,
        inArray(
          runUnits.runId,
          runs.map((r) => r.runId),
        ),
      ),
    )
    .orderBy(asc(runUnits.region));
  return runs.map((run) => {
    const mine = units.filter((u) => u.runId === run.runId);
    const count = (status: string) => mine.filter((u) => u.status === status).length;
    return {
      ...run,
      units: mine.length,
      ok: count("ok"),
      partial: count("partial"),
      failed: count("failed"),
      skipped: count("skipped"),
      errors: mine
        .filter((u) => u.errorCode || u.errorMessage)
        .map((u) => ({ region: u.region, status: u.status, code: u.errorCode, message: u.errorMessage })),
    };
  });
}

export type AccountCollection = Awaited<ReturnType<typeof listAccountCollections>>[number];
