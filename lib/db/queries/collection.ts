import { and, asc, desc, eq, gte, inArray, lt, notInArray, or, sql } from "drizzle-orm";
import type {
  AccountStatus,
  DiscoveryMode,
  Environment,
  RunStatus,
  RunTrigger,
  UnitErrorCode,
  UnitStatus,
} from "@/lib/domain/vocabulary";
import { CANCELLABLE_RUN_STATUSES } from "@/lib/domain/runs";
import { awsAccounts, checks, collectionRuns, organizationalUnits, organizations, runUnits } from "../schema";
import type { Db } from "../types";
import { RunClosedError } from "./snapshot";
import { inScope, type AccountScope } from "./scope";

export type DiscoveredOrganization = {
  name: string;
  discoveryMode: DiscoveryMode;
  awsOrganizationId?: string;
  managementAccountId?: string;
  units: { id: string; parentId: string | null; name: string; path: string }[];
  accounts: {
    id: string;
    name: string;
    email?: string;
    ouId?: string;
    ouPath?: string;
    environment: Environment;
    status: AccountStatus;
    isManagement: boolean;
    roleArn?: string;
    tags: Record<string, string>;
    joinedAt?: Date;
  }[];
};

/** Records what discovery found: the organization, its OUs and accounts (new ones appear, changed ones update). */
export async function saveDiscoveredOrganization(db: Db, found: DiscoveredOrganization): Promise<string> {
  return db.transaction(async (tx) => {
    const match = found.awsOrganizationId
      ? eq(organizations.awsOrganizationId, found.awsOrganizationId)
      : and(eq(organizations.discoveryMode, found.discoveryMode), eq(organizations.isDemo, false));
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).where(match).limit(1);
    let orgId: string;
    if (existing) {
      orgId = existing.id;
      await tx
        .update(organizations)
        .set({
          name: found.name,
          discoveryMode: found.discoveryMode,
          managementAccountId: found.managementAccountId,
          updatedAt: new Date(),
        })
        .where(eq(organizations.id, orgId));
    } else {
      const [row] = await tx
        .insert(organizations)
        .values({
          name: found.name,
          discoveryMode: found.discoveryMode,
          awsOrganizationId: found.awsOrganizationId,
          managementAccountId: found.managementAccountId,
          isDemo: found.discoveryMode === "demo",
        })
        .returning({ id: organizations.id });
      orgId = row!.id;
    }
    if (found.units.length > 0) {
      await tx
        .insert(organizationalUnits)
        .values(found.units.map((u) => ({ ...u, organizationId: orgId })))
        .onConflictDoUpdate({
          target: organizationalUnits.id,
          set: {
            parentId: sql.raw("excluded.parent_id"),
            name: sql.raw("excluded.name"),
            path: sql.raw("excluded.path"),
            organizationId: orgId,
          },
        });
    }
    if (found.accounts.length > 0) {
      await tx
        .insert(awsAccounts)
        .values(found.accounts.map((a) => ({ ...a, organizationId: orgId })))
        .onConflictDoUpdate({
          target: awsAccounts.id,
          set: {
            organizationId: orgId,
            name: sql.raw("excluded.name"),
            email: sql.raw("excluded.email"),
            ouId: sql.raw("excluded.ou_id"),
            ouPath: sql.raw("excluded.ou_path"),
            environment: sql.raw("excluded.environment"),
            status: sql.raw("excluded.status"),
            isManagement: sql.raw("excluded.is_management"),
            roleArn: sql.raw("excluded.role_arn"),
            tags: sql.raw("excluded.tags"),
            joinedAt: sql.raw("excluded.joined_at"),
            updatedAt: new Date(),
          },
        });
    }
    // Accounts no longer found (moved out of the organization, or dropped from the list) are
    // closed: they stop counting in the overview and are not collected.
    await tx
      .update(awsAccounts)
      .set({ status: "closed", updatedAt: new Date() })
      .where(
        and(
          eq(awsAccounts.organizationId, orgId),
          sql`${awsAccounts.status} <> 'closed'`,
          found.accounts.length > 0
            ? notInArray(
                awsAccounts.id,
                found.accounts.map((a) => a.id),
              )
            : undefined,
        ),
      );
    return orgId;
  });
}

