import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { environments, openFindingStatuses, type Environment, type Severity } from "@/lib/domain/vocabulary";
import {
  accountDaily,
  awsAccounts,
  checks,
  costIncidents,
  findingGroupCounts,
  findings,
  guarddutyFindings,
} from "../schema";
import type { Db } from "../types";
import { daysAgo, sumCost } from "./costs";
import { rollupClockAt } from "./findings";
import { emptySeverityCounts, listAccountScores, type SeverityCounts } from "./overview";
import { inScope, type AccountScope } from "./scope";

const open = () => inArray(findings.status, [...openFindingStatuses]);

// Counts of open findings come from the findings rollup (migration 0016, kept by triggers in every
// writer's transaction): its rows grow with checks × accounts, not with findings. SLA states are the
// rollup clock's; when it cannot be brought to `now`, the same counts are read from findings.
const g = findingGroupCounts;
const openGroups = () => inArray(g.status, [...openFindingStatuses]);

/** One day of a score series; `score` is null on a day some account's collection evaluated nothing. */
export type ScorePoint = { day: string; score: number | null; accounts: number; failed: number };

/**
 * The mean daily score of the scope (or of one account) over the last `days` days, one point per day.
 * A day without any rollup, or with an account whose collection failed (null score), is a gap:
 * averaging the accounts that did report would draw a rise or a drop that did not happen.
 */
export async function listScoreSeries(
  db: Db,
  params: { scope: AccountScope; days: number; now: Date; accountId?: string },
): Promise<ScorePoint[]> {
  const from = daysAgo(params.days - 1, params.now);
  const rows = await db
    .select({
      day: accountDaily.day,
      score: sql<string | null>`round(avg(${accountDaily.score}))`,
      accounts: sql<number>`count(*)::int`,
      failed: sql<number>`(count(*) - count(${accountDaily.score}))::int`,
    })
    .from(accountDaily)
    .where(
      and(
        gte(accountDaily.day, from),
        inScope(accountDaily.accountId, params.scope),
        params.accountId ? eq(accountDaily.accountId, params.accountId) : undefined,
      ),
    )
    .groupBy(accountDaily.day)
    .orderBy(asc(accountDaily.day));
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: ScorePoint[] = [];
  for (let i = params.days - 1; i >= 0; i--) {
    const day = daysAgo(i, params.now);
    const r = byDay.get(day);
    if (!r) out.push({ day, score: null, accounts: 0, failed: 0 });
    else out.push({ day, score: r.failed > 0 || r.score === null ? null : Number(r.score), ...pick(r) });
  }
  return out;
}

const pick = (r: { accounts: number; failed: number }) => ({ accounts: r.accounts, failed: r.failed });

/**
 * Open findings by severity a week before `now`, from each account's latest rollup of that week
 * (a rollup is written per collection day; an account not collected that week counts nothing).
 */
export async function countOpenWeekAgo(db: Db, params: { scope: AccountScope; now: Date }): Promise<SeverityCounts> {
  const rows = await db
    .selectDistinctOn([accountDaily.accountId], {
      critical: accountDaily.openCritical,
      high: accountDaily.openHigh,
      medium: accountDaily.openMedium,
      low: accountDaily.openLow,
      informational: accountDaily.openInformational,
    })
    .from(accountDaily)
    .where(
      and(
        lte(accountDaily.day, daysAgo(7, params.now)),
        gte(accountDaily.day, daysAgo(13, params.now)),
        inScope(accountDaily.accountId, params.scope),
      ),
    )
    .orderBy(accountDaily.accountId, sql`${accountDaily.day} desc`);
  const counts = emptySeverityCounts();
  for (const r of rows) for (const s of Object.keys(counts) as Severity[]) counts[s] += r[s];
  return counts;
}

export type AccountPosture = {
  accountId: string;
  name: string;
  environment: Environment;
  score: number | null;
  critical: number;
  high: number;
  overdue: number;
};

/**
 * Each account's latest score with its open critical and high findings and its overdue ones: one
 * grouped read of open findings (the open-findings index), not a count per account.
 */
export async function listAccountPosture(
  db: Db,
  params: { scope: AccountScope; now: Date },
): Promise<AccountPosture[]> {
  const [accounts, byAccount, scores] = await Promise.all([
    db
      .select({ id: awsAccounts.id, name: awsAccounts.name, environment: awsAccounts.environment })
      .from(awsAccounts)
      .where(and(eq(awsAccounts.status, "active"), inScope(awsAccounts.id, params.scope))),
    countOpenByAccount(db, params),
    listAccountScores(db, params.scope),
  ]);
  return accounts.map((a) => {
    const c = byAccount.get(a.id);
    return {
      accountId: a.id,
      name: a.name,
      environment: a.environment,
      score: scores.get(a.id) ?? null,
      critical: c?.critical ?? 0,
      high: c?.high ?? 0,
      overdue: c?.overdue ?? 0,
    };
  });
}

