import { findingId } from "@/lib/domain/finding-id";
import { planSnapshot } from "@/lib/findings/lifecycle";
import { resolveSlaSettings, SLA_SETTINGS_KEY, slaTable } from "@/lib/findings/sla";
import { getSetting } from "@/lib/db/queries/settings";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { applySuppressionRules } from "@/lib/triage/rules";
import { deleteInventoryOfOtherFinishedRuns } from "@/lib/db/queries/inventory";
import {
  loadSnapshotFindings,
  lockAccountForSnapshot,
  markAccountCollected,
  refreshDailyRollup,
  updateRunProgress,
  upsertCheckStats,
  upsertInventoryItems,
  writeFindingChanges,
  writeUnitOutcomes,
  type CheckStat,
  type FailedResult,
  type Tx,
  type UnitRecord,
} from "@/lib/db/queries/snapshot";
import type { Db } from "@/lib/db/types";
import {
  upsertGuardDutyCoverage,
  upsertGuardDutyFindings,
  type GuardDutyCoverageRow,
  type GuardDutyFindingRow,
} from "@/lib/db/queries/guardduty";
import { syncGuardDutySecurityEvents } from "@/lib/db/queries/security-events";
import { replaceBillingWatch } from "@/lib/db/queries/budgets";
import type { UnitBilling } from "./budgets";
import type { RunStatus } from "@/lib/domain/vocabulary";

// Where the finding lifecycle (lib/findings) meets the database: each transaction loads the
// findings a snapshot may change, lets the lifecycle decide, and stores what it decided.

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
  /** GuardDuty coverage per region read, and the findings read (an administrator's include its members'). */
  guardDuty?: { coverage: GuardDutyCoverageRow[]; findings: GuardDutyFindingRow[] };
  /** Budgets and billing alarms, each kind present only when its read succeeded (it then replaces the stored ones). */
  billing?: UnitBilling;
};

export type FindingChanges = { created: number; reopened: number; resolved: number; stillOpen: number };
export type SnapshotOutcome = FindingChanges & { runFinished: RunStatus | null };

/**
 * Applies one account's check results to its findings: the lifecycle decides which open, reopen,
 * resolve or stay; this stores the findings and their events.
 */
export async function applyFindings(
  tx: Tx,
  params: {
    runId: string;
    accountId: string;
    now: Date;
    failed: readonly FailedResult[];
    evaluated: readonly { checkId: string; region: string }[];
    undetermined?: readonly { checkId: string; region: string; resourceId: string }[];
    /** The units the results come from; a failed unit's scopes resolve nothing. */
    units?: readonly { region: string; status: UnitRecord["status"] }[];
  },
): Promise<FindingChanges> {
  const { runId, accountId, now } = params;
  const idOf = (r: { checkId: string; region: string; resourceId: string }) =>
    findingId({ checkId: r.checkId, accountId, region: r.region, resourceId: r.resourceId });
  const failing = new Map(params.failed.map((f) => [idOf(f), f]));
  const known = await loadSnapshotFindings(tx, {
    accountId,
    now,
    ids: [...failing.keys()],
    open: params.evaluated.length > 0,
  });
  const plan = planSnapshot({
    runId,
    now,
    units: params.units,
    failing: [...failing].map(([id, f]) => ({ id, checkId: f.checkId, region: f.region })),
    evaluated: params.evaluated,
    undetermined: (params.undetermined ?? []).map(idOf),
    known,
  });
  const stateOf = new Map<string, (typeof plan.created)[number]["state"]>([
    ...known.map((k) => [k.id, k] as const),
    ...plan.created.map((c) => [c.id, c.state] as const),
  ]);
  await writeFindingChanges(tx, {
    runId,
    accountId,
    now,
    failing: [...failing].map(([id, f]) => ({ ...f, id, state: stateOf.get(id)! })),
    changed: plan.changed,
    events: plan.events,
  });
  await applySuppressionRules(tx, { accountId, now });
  // Detected and reopened findings get their deadline; a changed severity moves it.
  const sla = resolveSlaSettings(await getSetting(tx as unknown as Db, SLA_SETTINGS_KEY));
  await refreshDueDates(tx, { table: slaTable(sla), accountId });
  return plan.counts;
}

/**
 * Writes one account's results for a run in a single transaction: unit outcomes, findings with
 * their events, check stats, kept inventory, the daily rollup, and the run's progress (the account
 * that completes the run closes it). Running it twice for the same run changes nothing the second time.
 */
export async function writeAccountSnapshot(
  db: Db,
  snap: AccountSnapshot,
  opts: { beforeCommit?: () => Promise<void> } = {},
): Promise<SnapshotOutcome> {
  return db.transaction(async (tx) => {
    const { runId, accountId, now } = snap;
    await lockAccountForSnapshot(tx, accountId);
    await writeUnitOutcomes(tx, { runId, accountId, now, units: snap.units });
    const changes = await applyFindings(tx, {
      runId,
      accountId,
      now,
      failed: snap.failed,
      evaluated: snap.evaluated,
      undetermined: snap.undetermined,
      units: snap.units,
    });
    await upsertCheckStats(tx, { accountId, runId, now, stats: snap.checkStats ?? [] });
    await upsertInventoryItems(tx, { runId, accountId, items: snap.inventory ?? [] });
    if (snap.guardDuty) {
      await upsertGuardDutyCoverage(tx, { accountId, runId, now, rows: snap.guardDuty.coverage });
      await upsertGuardDutyFindings(tx, snap.guardDuty.findings);
      await syncGuardDutySecurityEvents(tx, { findings: snap.guardDuty.findings, now });
    }
    if (snap.billing) await replaceBillingWatch(tx, { accountId, runId, now, ...snap.billing });
    await refreshDailyRollup(tx, accountId, now, snap.evaluated.length > 0);
    await markAccountCollected(tx, { accountId, runId, now, units: snap.units });
    const runFinished = await updateRunProgress(tx as unknown as Db, runId, now);
    await opts.beforeCommit?.();
    return { ...changes, runFinished };
  });
}

/**
 * Writes the results of organization-wide checks for every account at once, then drops inventory
 * kept for earlier finished runs (only the latest is needed).
 */
export async function writeOrganizationFindings(
  db: Db,
  params: {
    runId: string;
    now: Date;
    accounts: {
      accountId: string;
      failed: FailedResult[];
      evaluated: { checkId: string; region: string }[];
      undetermined: { checkId: string; region: string; resourceId: string }[];
      stats: CheckStat[];
    }[];
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of params.accounts) {
      await applyFindings(tx, {
        runId: params.runId,
        accountId: a.accountId,
        now: params.now,
        failed: a.failed,
        evaluated: a.evaluated,
        undetermined: a.undetermined,
      });
      await upsertCheckStats(tx, { accountId: a.accountId, runId: params.runId, now: params.now, stats: a.stats });
      // An account no organization-wide check could look at (suspended, its role missing) gets no score from them.
      await refreshDailyRollup(tx, a.accountId, params.now, a.evaluated.length > 0);
    }
    await deleteInventoryOfOtherFinishedRuns(tx, params.runId);
  });
}