/** Keeps the checks table in step with the code registry, so findings can reference every check. */
export async function syncCheckCatalog(db: Db, catalog: (typeof checks.$inferInsert)[]): Promise<void> {
  if (catalog.length === 0) return;
  await db
    .insert(checks)
    .values(catalog)
    .onConflictDoUpdate({
      target: checks.id,
      set: {
        title: sql.raw("excluded.title"),
        description: sql.raw("excluded.description"),
        service: sql.raw("excluded.service"),
        defaultSeverity: sql.raw("excluded.default_severity"),
        scope: sql.raw("excluded.scope"),
        frameworks: sql.raw("excluded.frameworks"),
        remediation: sql.raw("excluded.remediation"),
        updatedAt: new Date(),
      },
    });
}

export async function createRun(
  db: Db,
  params: { organizationId: string; trigger: RunTrigger; requestedBy?: string; accountsTotal: number; now?: Date },
): Promise<string> {
  const now = params.now ?? new Date();
  const [row] = await db
    .insert(collectionRuns)
    .values({
      organizationId: params.organizationId,
      trigger: params.trigger,
      requestedBy: params.requestedBy,
      status: params.accountsTotal === 0 ? "succeeded" : "running",
      accountsTotal: params.accountsTotal,
      startedAt: now,
      // Liveness is wall-clock time even when `now` is a run's simulated start (the demo's past days).
      heartbeatAt: new Date(),
      finishedAt: params.accountsTotal === 0 ? now : null,
    })
    .returning({ id: collectionRuns.id });
  return row!.id;
}

/** Declares an account's units (so progress has a total) before they run. Idempotent. */
export async function registerUnits(db: Db, runId: string, accountId: string, regions: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const added = await tx
      .insert(runUnits)
      .values(
        regions.map((region) => ({ runId, accountId, region, status: "running" as const, startedAt: new Date() })),
      )
      .onConflictDoNothing()
      .returning({ id: runUnits.id });
    // An increment, not a recount: a count here cannot see units another account is registering right now.
    const open = await tx
      .update(collectionRuns)
      .set({ unitsTotal: sql`${collectionRuns.unitsTotal} + ${added.length}`, heartbeatAt: new Date() })
      .where(and(eq(collectionRuns.id, runId), notInArray(collectionRuns.status, ["cancelled", "stuck"])))
      .returning({ id: collectionRuns.id });
    // Cancelled or given up meanwhile: no unit may open after the run closed its own.
    if (open.length === 0) throw new RunClosedError(runId, "cancelled");
  });
}

export async function getAccountForCollection(db: Db, accountId: string) {
  const [row] = await db
    .select({
      id: awsAccounts.id,
      name: awsAccounts.name,
      status: awsAccounts.status,
      roleArn: awsAccounts.roleArn,
      isManagement: awsAccounts.isManagement,
      environment: awsAccounts.environment,
    })
    .from(awsAccounts)
    .where(eq(awsAccounts.id, accountId));
  return row ?? null;
}

/** Workers still collecting for these runs: their heartbeat is now, so a long account does not look abandoned. */
export async function touchRuns(db: Db, runIds: string[], now = new Date()): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .update(collectionRuns)
    .set({ heartbeatAt: now })
    .where(and(inArray(collectionRuns.id, runIds), inArray(collectionRuns.status, ["queued", "running"])))
    .returning({ id: collectionRuns.id });
  return rows.map((r) => r.id);
}

/** Why a run ended before its accounts did, and how its open units end. */
export type RunClosing = {
  status: Extract<RunStatus, "stuck" | "cancelled" | "failed">;
  unitStatus: Extract<UnitStatus, "failed" | "cancelled">;
  code: UnitErrorCode;
  message: string;
};

/**
 * Ends a run that will not finish by itself: every unit still pending or running ends with `closing`'s
 * status and code, and the counters are recounted. Units before the run row, like a snapshot write, so
 * the two never wait on each other in a cycle. Returns whether the run was in one of `from`.
 */
export async function closeRun(
  db: Db,
  runId: string,
  closing: RunClosing & { from: readonly RunStatus[] },
  now = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Locked first: an account registering units holds the row until it commits, so its units are seen
    // and closed here; one that comes after finds the run closed and registers none.
    const [run] = await tx
      .select({ status: collectionRuns.status })
      .from(collectionRuns)
      .where(eq(collectionRuns.id, runId))
      .for("update");
    if (!run || !closing.from.includes(run.status)) return false;
    await tx
      .update(runUnits)
      .set({ status: closing.unitStatus, errorCode: closing.code, errorMessage: closing.message, finishedAt: now })
      .where(and(eq(runUnits.runId, runId), inArray(runUnits.status, ["pending", "running"])));
    const [agg] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        done: sql<number>`count(*) filter (where ${runUnits.status} not in ('pending','running'))::int`,
        failed: sql<number>`count(*) filter (where ${runUnits.status} = 'failed')::int`,
      })
      .from(runUnits)
      .where(eq(runUnits.runId, runId));
    const rows = await tx
      .update(collectionRuns)
      .set({
        status: closing.status,
        finishedAt: sql`coalesce(${collectionRuns.finishedAt}, ${now})`,
        errorMessage: closing.message,
        unitsTotal: agg!.total,
        unitsDone: agg!.done,
        unitsFailed: agg!.failed,
      })
      .where(and(eq(collectionRuns.id, runId), inArray(collectionRuns.status, [...closing.from])))
      .returning({ id: collectionRuns.id });
    return rows.length > 0;
  });
}