/** Open critical, high and overdue findings per account, in one grouped read of the findings rollup. */
export async function countOpenByAccount(db: Db, params: { scope: AccountScope; now: Date }) {
  const rows = (await rollupClockAt(db, params.now))
    ? await db
        .select({
          accountId: g.accountId,
          critical: sql<number>`coalesce(sum(${g.n}) filter (where ${g.severity} = 'critical'), 0)::int`,
          high: sql<number>`coalesce(sum(${g.n}) filter (where ${g.severity} = 'high'), 0)::int`,
          overdue: sql<number>`coalesce(sum(${g.n}) filter (where ${g.sla} = 'overdue'), 0)::int`,
        })
        .from(g)
        .where(and(openGroups(), inScope(g.accountId, params.scope)))
        .groupBy(g.accountId)
    : await db
        .select({
          accountId: findings.accountId,
          critical: sql<number>`count(*) filter (where ${findings.severity} = 'critical')::int`,
          high: sql<number>`count(*) filter (where ${findings.severity} = 'high')::int`,
          overdue: sql<number>`count(*) filter (where ${findings.dueAt} < ${params.now.toISOString()}::timestamptz)::int`,
        })
        .from(findings)
        .where(and(open(), inScope(findings.accountId, params.scope)))
        .groupBy(findings.accountId);
  return new Map(rows.map((r) => [r.accountId, r]));
}

/** Worst first: lowest score, then most criticals, then most overdue (unscored accounts last). */
export function rankWorstAccounts(rows: readonly AccountPosture[], limit: number): AccountPosture[] {
  return [...rows]
    .sort(
      (a, b) =>
        (a.score ?? 101) - (b.score ?? 101) ||
        b.critical - a.critical ||
        b.overdue - a.overdue ||
        a.name.localeCompare(b.name),
    )
    .slice(0, limit);
}

export type EnvironmentPosture = {
  environment: Environment;
  accounts: number;
  score: number | null;
  critical: number;
  high: number;
  overdue: number;
};

/** Posture per environment: the mean of its accounts' scores and the sums of their counts. */
export function summarizeByEnvironment(rows: readonly AccountPosture[]): EnvironmentPosture[] {
  return environments
    .map((environment) => {
      const mine = rows.filter((r) => r.environment === environment);
      const scored = mine.filter((r) => r.score !== null);
      const sum = (k: "critical" | "high" | "overdue") => mine.reduce((n, r) => n + r[k], 0);
      return {
        environment,
        accounts: mine.length,
        score: scored.length ? Math.round(scored.reduce((n, r) => n + r.score!, 0) / scored.length) : null,
        critical: sum("critical"),
        high: sum("high"),
        overdue: sum("overdue"),
      };
    })
    .filter((e) => e.accounts > 0);
}

/** Open findings past their due date, by severity: the same rows as the Findings list's `sla=overdue`. */
export async function countOverdueBySeverity(
  db: Db,
  params: { scope: AccountScope; now: Date },
): Promise<SeverityCounts> {
  const rows = (await rollupClockAt(db, params.now))
    ? await db
        .select({ severity: g.severity, n: sql<number>`sum(${g.n})::int` })
        .from(g)
        .where(and(openGroups(), eq(g.sla, "overdue"), inScope(g.accountId, params.scope)))
        .groupBy(g.severity)
    : await db
        .select({ severity: findings.severity, n: sql<number>`count(*)::int` })
        .from(findings)
        .where(and(open(), lt(findings.dueAt, params.now), inScope(findings.accountId, params.scope)))
        .groupBy(findings.severity);
  const counts = emptySeverityCounts();
  for (const r of rows) counts[r.severity] = r.n;
  return counts;
}

/** Active GuardDuty findings at critical and high, and active attack sequences (as the GuardDuty page filters them). */
export async function countGuardDutyThreats(db: Db, scope: AccountScope) {
  const f = guarddutyFindings;
  const [row] = await db
    .select({
      critical: sql<number>`count(*) filter (where ${f.severityLabel} = 'critical')::int`,
      high: sql<number>`count(*) filter (where ${f.severityLabel} = 'high')::int`,
      sequences: sql<number>`count(*) filter (where ${f.type} ilike '%AttackSequence%')::int`,
    })
    .from(f)
    .where(and(eq(f.archived, false), inScope(f.accountId, scope)));
  return row ?? { critical: 0, high: 0, sequences: 0 };
}

/** Cost over the last `days` days (today included) and the incidents in that window still awaiting a verdict. */
export async function summarizeRecentCost(db: Db, params: { scope: AccountScope; days: number; now: Date }) {
  const from = daysAgo(params.days - 1, params.now);
  const to = daysAgo(0, params.now);
  const [total, incidents] = await Promise.all([
    sumCost(db, params.scope, { from, to }),
    db
      .select({ n: sql<number>`count(*)::int`, impact: sql<string | null>`sum(${costIncidents.impact})` })
      .from(costIncidents)
      .where(
        and(
          gte(costIncidents.lastDay, from),
          lte(costIncidents.startDay, to),
          isNull(costIncidents.verdict),
          inScope(costIncidents.accountId, params.scope),
        ),
      ),
  ]);
  return { from, to, total, openIncidents: incidents[0]?.n ?? 0, incidentImpact: Number(incidents[0]?.impact ?? 0) };
}

/** Open findings of the CloudTrail detections (risky activity and canary use): the list's `service=cloudtrail`. */
export async function countOpenActivityFindings(db: Db, scope: AccountScope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${g.n}), 0)::int` })
    .from(g)
    .innerJoin(checks, eq(checks.id, g.checkId))
    .where(and(openGroups(), eq(checks.service, "cloudtrail"), inScope(g.accountId, scope)));
  return row?.n ?? 0;
}
