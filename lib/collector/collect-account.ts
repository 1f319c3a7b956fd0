import "server-only";
import { listEnabledRegions } from "@/lib/aws/regions";
import { newAccountRetryStrategy, newCallStats, type CallStats } from "@/lib/aws/clients";
import { AssumeRoleError, assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { SendPacer } from "@/lib/aws/pacer";
import { classifyAwsError } from "@/lib/aws/errors";
import type { Check, OrgCheck } from "@/lib/checks/types";
import { GLOBAL_REGION } from "@/lib/domain/vocabulary";
import { loadGuardDutyResume } from "@/lib/db/queries/guardduty";
import { getAccountForCollection, listOpenUnitRegions, registerUnits } from "@/lib/db/queries/collection";
import { RunClosedError, type UnitRecord } from "@/lib/db/queries/snapshot";
import type { Db } from "@/lib/db/types";
import { log } from "@/lib/log";
import type { AwsFactory } from "@/lib/aws/factory";
import { assembleAccountSnapshot, evaluateUnit } from "./assemble";
import { evaluateOrganization, orgInventoryKeys } from "./organization";
import { writeAccountSnapshot, type SnapshotOutcome } from "./snapshot";
import { collectorsFor } from "./inventory";
import type { InventoryReader } from "@/lib/aws/inventory";
import { Limiter, mapLimited } from "@/lib/concurrency";
import { loadCheckSettings } from "@/lib/settings/check-settings";
import type { CollectorSettings } from "./settings";
import type { RunHeartbeats } from "./heartbeat";
import { runUnit } from "./unit";
import { checkCanaryCredentialReport } from "./canary";
import { testPause } from "./test-pause";

export type CollectDeps = {
  db: Db;
  aws: AwsFactory;
  settings: CollectorSettings;
  checks: readonly Check[];
  /** Inventory readers to use instead of the registry's (a test reading simulated inventory). */
  readers?: readonly InventoryReader[];
  /** Evaluated once per run, by whichever process closes it. */
  orgChecks: readonly OrgCheck[];
  /** Bounds units in flight across every account this process collects. */
  overall: Limiter;
  /** Keeps the runs this process is collecting for from looking abandoned. */
  heartbeats: RunHeartbeats;
  now?: () => Date;
};

export type AccountOutcome = { accountId: string; units: UnitRecord[]; snapshot: SnapshotOutcome };

function failedGlobalUnit(
  code: UnitRecord["errorCode"],
  message: string,
  at: Date,
  status: UnitRecord["status"] = "failed",
): UnitRecord {
  return {
    region: GLOBAL_REGION,
    status,
    errorCode: code,
    errorMessage: message,
    startedAt: at,
    finishedAt: at,
    apiCalls: 0,
    throttledCalls: 0,
    resultsCount: 0,
  };
}

/**
 * Collects one account for a run: assume its audit role, find its enabled regions, run the global
 * unit and one unit per region with bounded concurrency, evaluate checks, and write the snapshot in
 * one transaction. Failures end up in unit records; only a database failure escapes.
 */
export async function collectAccount(
  deps: CollectDeps,
  job: { runId: string; accountId: string },
): Promise<AccountOutcome> {
  const release = deps.heartbeats.hold(job.runId);
  try {
    return await collectHeldAccount(deps, job);
  } finally {
    release();
  }
}

async function collectHeldAccount(
  deps: CollectDeps,
  job: { runId: string; accountId: string },
): Promise<AccountOutcome> {
  const now = deps.now ?? (() => new Date());
  const { settings } = deps;
  const closed = deps.heartbeats.signal(job.runId);
  const stopIfClosed = () => {
    if (closed.aborted) throw new RunClosedError(job.runId, "cancelled");
  };
  const found = await getAccountForCollection(deps.db, job.accountId);
  if (!found) throw new Error(`Account ${job.accountId} is not known; was it removed after the run started?`);
  const account = found;
  const write = async (ran: Parameters<typeof assembleAccountSnapshot>[0]["units"]): Promise<AccountOutcome> => {
    await testPause("snapshot-ready", job);
    // A closed run's units were closed for it; this account's reads are dropped, not written over them.
    stopIfClosed();
    const snap = assembleAccountSnapshot({ runId: job.runId, accountId: account.id, now: now(), units: ran });
    const { units } = snap;
    const snapshot = await writeAccountSnapshot(deps.db, snap, {
      beforeCommit: () => testPause("snapshot-commit", job),
    });
    if (snapshot.runFinished) await closeRun(deps, job.runId, now());
    for (const u of units) {
      log.info("unit finished", {
        runId: job.runId,
        accountId: account.id,
        region: u.region,
        status: u.status,
        errorCode: u.errorCode,
        apiCalls: u.apiCalls,
        ms: u.finishedAt.getTime() - u.startedAt.getTime(),
      });
    }
    return { accountId: account.id, units, snapshot };
  };
  if (account.status !== "active") {
    await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION]);
    return write([
      {
        record: failedGlobalUnit(
          "Suspended",
          `Account is ${account.status.replace("_", " ")}; not collected.`,
          now(),
          "skipped",
        ),
      },
    ]);
  }

  // Settings can break after the run started (a worker's file, an edit): the account is refused, not crashed.
  const resolved = await loadCheckSettings(deps.db, { file: settings.settingsFile });
  if (!resolved.ok) {
    await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION]);
    return write([{ record: failedGlobalUnit("SettingsInvalid", resolved.message, now()) }]);
  }
  const checkSettings = resolved.settings;

  const roleName =
    account.isManagement && settings.managementRoleName ? settings.managementRoleName : settings.roleName;
  const credentials = assumeAuditRole({
    sts: deps.aws.hubSts(),
    roleArn: settings.roleOverrides[account.id] ?? account.roleArn ?? roleArnFor(account.id, roleName),
    externalId: settings.externalId,
    sessionName: `posture-${job.runId.slice(0, 8)}`,
  });

  // Global unit first: it proves the role works and lists the regions the account has enabled.
  const retry = newAccountRetryStrategy(settings.maxAttempts);
  const pacers = new Map<string, SendPacer>();
  const pacer = (serviceId: string) => {
    let p = pacers.get(serviceId);
    if (!p) pacers.set(serviceId, (p = new SendPacer()));
    return p;
  };
  const globalStats = newCallStats();
  const globalDeadline = new AbortController();
  const globalClients = deps.aws.account({
    credentials,
    stats: globalStats,
    retry,
    pacer,
    signal: globalDeadline.signal,
  });
  stopIfClosed();
  const onClosed = () => globalDeadline.abort();
  closed.addEventListener("abort", onClosed, { once: true });
  try {
    return await collectRegions();
  } finally {
    closed.removeEventListener("abort", onClosed);
  }

  async function collectRegions(): Promise<AccountOutcome> {
    let regions: string[];
    let regionError: { code: NonNullable<UnitRecord["errorCode"]>; note: string } | undefined;
    try {
      await credentials();
      const enabled = await listEnabledRegions(globalClients.ec2(settings.homeRegion));
      regions = settings.regions ? settings.regions.filter((r) => enabled.includes(r)) : enabled;
    } catch (err) {
      if (err instanceof AssumeRoleError) {
        await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION]);
        return write([{ record: failedGlobalUnit(err.code, err.message, now()) }]);
      }
      stopIfClosed();
      // Without DescribeRegions, fall back to the configured regions (or the home region) and say so.
      regions = settings.regions ?? [settings.homeRegion];
      const classified = classifyAwsError(err);
      regionError = {
        code: classified.code,
        note: `Could not list enabled regions (${classified.message}); collected ${regions.join(", ")}`,
      };
    }
    stopIfClosed();
    await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION, ...regions]);

    const globalChecks = deps.checks.filter((c) => c.scope === "global");
    const regionalChecks = deps.checks.filter((c) => c.scope === "regional");
    const resume = await loadGuardDutyResume(deps.db, account.id);
    const context = {
      clients: globalClients,
      accountId: account.id,
      homeRegion: settings.homeRegion,
      isManagement: account.isManagement,
      resume,
    };
    const perAccount = new Limiter(settings.regionConcurrency);
    const keep = orgInventoryKeys(deps.orgChecks);
    const regionalCollectors = collectorsFor("regional", [...regionalChecks, ...deps.orgChecks], deps.readers);
    // A regional unit's clients are made when it starts and dropped when it ends, so an account holds
    // only its running units' clients (and the global ones), not one set per region for its whole run.
    type Unit = {
      region: string;
      collectors: typeof regionalCollectors;
      stats: CallStats;
      deadline: AbortController;
      clients?: typeof globalClients;
    };
    const units: Unit[] = [
      {
        region: GLOBAL_REGION,
        collectors: collectorsFor("global", [...globalChecks, ...deps.orgChecks], deps.readers),
        stats: globalStats,
        deadline: globalDeadline,
        clients: globalClients,
      },
      ...regions.map((region) => ({
        region,
        collectors: regionalCollectors,
        stats: newCallStats(),
        deadline: new AbortController(),
      })),
    ];
    const ran = await mapLimited(units, units.length, (u) =>
      perAccount.run(() =>
        deps.overall.run(async () => {
          await testPause("unit-start", { ...job, region: u.region });
          // Units not started when the run closes never call AWS; running ones stop at their next call.
          stopIfClosed();
          const abortUnit = () => u.deadline.abort();
          closed.addEventListener("abort", abortUnit, { once: true });
          const clients =
            u.clients ?? deps.aws.account({ credentials, stats: u.stats, retry, pacer, signal: u.deadline.signal });
          const run = await runUnit({
            region: u.region,
            collectors: u.collectors,
            context: { ...context, clients },
            stats: u.stats,
            deadlineMs: settings.unitDeadlineMs,
            controller: u.deadline,
            now,
          }).finally(() => closed.removeEventListener("abort", abortUnit));
          const report = u.region === GLOBAL_REGION ? run.inventory.iamCredentialReport : undefined;
          if (report) await safetyNet(deps.db, account.id, report, now());
          // Evaluated as soon as it is read, so only the kept keys outlive the unit's inventory.
          const evaluated = evaluateUnit({
            region: u.region,
            inventory: run.inventory,
            account,
            checks: deps.checks,
            settings: checkSettings,
            keep,
            runId: job.runId,
          });
          return { ...evaluated, record: run.record };
        }),
      ),
    );
    if (regionError) {
      const g = ran[0]!.record;
      g.status = g.status === "ok" ? "partial" : g.status;
      g.errorCode ??= regionError.code;
      g.errorMessage = [g.errorMessage, regionError.note].filter(Boolean).join("; ");
    }
    return write(ran);
  }
}