const ABANDONED: RunClosing = {
  status: "stuck",
  unitStatus: "failed",
  code: "Abandoned",
  message: "No progress reported by any worker and no job left to retry; the run was abandoned.",
};

/**
 * Runs no process works on any more, ended as stuck with every open unit failed/Abandoned: open runs
 * silent since `silentSince` with no job that can still run (`liveRunIds`), and, sooner, runs whose
 * queued jobs all ended (`endedRunIds`: the last attempt died with its worker) silent since `orphanedSince`.
 */
export async function markStuckRuns(
  db: Db,
  silentSince: Date,
  jobs: { liveRunIds?: readonly string[]; endedRunIds?: readonly string[]; orphanedSince?: Date } = {},
): Promise<string[]> {
  const silent = lt(collectionRuns.heartbeatAt, silentSince);
  const orphaned =
    jobs.endedRunIds && jobs.endedRunIds.length > 0 && jobs.orphanedSince
      ? and(inArray(collectionRuns.id, [...jobs.endedRunIds]), lt(collectionRuns.heartbeatAt, jobs.orphanedSince))
      : undefined;
  const candidates = await db
    .select({ id: collectionRuns.id })
    .from(collectionRuns)
    .where(
      and(
        inArray(collectionRuns.status, ["queued", "running"]),
        jobs.liveRunIds && jobs.liveRunIds.length > 0 ? notInArray(collectionRuns.id, [...jobs.liveRunIds]) : undefined,
        orphaned ? or(silent, orphaned) : silent,
      ),
    );
  const closed: string[] = [];
  for (const { id } of candidates) {
    if (await closeRun(db, id, { ...ABANDONED, from: ["queued", "running"] })) closed.push(id);
  }
  return closed;
}

/** Cancels a run at an admin's request: open units end cancelled; what accounts already wrote stays. */
export async function cancelRun(db: Db, runId: string, params: { by: string; now?: Date }): Promise<boolean> {
  return closeRun(
    db,
    runId,
    {
      status: "cancelled",
      unitStatus: "cancelled",
      code: "Cancelled",
      message: `Cancelled by ${params.by}.`,
      from: CANCELLABLE_RUN_STATUSES,
    },
    params.now,
  );
}

/** Of these runs, the ones no longer queued or running (cancelled, abandoned or finished). */
export async function listClosedRuns(db: Db, runIds: readonly string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const open = await db
    .select({ id: collectionRuns.id })
    .from(collectionRuns)
    .where(and(inArray(collectionRuns.id, [...runIds]), inArray(collectionRuns.status, ["queued", "running"])));
  const still = new Set(open.map((r) => r.id));
  return runIds.filter((id) => !still.has(id));
}

/**
 * Server mode: the runs with an account job that can still run (queued, waiting to retry, or active),
 * and those whose jobs have all ended. Reads pg-boss's table when it exists (never in embedded mode).
 */
export async function listRunJobStates(
  db: Db,
  queue: string,
): Promise<{ liveRunIds: string[]; endedRunIds: string[] }> {
  const present = (await db.execute(sql`select to_regclass('pgboss.job') is not null as present`)) as unknown as {
    rows: { present: boolean }[];
  };
  if (!present.rows[0]?.present) return { liveRunIds: [], endedRunIds: [] };
  const { rows: list } = (await db.execute(sql`
    select data->>'runId' as run_id, bool_or(state in ('created','retry','active')) as live
    from pgboss.job where name = ${queue} and data->>'runId' ~* '^[0-9a-f]{8}-[0-9a-f-]{27}$' group by 1`)) as unknown as {
    rows: { run_id: string; live: boolean }[];
  };
  return {
    liveRunIds: list.filter((r) => r.live).map((r) => r.run_id),
    endedRunIds: list.filter((r) => !r.live).map((r) => r.run_id),
  };
}

