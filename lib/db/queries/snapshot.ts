import { and, eq, inArray, lte, notInArray, or, sql } from "drizzle-orm";
import {
  openFindingStatuses,
  type RunStatus,
  type Severity,
  type UnitErrorCode,
  type UnitStatus,
} from "@/lib/domain/vocabulary";
import type { FindingState, KnownFinding, LifecycleEvent } from "@/lib/domain/finding-state";
import {
  accountDaily,
  awsAccounts,
  checkAccountStats,
  collectionRuns,
  findingEvents,
  findings,
  inventoryItems,
  runUnits,
} from "../schema";
import type { Db } from "../types";
import { postureScore } from "@/lib/scoring";
import { hadDueDate, metDueDate, remediationHours, resolutionsSql } from "./remediation";

export type UnitRecord = {
  region: string;
  status: Exclude<UnitStatus, "pending" | "running">;
  errorCode?: UnitErrorCode;
  errorMessage?: string;
  startedAt: Date;
  finishedAt: Date;
  apiCalls: number;
  throttledCalls: number;
  attempts?: number;
  resultsCount: number;
};

export type FailedResult = {
  checkId: string;
  region: string;
  resourceId: string;
  resourceType: string;
  severity: Severity;
  evidence: Record<string, unknown>;
};

export type CheckStat = { checkId: string; passed: number; failed: number; notApplicable: number };

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const CHUNK = 1000;
const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
/** run_units' outcome columns: a re-written unit takes the new outcome. */
const UNIT_OUTCOME = [
  "status",
  "errorCode",
  "errorMessage",
  "startedAt",
  "finishedAt",
  "durationMs",
  "apiCalls",
  "throttledCalls",
  "attempts",
  "resultsCount",
] as const;
/** `set` for an upsert that takes these columns from the proposed row (the schema's snake_case casing). */
const excludedColumns = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(
    keys.map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)]),
  ) as Record<K, ReturnType<typeof sql.raw>>;
const UNIT_RANK: Record<UnitRecord["status"], number> = { ok: 0, skipped: 1, partial: 2, cancelled: 2, failed: 3 };

/**
 * Takes the account's snapshot lock: one writer per account at a time, so a retried job
 * overlapping the first attempt waits here instead of interleaving its finding transitions.
 */