/** The canary safety net must never fail the account's collection. */
async function safetyNet(
  db: Db,
  accountId: string,
  report: Parameters<typeof checkCanaryCredentialReport>[2],
  at: Date,
) {
  try {
    const tripped = await checkCanaryCredentialReport(db, accountId, report, at);
    if (tripped.length > 0) log.warn("canary keys used (credential report)", { accountId, tripped });
  } catch (err) {
    log.error("canary credential report check failed", { accountId, err });
  }
}

/** Records an account whose collection crashed: every unfinished unit fails, so the run can still close. */
export async function recordAccountFailure(
  deps: CollectDeps,
  job: { runId: string; accountId: string },
  err: unknown,
): Promise<void> {
  const at = (deps.now ?? (() => new Date()))();
  const message = `Collection crashed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`.slice(
    0,
    2000,
  );
  const regions = new Set([GLOBAL_REGION, ...(await listOpenUnitRegions(deps.db, job.runId, job.accountId))]);
  const units = [...regions].map((region) => ({ record: { ...failedGlobalUnit("Internal", message, at), region } }));
  const snapshot = await writeAccountSnapshot(
    deps.db,
    assembleAccountSnapshot({ runId: job.runId, accountId: job.accountId, now: at, units }),
  );
  if (snapshot.runFinished) await closeRun(deps, job.runId, at);
}

/**
 * Whoever closed the run evaluates the organization-wide checks. Their failure is the run's, not
 * the closing account's (its snapshot is already committed): logged, and they run again next time.
 */
async function closeRun(deps: CollectDeps, runId: string, at: Date): Promise<void> {
  try {
    const resolved = await loadCheckSettings(deps.db, { file: deps.settings.settingsFile });
    if (!resolved.ok) {
      log.error("organization-wide checks not run: no check settings in force", {
        runId,
        code: resolved.code,
        reason: resolved.message,
      });
      return;
    }
    await evaluateOrganization(deps.db, runId, deps.orgChecks, resolved.settings, at);
  } catch (err) {
    log.error("organization-wide checks failed; they run again with the next run", { runId, err });
  }
}