export async function getRun(db: Db, runId: string) {
  const [row] = await db.select().from(collectionRuns).where(eq(collectionRuns.id, runId));
  return row ?? null;
}

export async function listRuns(db: Db, opts: { limit: number }) {
  return db
    .select({
      id: collectionRuns.id,
      trigger: collectionRuns.trigger,
      status: collectionRuns.status,
      createdAt: collectionRuns.createdAt,
      startedAt: collectionRuns.startedAt,
      finishedAt: collectionRuns.finishedAt,
      accountsTotal: collectionRuns.accountsTotal,
      accountsDone: collectionRuns.accountsDone,
      unitsTotal: collectionRuns.unitsTotal,
      unitsDone: collectionRuns.unitsDone,
      unitsFailed: collectionRuns.unitsFailed,
      apiCalls: collectionRuns.apiCalls,
      throttledCalls: collectionRuns.throttledCalls,
      errorMessage: collectionRuns.errorMessage,
      organizationName: organizations.name,
    })
    .from(collectionRuns)
    .innerJoin(organizations, eq(organizations.id, collectionRuns.organizationId))
    .orderBy(desc(collectionRuns.startedAt), desc(collectionRuns.createdAt))
    .limit(opts.limit);
}

export type RunRow = Awaited<ReturnType<typeof listRuns>>[number];

export async function listRunUnits(db: Db, runId: string, scope: AccountScope) {
  return db
    .select({
      accountId: runUnits.accountId,
      accountName: awsAccounts.name,
      region: runUnits.region,
      status: runUnits.status,
      errorCode: runUnits.errorCode,
      errorMessage: runUnits.errorMessage,
      durationMs: runUnits.durationMs,
      apiCalls: runUnits.apiCalls,
      throttledCalls: runUnits.throttledCalls,
      resultsCount: runUnits.resultsCount,
    })
    .from(runUnits)
    .innerJoin(awsAccounts, eq(awsAccounts.id, runUnits.accountId))
    .where(and(eq(runUnits.runId, runId), inScope(runUnits.accountId, scope)))
    .orderBy(asc(awsAccounts.name), asc(runUnits.region));
}

/** Regions of an account's units in a run that have not finished (after a crash). */
export async function listOpenUnitRegions(db: Db, runId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ region: runUnits.region })
    .from(runUnits)
    .where(
      and(
        eq(runUnits.runId, runId),
        eq(runUnits.accountId, accountId),
        inArray(runUnits.status, ["pending", "running"]),
      ),
    );
  return rows.map((r) => r.region);
}

/** What went wrong in each account's last collection: unit counts by outcome and the error codes seen. */
export async function listAccountLastRunProblems(db: Db, scope: AccountScope) {
  const rows = await db
    .select({
      accountId: runUnits.accountId,
      failed: sql<number>`count(*) filter (where ${runUnits.status} = 'failed')::int`,
      partial: sql<number>`count(*) filter (where ${runUnits.status} = 'partial')::int`,
      skipped: sql<number>`count(*) filter (where ${runUnits.status} = 'skipped')::int`,
      codes: sql<
        string[]
      >`coalesce(array_agg(distinct ${runUnits.errorCode}) filter (where ${runUnits.errorCode} is not null), '{}')`,
      message: sql<string | null>`min(${runUnits.errorMessage})`,
    })
    .from(runUnits)
    .innerJoin(awsAccounts, and(eq(awsAccounts.id, runUnits.accountId), eq(awsAccounts.lastRunId, runUnits.runId)))
    .where(inScope(runUnits.accountId, scope))
    .groupBy(runUnits.accountId);
  return new Map(rows.map((r) => [r.accountId, r]));
}

/** The organization's run still queued or running (not yet marked stuck), if any. */
export async function findActiveRun(db: Db, organizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: collectionRuns.id })
    .from(collectionRuns)
    .where(
      and(eq(collectionRuns.organizationId, organizationId), inArray(collectionRuns.status, ["queued", "running"])),
    )
    .limit(1);
  return row?.id ?? null;
}

/** The latest run of any organization still queued or running that a worker touched since `aliveSince`. */
export async function findAnyActiveRun(db: Db, aliveSince: Date): Promise<string | null> {
  const [row] = await db
    .select({ id: collectionRuns.id })
    .from(collectionRuns)
    .where(and(inArray(collectionRuns.status, ["queued", "running"]), gte(collectionRuns.heartbeatAt, aliveSince)))
    .orderBy(desc(collectionRuns.createdAt))
    .limit(1);
  return row?.id ?? null;
}