export async function lockAccountForSnapshot(tx: Tx, accountId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${awsAccounts} where ${awsAccounts.id} = ${accountId} for no key update`);
}

/**
 * Writes an account's unit outcomes for a run in one statement (an account has up to ~40 units);
 * units an earlier attempt declared but this one did not run can never finish, so they fail.
 */
export async function writeUnitOutcomes(
  tx: Tx,
  params: { runId: string; accountId: string; now: Date; units: readonly UnitRecord[] },
): Promise<void> {
  const { runId, accountId, now } = params;
  const unitRows = params.units.map((u) => ({
    runId,
    accountId,
    region: u.region,
    status: u.status,
    errorCode: u.errorCode ?? null,
    errorMessage: u.errorMessage ?? null,
    startedAt: u.startedAt,
    finishedAt: u.finishedAt,
    durationMs: Math.max(0, u.finishedAt.getTime() - u.startedAt.getTime()),
    apiCalls: u.apiCalls,
    throttledCalls: u.throttledCalls,
    attempts: u.attempts ?? 1,
    resultsCount: u.resultsCount,
  }));
  for (const batch of chunks(unitRows)) {
    await tx
      .insert(runUnits)
      .values(batch)
      .onConflictDoUpdate({
        target: [runUnits.runId, runUnits.accountId, runUnits.region],
        set: excludedColumns(UNIT_OUTCOME),
      });
  }
  await tx
    .update(runUnits)
    .set({
      status: "failed",
      errorCode: "Internal",
      errorMessage: "Not collected: a later attempt at this account did not reach this region",
      finishedAt: now,
    })
    .where(
      and(
        eq(runUnits.runId, runId),
        eq(runUnits.accountId, accountId),
        inArray(runUnits.status, ["pending", "running"]),
        notInArray(
          runUnits.region,
          params.units.map((u) => u.region),
        ),
      ),
    );
}

/** Keeps inventory for organization-wide checks (one row per account × region × key of a run). */
export async function upsertInventoryItems(
  tx: Tx,
  params: { runId: string; accountId: string; items: readonly { region: string; key: string; data: unknown }[] },
): Promise<void> {
  const { runId, accountId } = params;
  for (const batch of chunks([...params.items])) {
    await tx
      .insert(inventoryItems)
      .values(batch.map((i) => ({ runId, accountId, region: i.region, key: i.key, data: i.data as object })))
      .onConflictDoUpdate({
        target: [inventoryItems.runId, inventoryItems.accountId, inventoryItems.region, inventoryItems.key],
        set: { data: sql.raw("excluded.data") },
      });
  }
}

/** Records the account's last collection, with the worst outcome among its units. */
export async function markAccountCollected(
  tx: Tx,
  params: { accountId: string; runId: string; now: Date; units: readonly UnitRecord[] },
): Promise<void> {
  const worst = params.units.reduce<UnitRecord["status"]>(
    (w, u) => (UNIT_RANK[u.status] > UNIT_RANK[w] ? u.status : w),
    "ok",
  );
  await tx
    .update(awsAccounts)
    .set({ lastCollectedAt: params.now, lastRunId: params.runId, lastCollectionStatus: worst })
    .where(eq(awsAccounts.id, params.accountId));
}

/** A write for a run that was cancelled or given up: the caller's transaction rolls back. */
export class RunClosedError extends Error {
  override name = "RunClosedError";
  constructor(
    readonly runId: string,
    readonly status: RunStatus,
  ) {
    super(`Run ${runId} is ${status}; nothing more is written to it.`);
  }
}

/** A finished run's status from its units: failed when every unit failed, partial when any failed or was partial. */
export function finishedRunStatus(units: { total: number; failed: number; troubled: number }): RunStatus {
  return units.failed === units.total && units.total > 0 ? "failed" : units.troubled > 0 ? "partial" : "succeeded";
}

/** Recomputes a run's counters from its units and closes it when every account is done. */
export async function updateRunProgress(db: Db, runId: string, now = new Date()): Promise<RunStatus | null> {
  // NO KEY UPDATE: it serializes finishers without conflicting with the KEY SHARE locks that
  // run_units' foreign key takes on the run row (FOR UPDATE would deadlock two finishing accounts).
  await db.execute(sql`select 1 from ${collectionRuns} where ${collectionRuns.id} = ${runId} for no key update`);
  const [agg] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${runUnits.status} not in ('pending','running'))::int`,
      failed: sql<number>`count(*) filter (where ${runUnits.status} = 'failed')::int`,
      troubled: sql<number>`count(*) filter (where ${runUnits.status} in ('failed','partial'))::int`,
      calls: sql<number>`coalesce(sum(${runUnits.apiCalls}), 0)::int`,
      throttled: sql<number>`coalesce(sum(${runUnits.throttledCalls}), 0)::int`,
      accountsDone: sql<number>`(select count(*)::int from (select ${runUnits.accountId} from ${runUnits} where ${runUnits.runId} = ${runId} group by 1 having bool_and(${runUnits.status} not in ('pending','running'))) d)`,
    })
    .from(runUnits)
    .where(eq(runUnits.runId, runId));
  const a = agg!;
  const [run] = await db
    .select({ accountsTotal: collectionRuns.accountsTotal, status: collectionRuns.status })
    .from(collectionRuns)
    .where(eq(collectionRuns.id, runId));
  if (!run) return null;
  // Someone else closed the run (cancelled, or given up as abandoned): its units are closed, nothing more lands.
  if (run.status === "cancelled" || run.status === "stuck") throw new RunClosedError(runId, run.status);
  const finished = a.accountsDone >= run.accountsTotal && a.done === a.total;
  const status: RunStatus | null = finished ? finishedRunStatus(a) : null;
  const stillOpen = run.status === "running" || run.status === "queued";
  await db
    .update(collectionRuns)
    .set({
      unitsTotal: a.total,
      unitsDone: a.done,
      unitsFailed: a.failed,
      apiCalls: a.calls,
      throttledCalls: a.throttled,
      accountsDone: a.accountsDone,
      // Wall-clock liveness; `now` may be a simulated date (demo runs).
      heartbeatAt: new Date(),
      ...(finished && stillOpen ? { status: status!, finishedAt: now } : {}),
    })
    .where(eq(collectionRuns.id, runId));
  return finished ? status : null;
}

type FindingRow = Pick<
  typeof findings.$inferSelect,
  | "id"
  | "checkId"
  | "region"
  | "status"
  | "firstSeenAt"
  | "lastSeenAt"
  | "statusChangedAt"
  | "resolvedAt"
  | "suppressionReason"
  | "suppressionKind"
  | "suppressedBy"
  | "suppressedUntil"
  | "suppressionRuleId"
  | "assigneeId"
  | "reopenCount"
