import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { FindingStatus, RunStatus, Severity, UnitErrorCode, UnitStatus } from "@/lib/domain/vocabulary";
import { findingId } from "@/lib/domain/finding-id";
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

export type AccountSnapshot = {
  runId: string;
  accountId: string;
  now: Date;
  units: UnitRecord[];
  /** Every failing result of every check that could be evaluated. */
  failed: FailedResult[];
  /** (check, region) pairs whose inventory was read in full: only these may resolve findings. */
  evaluated: { checkId: string; region: string }[];
  /** Resources a check could not decide on: their open findings stay open. */
  undetermined?: { checkId: string; region: string; resourceId: string }[];
  /** Per check: how many resources passed, failed or did not apply, across the account's units. */
  checkStats?: CheckStat[];
  /** Inventory kept for organization-wide checks. */
  inventory?: { region: string; key: string; data: unknown }[];
};

export type CheckStat = { checkId: string; passed: number; failed: number; notApplicable: number };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type FindingChanges = { created: number; reopened: number; resolved: number; stillOpen: number };

export type SnapshotOutcome = {
  created: number;
  reopened: number;
  resolved: number;
  stillOpen: number;
  runFinished: RunStatus | null;
};

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
const UNIT_RANK: Record<UnitRecord["status"], number> = { ok: 0, skipped: 1, partial: 2, failed: 3 };

/**
 * Writes one account's results for a run in a single transaction: unit outcomes, findings (new,
 * still open, reopened, resolved) with their events, the daily rollup, and the run's progress.
 * Running it twice for the same run changes nothing the second time.
 */
