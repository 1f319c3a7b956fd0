import "server-only";
import { listEnabledRegions } from "@/lib/aws/regions";
import { newAccountRetryStrategy, newCallStats, type CallStats } from "@/lib/aws/clients";
import { AssumeRoleError, assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { SendPacer } from "@/lib/aws/pacer";
import { classifyAwsError } from "@/lib/aws/errors";
import { CHECK_SETTINGS_KEY, resolveCheckSettings } from "@/lib/checks/settings";
import type { CheckSettings } from "@/lib/checks/settings";
import type { Check, OrgCheck } from "@/lib/checks/types";
import { getSetting } from "@/lib/db/queries/settings";
import { GLOBAL_REGION } from "@/lib/domain/vocabulary";
import { getAccountForCollection, listOpenUnitRegions, registerUnits } from "@/lib/db/queries/collection";
import { writeAccountSnapshot, type SnapshotOutcome, type UnitRecord } from "@/lib/db/queries/snapshot";
import type { Db } from "@/lib/db/types";
import { log } from "@/lib/log";
import type { AwsFactory } from "@/lib/aws/factory";
import { evaluateChecks, mergeStats, type Evaluation } from "./evaluate";
import { evaluateOrganization, orgInventoryKeys } from "./organization";
import { collectorsFor } from "./inventory";
import { Limiter, mapLimited } from "@/lib/concurrency";
import type { CollectorSettings } from "./settings";
import type { RunHeartbeats } from "./heartbeat";
import { runUnit } from "./unit";

export type CollectDeps = {
  db: Db;
  aws: AwsFactory;
  settings: CollectorSettings;
  checks: readonly Check[];
  /** Check settings from the settings file (or defaults); the admin-edited value in the database goes over them. */
  checkSettings: CheckSettings;
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
  const account = await getAccountForCollection(deps.db, job.accountId);
  if (!account) throw new Error(`Account ${job.accountId} is not known; was it removed after the run started?`);
  const write = async (
    units: UnitRecord[],
    evaluation: Evaluation,
    inventory: { region: string; key: string; data: unknown }[] = [],
  ): Promise<AccountOutcome> => {
    const snapshot = await writeAccountSnapshot(deps.db, {
      runId: job.runId,
      accountId: account.id,
      now: now(),
      units,
      failed: evaluation.failed,
      evaluated: evaluation.evaluated,
      undetermined: evaluation.undetermined,
      checkStats: evaluation.stats,
      inventory,
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
  const nothing: Evaluation = { failed: [], evaluated: [], undetermined: [], results: 0, stats: [] };

  if (account.status !== "active") {
    await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION]);
    return write(
      [
        failedGlobalUnit(
          "Suspended",
          `Account is ${account.status.replace("_", " ")}; not collected.`,
          now(),
          "skipped",
        ),
      ],
      nothing,
    );
  }

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
  let regions: string[];
  let regionError: { code: NonNullable<UnitRecord["errorCode"]>; note: string } | undefined;
  try {
    await credentials();
    const enabled = await listEnabledRegions(globalClients.ec2(settings.homeRegion));
    regions = settings.regions ? settings.regions.filter((r) => enabled.includes(r)) : enabled;
  } catch (err) {
    if (err instanceof AssumeRoleError) {
      await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION]);
      return write([failedGlobalUnit(err.code, err.message, now())], nothing);
    }
    // Without DescribeRegions, fall back to the configured regions (or the home region) and say so.
    regions = settings.regions ?? [settings.homeRegion];
    const classified = classifyAwsError(err);
    regionError = {
      code: classified.code,
      note: `Could not list enabled regions (${classified.message}); collected ${regions.join(", ")}`,
    };
  }
  await registerUnits(deps.db, job.runId, account.id, [GLOBAL_REGION, ...regions]);

  const checkSettings = resolveCheckSettings(await getSetting(deps.db, CHECK_SETTINGS_KEY), deps.checkSettings);
  const globalChecks = deps.checks.filter((c) => c.scope === "global");
  const regionalChecks = deps.checks.filter((c) => c.scope === "regional");
  const context = { clients: globalClients, accountId: account.id, homeRegion: settings.homeRegion };
  const perAccount = new Limiter(settings.regionConcurrency);
  const keep = orgInventoryKeys(deps.orgChecks);
  const regionalCollectors = collectorsFor("regional", [...regionalChecks, ...deps.orgChecks]);
  // A regional unit's clients are made when it starts and dropped when it ends, so an account holds
  // only its running units' clients (and the global ones), not one set per region for its whole run.
  type Unit = {
    region: string;
    checks: readonly Check[];
    collectors: typeof regionalCollectors;
    stats: CallStats;
    deadline: AbortController;
    clients?: typeof globalClients;
  };
  const units: Unit[] = [
    {
      region: GLOBAL_REGION,
      checks: globalChecks,
      collectors: collectorsFor("global", [...globalChecks, ...deps.orgChecks]),
      stats: globalStats,
      deadline: globalDeadline,
      clients: globalClients,
    },
    ...regions.map((region) => ({
      region,
      checks: regionalChecks,
      collectors: regionalCollectors,
      stats: newCallStats(),
      deadline: new AbortController(),
    })),
  ];
  const ran = await mapLimited(units, units.length, (u) =>
    perAccount.run(() =>
      deps.overall.run(async () => {
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
        });
        const evaluation = evaluateChecks(u.checks, {
          accountId: account.id,
          region: u.region,
          partition: "aws",
          environment: account.environment,
          settings: checkSettings,
          inventory: run.inventory,
        });
        run.record.resultsCount = evaluation.results;
        const kept = Object.entries(run.inventory)
          .filter(([key, data]) => keep.has(key) && data !== undefined)
          .map(([key, data]) => ({ region: u.region, key, data }));
        return { record: run.record, evaluation, kept };
      }),
    ),
  );
  const records = ran.map((r) => r.record);
  if (regionError) {
    const g = records[0]!;
    g.status = g.status === "ok" ? "partial" : g.status;
    g.errorCode ??= regionError.code;
    g.errorMessage = [g.errorMessage, regionError.note].filter(Boolean).join("; ");
  }
  return write(
    records,
    {
      failed: ran.flatMap((r) => r.evaluation.failed),
      evaluated: ran.flatMap((r) => r.evaluation.evaluated),
      undetermined: ran.flatMap((r) => r.evaluation.undetermined),
      results: ran.reduce((n, r) => n + r.evaluation.results, 0),
      stats: mergeStats(ran.map((r) => r.evaluation.stats)),
    },
    ran.flatMap((r) => r.kept),
  );
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
  const units = [...regions].map((region) => ({ ...failedGlobalUnit("Internal", message, at), region }));
  const snapshot = await writeAccountSnapshot(deps.db, {
    runId: job.runId,
    accountId: job.accountId,
    now: at,
    units,
    failed: [],
    evaluated: [],
  });
  if (snapshot.runFinished) await closeRun(deps, job.runId, at);
}

/**
 * Whoever closed the run evaluates the organization-wide checks. Their failure is the run's, not
 * the closing account's (its snapshot is already committed): logged, and they run again next time.
 */
async function closeRun(deps: CollectDeps, runId: string, at: Date): Promise<void> {
  await evaluateOrganization(deps.db, runId, deps.orgChecks, deps.checkSettings, at).catch((err: unknown) =>
    log.error("organization-wide checks failed; they run again with the next run", { runId, err }),
  );
}