>;
export const FINDING_STATE_COLUMNS = {
  id: findings.id,
  checkId: findings.checkId,
  region: findings.region,
  status: findings.status,
  firstSeenAt: findings.firstSeenAt,
  lastSeenAt: findings.lastSeenAt,
  statusChangedAt: findings.statusChangedAt,
  resolvedAt: findings.resolvedAt,
  suppressionReason: findings.suppressionReason,
  suppressionKind: findings.suppressionKind,
  suppressedBy: findings.suppressedBy,
  suppressedUntil: findings.suppressedUntil,
  suppressionRuleId: findings.suppressionRuleId,
  assigneeId: findings.assigneeId,
  reopenCount: findings.reopenCount,
};

export function toKnown(row: FindingRow): KnownFinding {
  return {
    id: row.id,
    checkId: row.checkId,
    region: row.region,
    status: row.status,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    statusChangedAt: row.statusChangedAt,
    resolvedAt: row.resolvedAt,
    suppression:
      row.status === "SUPPRESSED"
        ? {
            reason: row.suppressionReason ?? "",
            kind: row.suppressionKind ?? "other",
            by: row.suppressedBy,
            until: row.suppressedUntil,
            ...(row.suppressionRuleId ? { ruleId: row.suppressionRuleId } : {}),
          }
        : null,
    assigneeId: row.assigneeId,
    reopenCount: row.reopenCount,
  };
}