export async function writeAccountSnapshot(db: Db, snap: AccountSnapshot): Promise<SnapshotOutcome> {
  return db.transaction(async (tx) => {
    const { runId, accountId, now } = snap;
    const outcome: SnapshotOutcome = { created: 0, reopened: 0, resolved: 0, stillOpen: 0, runFinished: null };
    // One writer per account at a time: a retried job overlapping the first attempt waits here
    // instead of interleaving its finding transitions (and events) with the other's.
    await tx.execute(sql`select 1 from ${awsAccounts} where ${awsAccounts.id} = ${accountId} for no key update`);

    // 1. Unit outcomes, in one statement (an account has up to ~40 units).
    const unitRows = snap.units.map((u) => ({
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

    // Units an earlier attempt declared but this one did not run can never finish: fail them.
    const written = snap.units.map((u) => u.region);
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
          notInArray(runUnits.region, written),
        ),
      );

    // 2–3. Findings: new, still open, reopened, resolved, with their events.
    Object.assign(
      outcome,
      await applyFindings(tx, {
        runId,
        accountId,
        now,
        failed: snap.failed,
        evaluated: snap.evaluated,
        undetermined: snap.undetermined ?? [],
      }),
    );

    // Outcome counts per check (Checks page) and inventory for organization-wide checks.
    await upsertCheckStats(tx, { accountId, runId, now, stats: snap.checkStats ?? [] });
    for (const batch of chunks(snap.inventory ?? [])) {
      await tx
        .insert(inventoryItems)
        .values(batch.map((i) => ({ runId, accountId, region: i.region, key: i.key, data: i.data as object })))
        .onConflictDoUpdate({
          target: [inventoryItems.runId, inventoryItems.accountId, inventoryItems.region, inventoryItems.key],
          set: { data: sql.raw("excluded.data") },
        });
    }

    // 4. Today's rollup for the account, recomputed from the findings (idempotent).
    await refreshDailyRollup(tx, accountId, now, snap.evaluated.length > 0);

    // 5. The account's last collection.
    const worst = snap.units.reduce<UnitRecord["status"]>(
      (w, u) => (UNIT_RANK[u.status] > UNIT_RANK[w] ? u.status : w),
      "ok",
    );
    await tx
      .update(awsAccounts)
      .set({ lastCollectedAt: now, lastRunId: runId, lastCollectionStatus: worst })
      .where(eq(awsAccounts.id, accountId));

    // 6. Run progress; the account that completes the run closes it.
    outcome.runFinished = await updateRunProgress(tx as unknown as Db, runId, now);
    return outcome;
  });
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

/**
 * Applies one account's check results to its findings: new ones open, failing ones stay open (or
 * reopen when they were resolved or their suppression expired), and open ones resolve where their
 * check was evaluated without failing. Every change is an event.
 */
export async function applyFindings(
  tx: Tx,
  params: {
    runId: string;
    accountId: string;
    now: Date;
    failed: FailedResult[];
    evaluated: { checkId: string; region: string }[];
    undetermined?: { checkId: string; region: string; resourceId: string }[];
  },
): Promise<FindingChanges> {
  const { runId, accountId, now } = params;
  const outcome: FindingChanges = { created: 0, reopened: 0, resolved: 0, stillOpen: 0 };
  // Failing results: insert new findings, refresh the rest, reopen regressions.
  const failing = new Map(
    params.failed.map((f) => [
      findingId({ checkId: f.checkId, accountId, region: f.region, resourceId: f.resourceId }),
      f,
    ]),
  );
  const existing = new Map<string, { status: FindingStatus; suppressedUntil: Date | null }>();
  for (const ids of chunks([...failing.keys()])) {
    const rows = await tx
      .select({ id: findings.id, status: findings.status, suppressedUntil: findings.suppressedUntil })
      .from(findings)
      .where(inArray(findings.id, ids));
    for (const r of rows) existing.set(r.id, r);
  }
  const events: (typeof findingEvents.$inferInsert)[] = [];
  const reopenIds: string[] = [];
  for (const id of failing.keys()) {
    const prior = existing.get(id);
    if (!prior) {
      outcome.created += 1;
      events.push({
        findingId: id,
        occurredAt: now,
        kind: "status",
        runId,
        fromStatus: null,
        toStatus: "NEW",
        note: "Detected",
      });
    } else if (
      prior.status === "RESOLVED" ||
      (prior.status === "SUPPRESSED" && prior.suppressedUntil && prior.suppressedUntil <= now)
    ) {
      outcome.reopened += 1;
      reopenIds.push(id);
      const note =
        prior.status === "RESOLVED" ? "Failed again after being resolved" : "Suppression expired while still failing";
      events.push({
        findingId: id,
        occurredAt: now,
        kind: "status",
        runId,
        fromStatus: prior.status,
        toStatus: "NEW",
        note,
      });
    } else {
      outcome.stillOpen += 1;
    }
  }
  for (const batch of chunks([...failing])) {
    await tx
      .insert(findings)
      .values(
        batch.map(([id, f]) => ({
          id,
          checkId: f.checkId,
          accountId,
          region: f.region,
          resourceId: f.resourceId,
          resourceType: f.resourceType,
          severity: f.severity,
          evidence: f.evidence,
          status: "NEW" as const,
          firstSeenAt: now,
          lastSeenAt: now,
          statusChangedAt: now,
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
  for (const ids of chunks(reopenIds)) {
    await tx
      .update(findings)
      .set({
        status: "NEW",
        statusChangedAt: now,
        resolvedAt: null,
        suppressionReason: null,
        suppressedBy: null,
        suppressedUntil: null,
        reopenCount: sql`${findings.reopenCount} + 1`,
      })
      .where(inArray(findings.id, ids));
  }

  // Resolve open findings whose check now passes, only where the inventory was read in full.
  const evaluatedKeys = new Set(params.evaluated.map((e) => `${e.checkId}\u0000${e.region}`));
  if (evaluatedKeys.size > 0) {
    const open = await tx
      .select({ id: findings.id, checkId: findings.checkId, region: findings.region, status: findings.status })
      .from(findings)
      .where(and(eq(findings.accountId, accountId), inArray(findings.status, ["NEW", "ACKNOWLEDGED"])));
    const keepOpen = new Set(
      (params.undetermined ?? []).map((u) =>
        findingId({ checkId: u.checkId, accountId, region: u.region, resourceId: u.resourceId }),
      ),
    );
    const toResolve = open.filter(
      (f) => !failing.has(f.id) && !keepOpen.has(f.id) && evaluatedKeys.has(`${f.checkId}\u0000${f.region}`),
    );
    for (const batch of chunks(toResolve)) {
      await tx
        .update(findings)
        .set({ status: "RESOLVED", resolvedAt: now, statusChangedAt: now, lastRunId: runId })
        .where(
          inArray(
            findings.id,
            batch.map((f) => f.id),
          ),
        );
    }
    for (const f of toResolve)
      events.push({
        findingId: f.id,
        occurredAt: now,
        kind: "status",
        runId,
        fromStatus: f.status,
        toStatus: "RESOLVED",
        note: "Check passed",
      });
    outcome.resolved = toResolve.length;
  }
  for (const batch of chunks(events)) await tx.insert(findingEvents).values(batch);
  return outcome;
}

/** Recomputes an account's rollup for `now`'s day from its findings (idempotent). */
export async function refreshDailyRollup(tx: Tx, accountId: string, now: Date, anyEvaluated: boolean): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const [counts] = await tx
    .select({
      critical: sql<number>`count(*) filter (where ${findings.status} in ('NEW','ACKNOWLEDGED') and ${findings.severity} = 'critical')::int`,
      high: sql<number>`count(*) filter (where ${findings.status} in ('NEW','ACKNOWLEDGED') and ${findings.severity} = 'high')::int`,
      medium: sql<number>`count(*) filter (where ${findings.status} in ('NEW','ACKNOWLEDGED') and ${findings.severity} = 'medium')::int`,
      low: sql<number>`count(*) filter (where ${findings.status} in ('NEW','ACKNOWLEDGED') and ${findings.severity} = 'low')::int`,
      informational: sql<number>`count(*) filter (where ${findings.status} in ('NEW','ACKNOWLEDGED') and ${findings.severity} = 'informational')::int`,
      suppressed: sql<number>`count(*) filter (where ${findings.status} = 'SUPPRESSED')::int`,
      newToday: sql<number>`count(*) filter (where (${findings.firstSeenAt} at time zone 'UTC')::date = ${day}::date)::int`,
      resolvedToday: sql<number>`count(*) filter (where ${findings.status} = 'RESOLVED' and (${findings.resolvedAt} at time zone 'UTC')::date = ${day}::date)::int`,
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
    updatedAt: now,
  };
  // A collection that evaluated nothing (role missing, crash) keeps the day's earlier score.
  await tx
    .insert(accountDaily)
    .values({ accountId, day, ...rollup })
    .onConflictDoUpdate({
      target: [accountDaily.accountId, accountDaily.day],
      set: { ...rollup, score: sql`coalesce(excluded.score, ${accountDaily.score})` },
    });
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