/** A finding's lifecycle columns from its state (first-seen is written once, at insert). */
function stateColumns(state: FindingState) {
  return {
    status: state.status,
    lastSeenAt: state.lastSeenAt,
    statusChangedAt: state.statusChangedAt,
    resolvedAt: state.resolvedAt,
    suppressionReason: state.suppression?.reason ?? null,
    suppressionKind: state.suppression?.kind ?? null,
    suppressedBy: state.suppression?.by ?? null,
    suppressedUntil: state.suppression?.until ?? null,
    suppressionRuleId: state.suppression?.ruleId ?? null,
    assigneeId: state.assigneeId,
    reopenCount: state.reopenCount,
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Writes findings' lifecycle states as decided by lib/findings (first-seen is never rewritten);
 * `runId` marks them as touched by that run.
 */
export async function saveFindingStates(
  tx: Tx,
  params: { runId: string | null; states: readonly { id: string; state: FindingState }[] },
): Promise<void> {
  for (const batch of chunks([...params.states])) {
    const rows = batch.map(({ id, state }) => {
      const c = stateColumns(state);
      return sql`(${id}, ${c.status}::finding_status, ${iso(c.lastSeenAt)}::timestamptz, ${iso(c.statusChangedAt)}::timestamptz,
        ${iso(c.resolvedAt)}::timestamptz, ${c.suppressionReason}::text, ${c.suppressionKind}::suppression_kind,
        ${c.suppressedBy}::uuid, ${iso(c.suppressedUntil)}::timestamptz, ${c.suppressionRuleId}::uuid, ${c.assigneeId}::uuid,
        ${c.reopenCount}::int)`;
    });
    await tx.execute(sql`
      update findings set
        status = v.status, last_seen_at = v.last_seen_at, status_changed_at = v.status_changed_at,
        resolved_at = v.resolved_at, suppression_reason = v.suppression_reason, suppression_kind = v.suppression_kind,
        suppressed_by = v.suppressed_by, suppressed_until = v.suppressed_until,
        suppression_rule_id = v.suppression_rule_id, assignee_id = v.assignee_id,
        reopen_count = v.reopen_count, last_run_id = coalesce(${params.runId}::uuid, findings.last_run_id)
      from (values ${sql.join(rows, sql`, `)}) as v(id, status, last_seen_at, status_changed_at, resolved_at,
        suppression_reason, suppression_kind, suppressed_by, suppressed_until, suppression_rule_id, assignee_id,
        reopen_count)
      where findings.id = v.id`);
  }
}

export async function insertFindingEvents(
  tx: Tx,
  events: readonly (LifecycleEvent & { findingId: string })[],
): Promise<void> {
  for (const batch of chunks([...events])) await tx.insert(findingEvents).values(batch);
}

/**
 * The findings an account's snapshot may change, as they stand: those with the given ids, and
 * with `open`, the account's open ones and those whose suppression has expired by `now`.
 */
export async function loadSnapshotFindings(
  tx: Db | Tx,
  params: { accountId: string; now: Date; ids: readonly string[]; open: boolean },
): Promise<KnownFinding[]> {
  const known = new Map<string, FindingRow>();
  for (const ids of chunks([...params.ids])) {
    for (const r of await tx.select(FINDING_STATE_COLUMNS).from(findings).where(inArray(findings.id, ids)))
      known.set(r.id, r);
  }
  if (params.open) {
    const rows = await tx
      .select(FINDING_STATE_COLUMNS)
      .from(findings)
      .where(
        and(
          eq(findings.accountId, params.accountId),
          or(
            inArray(findings.status, [...openFindingStatuses]),
            and(eq(findings.status, "SUPPRESSED"), lte(findings.suppressedUntil, params.now)),
          ),
        ),
      );
    for (const r of rows) known.set(r.id, r);
  }
  return [...known.values()].map(toKnown);
}

/**
 * Writes what a snapshot's findings became: failing results are inserted (new, with their state)
 * or refresh what was collected (existing); changed states and the events follow.
 */
export async function writeFindingChanges(
  tx: Tx,
  params: {
    runId: string;
    accountId: string;
    now: Date;
    failing: readonly (FailedResult & { id: string; state: FindingState })[];
    changed: readonly { id: string; state: FindingState }[];
    events: readonly (LifecycleEvent & { findingId: string })[];
  },
): Promise<void> {
  const { runId, accountId, now } = params;
  for (const batch of chunks([...params.failing])) {
    await tx
      .insert(findings)
      .values(
        batch.map((f) => ({
          id: f.id,
          checkId: f.checkId,
          accountId,
          region: f.region,
          resourceId: f.resourceId,
          resourceType: f.resourceType,
          severity: f.severity,
          evidence: f.evidence,
          firstSeenAt: f.state.firstSeenAt,
          ...stateColumns(f.state),
          lastSeenAt: now,
          lastRunId: runId,
        })),
      )
      .onConflictDoUpdate({
        target: findings.id,
        set: {
          lastSeenAt: now,
          lastRunId: runId,
          evidence: sql.raw("excluded.evidence"),
          severity: sql.raw("excluded.severity"),
        },
      });
  }
  await saveFindingStates(tx, { runId, states: params.changed });
  await insertFindingEvents(tx, params.events);
}

/**
 * Recomputes an account's rollup for `now`'s day from its findings and their events (idempotent).
 * `anyEvaluated` false = the collection failed: the day stays marked collected only if another
 * collection that day evaluated something, and keeps that collection's score.
 */
export async function refreshDailyRollup(tx: Tx, accountId: string, now: Date, anyEvaluated: boolean): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const open = sql`${findings.status} in ('NEW','ACKNOWLEDGED')`;
  const [counts] = await tx
    .select({
      critical: sql<number>`count(*) filter (where ${open} and ${findings.severity} = 'critical')::int`,
      high: sql<number>`count(*) filter (where ${open} and ${findings.severity} = 'high')::int`,
      medium: sql<number>`count(*) filter (where ${open} and ${findings.severity} = 'medium')::int`,
      low: sql<number>`count(*) filter (where ${open} and ${findings.severity} = 'low')::int`,
      informational: sql<number>`count(*) filter (where ${open} and ${findings.severity} = 'informational')::int`,
      suppressed: sql<number>`count(*) filter (where ${findings.status} = 'SUPPRESSED')::int`,
      newToday: sql<number>`count(*) filter (where (${findings.firstSeenAt} at time zone 'UTC')::date = ${day}::date)::int`,
      resolvedToday: sql<number>`count(*) filter (where ${findings.status} = 'RESOLVED' and (${findings.resolvedAt} at time zone 'UTC')::date = ${day}::date)::int`,
      openWithDue: sql<number>`count(*) filter (where ${open} and ${findings.dueAt} is not null)::int`,
      openOverdue: sql<number>`count(*) filter (where ${open} and ${findings.dueAt} < ${now.toISOString()}::timestamptz)::int`,
    })
    .from(findings)
    .where(eq(findings.accountId, accountId));
  const c = counts!;
  const rollup = {
    score: anyEvaluated ? postureScore(c) : null,
    openCritical: c.critical,
    openHigh: c.high,
    openMedium: c.medium,
    openLow: c.low,
    openInformational: c.informational,
    suppressed: c.suppressed,
    newFindings: c.newToday,
    resolvedFindings: c.resolvedToday,
    openWithDue: c.openWithDue,
    openOverdue: c.openOverdue,
    ...(await dailyRemediation(tx, accountId, day)),
    collected: anyEvaluated,
    updatedAt: now,
  };
  // A collection that evaluated nothing (role missing, crash) keeps the day's earlier score.
  await tx
    .insert(accountDaily)
    .values({ accountId, day, ...rollup })
    .onConflictDoUpdate({
      target: [accountDaily.accountId, accountDaily.day],
      set: {
        ...rollup,
        score: sql`coalesce(excluded.score, ${accountDaily.score})`,
        collected: sql`excluded.collected or ${accountDaily.collected}`,
      },
    });
  await refreshComplianceRollup(tx, accountId, day, now);
}

/** The account's resolutions on `day` (UTC): how many, their hours to remediate, and their SLA outcome. */
async function dailyRemediation(tx: Db | Tx, accountId: string, day: string) {
  const since = sql`${day}::date::timestamp at time zone 'UTC'`;
  const result = (await tx.execute(sql`
    select count(*)::int as n, coalesce(sum(${remediationHours}), 0)::float8 as hours,
      (count(*) filter (where r.severity = 'critical'))::int as n_critical,
      coalesce(sum(${remediationHours}) filter (where r.severity = 'critical'), 0)::float8 as hours_critical,
      (count(*) filter (where r.severity = 'high'))::int as n_high,
      coalesce(sum(${remediationHours}) filter (where r.severity = 'high'), 0)::float8 as hours_high,
      (count(*) filter (where ${hadDueDate}))::int as with_due,
      (count(*) filter (where ${metDueDate}))::int as within_sla
    from ${resolutionsSql(
      sql`f.account_id = ${accountId} and e.occurred_at >= ${since} and e.occurred_at < ${since} + interval '1 day'`,
    )} r`)) as unknown as { rows: Record<string, number | string>[] };
  const r = result.rows[0]!;
  return {
    remediatedAll: Number(r.n),
    remediationHoursAll: Number(r.hours),
    remediatedCritical: Number(r.n_critical),
    remediationHoursCritical: Number(r.hours_critical),
    remediatedHigh: Number(r.n_high),
    remediationHoursHigh: Number(r.hours_high),
    resolvedWithDue: Number(r.with_due),
    resolvedWithinSla: Number(r.within_sla),
  };
}

/**
 * The account's controls passed and failed per framework on `day`, from its latest check outcomes:
 * a control fails when any of its checks fails somewhere, passes when none fails and one passes.
 */
async function refreshComplianceRollup(tx: Tx, accountId: string, day: string, now: Date): Promise<void> {
  await tx.execute(sql`
    insert into compliance_daily (account_id, day, framework, passed_controls, failed_controls, updated_at)
    select ${accountId}, ${day}::date, fw,
      (count(*) filter (where not any_failed and any_passed))::int, (count(*) filter (where any_failed))::int,
      ${now.toISOString()}::timestamptz
    from (
      select f ->> 'framework' as fw, f ->> 'control' as ctl,
        bool_or(s.failed > 0) as any_failed, bool_or(s.passed > 0) as any_passed
      from check_account_stats s
      join checks c on c.id = s.check_id and c.enabled
      cross join lateral jsonb_array_elements(c.frameworks) f
      where s.account_id = ${accountId}
      group by 1, 2
    ) controls
    group by fw
    on conflict (account_id, day, framework) do update
      set passed_controls = excluded.passed_controls, failed_controls = excluded.failed_controls,
        updated_at = excluded.updated_at`);
}

/** Replaces an account's latest outcome counts for the checks given. */
export async function upsertCheckStats(
  tx: Tx,
  params: { accountId: string; runId: string; now: Date; stats: readonly CheckStat[] },
): Promise<void> {
  if (params.stats.length === 0) return;
  const { accountId, runId, now } = params;
  await tx
    .insert(checkAccountStats)
    .values(
      params.stats.map((c) => ({
        accountId,
        checkId: c.checkId,
        passed: c.passed,
        failed: c.failed,
        notApplicable: c.notApplicable,
        runId,
        evaluatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [checkAccountStats.accountId, checkAccountStats.checkId],
      set: {
        passed: sql.raw("excluded.passed"),
        failed: sql.raw("excluded.failed"),
        notApplicable: sql.raw("excluded.not_applicable"),
        runId,
        evaluatedAt: now,
      },
    });
}
