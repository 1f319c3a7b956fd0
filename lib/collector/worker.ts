import "server-only";
import type PgBoss from "pg-boss";
import { getRun, listRunJobStates, markStuckRuns, touchRuns } from "@/lib/db/queries/collection";
import { RunClosedError } from "@/lib/db/queries/snapshot";
import { JobClaims, releaseUnrenewedClaims } from "@/lib/jobs/claims";
import { announceJobs, listenForJobs } from "@/lib/jobs/announce";
import {
  ACCOUNT_JOB_RETRIES,
  ACCOUNT_JOB_RETRY_DELAY_SECONDS,
  QUEUES,
  accountJobPayload,
  runJobPayload,
} from "@/lib/jobs/queues";
import type { CollectorSettings } from "./settings";
import { log } from "@/lib/log";
import { collectAccount, recordAccountFailure, type CollectDeps } from "./collect-account";
import { NoHubCredentialsError, startRun } from "./run";
import { reconcileSchedule } from "./schedule";
import { getDemoState } from "@/lib/db/queries/demo";
import { EXPIRY_CRON, canaryCron, lookupJobPayload } from "@/lib/jobs/queues";
import { reopenExpiredSuppressions } from "@/lib/triage/expiry";
import { advanceFindingRollup } from "@/lib/db/queries/findings-rollup";
import { processLookupPacers, runCanaryCycle } from "./canary";
import { runCloudTrailLookup } from "./lookup";
import { runActivityWatch } from "./activity-watch";
import { listWatchedAccountIds } from "@/lib/db/queries/activity";
import { runCostCollection } from "./cost-run";
import { RETENTION_CRON } from "@/lib/domain/retention";
import { purgeJobPayload } from "@/lib/jobs/queues";
import { runRetentionPurge } from "@/lib/settings/retention";

/**
 * Starts a run: discovery, then one queued job per account for any worker to take. The run id
 * becomes the job's output, so whoever asked for the run (the web app) can follow it.
 */
export async function handleRunJob(
  deps: CollectDeps,
  boss: PgBoss,
  job: PgBoss.Job<unknown>,
): Promise<{ runId: string } | undefined> {
  const parsed = runJobPayload.safeParse(job.data);
  // A malformed payload can never succeed: log it and complete the job rather than retry it.
  if (!parsed.success) {
    log.error("rejected run job with an invalid payload", {
      jobId: job.id,
      issues: parsed.error.issues.map((i) => i.message),
    });
    return undefined;
  }
  const started = await startRun(deps, parsed.data);
  // The expiry bounds a live handler (pg-boss stops it after that); the claim's heartbeat decides sooner.
  await boss.insert(
    started.accountIds.map((accountId) => ({
      name: QUEUES.account,
      data: { runId: started.runId, accountId },
      expireInSeconds: accountJobExpirySeconds(deps.settings),
      retryLimit: ACCOUNT_JOB_RETRIES,
      retryDelay: ACCOUNT_JOB_RETRY_DELAY_SECONDS,
      retryBackoff: true,
    })),
  );
  await announceJobs(boss, QUEUES.account);
  // "Collect now" refreshes costs too (a few cents of Cost Explorer requests); the schedule has its own.
  if (parsed.data.trigger !== "schedule") await boss.send(QUEUES.costs, { trigger: parsed.data.trigger });
  return { runId: started.runId };
}

// AWS has 30-odd regions: pg-boss stops a handler running longer than its job's expiry, so it must outlast any account.
const MAX_REGIONS = 36;

/** Longer than the slowest an account can legitimately take: every wave of units hitting its deadline. */
export function accountJobExpirySeconds(
  settings: Pick<CollectorSettings, "regionConcurrency" | "unitDeadlineMs">,
): number {
  const waves = Math.ceil((MAX_REGIONS + 1) / settings.regionConcurrency);
  return Math.max(20 * 60, Math.ceil((waves * settings.unitDeadlineMs) / 1000) + 300);
}

/**
 * Node flags of `npm run worker` (a bundle run with plain node) and of the bench's workers; a unit test
 * holds package.json to them. What each costs and saves: bench/README.md.
 */
export const WORKER_NODE_FLAGS = [
  // A worker's garbage is mostly requests that live for one call: they die young instead of being promoted.
  "--max-semi-space-size=64",
  // Bounds the heap at full load without a cap that a large organization's live data could hit.
  "--heap-growing-percent=50",
  // The condition the bundle's packages (server-only) resolve with.
  "--conditions=react-server",
] as const;

/**
 * Collects one account. Errors the collector can record (AWS failures) never reach here; what does
 * (a database outage, a bug) is retried by the queue, and on the last attempt the account is
 * recorded as failed so its run can close.
 */
export async function handleAccountJob(deps: CollectDeps, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const parsed = accountJobPayload.safeParse(job.data);
  if (!parsed.success) {
    log.error("rejected account job with an invalid payload", {
      jobId: job.id,
      issues: parsed.error.issues.map((i) => i.message),
    });
    return;
  }
  if (job.retryCount > 0)
    log.warn("account job retried", {
      jobId: job.id,
      ...parsed.data,
      attempt: job.retryCount + 1,
      previous: job.output ?? null,
    });
  try {
    // A job retried after its worker died may come back after its run was marked stuck and a newer run
    // wrote this account. Touching the heartbeat only while the run is open checks that and claims the run
    // in one statement; from here the process's heartbeat keeps it from being marked stuck.
    if ((await touchRuns(deps.db, [parsed.data.runId])).length === 0) {
      const run = await getRun(deps.db, parsed.data.runId);
      log.warn("dropped an account job whose run is no longer open", {
        jobId: job.id,
        ...parsed.data,
        runStatus: run?.status ?? "missing",
      });
      return;
    }
    await collectAccount(deps, parsed.data);
  } catch (err) {
    if (err instanceof RunClosedError) {
      log.info("stopped an account whose run was closed", { jobId: job.id, ...parsed.data, runStatus: err.status });
      return;
    }
    if (job.retryCount < job.retryLimit) throw err;
    log.error("account job failed on its last attempt", { jobId: job.id, ...parsed.data, err });
    await recordAccountFailure(deps, parsed.data, err);
  }
}

export type Workers = { stop: () => Promise<void> };

const canaryRegions = new Map<string, { regions: string[]; at: number }>();

/**
 * Subscribes this process to both queues, keeps the schedule, and watches for stuck runs. With the
 * database URL, it also listens for job announcements and wakes its idle subscriptions at once.
 */
export async function startWorkers(
  deps: CollectDeps,
  boss: PgBoss,
  opts: { databaseUrl?: string } = {},
): Promise<Workers> {
  if (deps.settings.hubCredentials === "none")
    log.warn("worker has no AWS credentials; its runs will fail", {
      message: new NoHubCredentialsError().message,
    });
  const claims = JobClaims.forQueue(boss, QUEUES.account, deps.settings.claimTimeoutMs);
  const subscriptions: Record<string, string[]> = {
    [QUEUES.run]: [],
    [QUEUES.account]: [],
    [QUEUES.canary]: [],
    [QUEUES.lookup]: [],
    [QUEUES.expiry]: [],
    [QUEUES.costs]: [],
    [QUEUES.retention]: [],
  };
  subscriptions[QUEUES.lookup]!.push(
    await boss.work(QUEUES.lookup, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      const payload = lookupJobPayload.safeParse(job?.data);
      // A payload that cannot be valid is dropped, not retried.
      if (!payload.success) return log.warn("lookup job with an invalid payload dropped", { jobId: job?.id });
      await runCloudTrailLookup(
        { ...deps, pacers: processLookupPacers(), regionCache: canaryRegions },
        payload.data.lookupId,
      );
    }),
  );
  subscriptions[QUEUES.expiry]!.push(
    await boss.work(QUEUES.expiry, { batchSize: 1, pollingIntervalSeconds: 10 }, async () => {
      const r = await reopenExpiredSuppressions(deps.db, { now: new Date() });
      if (r.reopened > 0) log.info("expired suppressions reopened", { ...r });
      // The same minute moves the findings rollup's SLA clock (lib/db/queries/findings-rollup.ts).
      await advanceFindingRollup(deps.db, new Date(), { lockTimeoutMs: 2000 });
    }),
  );
  subscriptions[QUEUES.retention]!.push(
    await boss.work(QUEUES.retention, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
      const payload = purgeJobPayload.safeParse(job?.data);
      const request = payload.success ? payload.data : { trigger: "schedule" as const };
      const r = await runRetentionPurge(deps.db, {
        now: new Date(),
        trigger: request.trigger,
        requestedBy: request.requestedBy ?? null,
      });
      log.info("retention purge finished", { deleted: r.deleted, batches: r.batches, error: r.error });
    }),
  );
  subscriptions[QUEUES.costs]!.push(
    await boss.work(QUEUES.costs, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
      const payload = runJobPayload.safeParse(job?.data);
      const outcome = await runCostCollection(deps, payload.success ? payload.data : { trigger: "schedule" });
      if (outcome.kind !== "finished") log.info("cost collection not run", { ...outcome });
    }),
  );
  subscriptions[QUEUES.canary]!.push(
    await boss.work(QUEUES.canary, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
      if ((await getDemoState(deps.db)).present) return;
      const cycle = await runCanaryCycle({ ...deps, pacers: processLookupPacers(), regionCache: canaryRegions });
      if (cycle.canaries > 0) log.info("canary cycle", { ...cycle });
      const watch = await runActivityWatch({
        ...deps,
        pacers: processLookupPacers(),
        settingsFile: deps.settings.settingsFile,
        accountIds: await listWatchedAccountIds(deps.db),
      });
      if (watch.accounts > 0) log.info("activity watch", { ...watch });
    }),
  );
  subscriptions[QUEUES.run]!.push(
    await boss.work(QUEUES.run, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      if (!job) return undefined;
      try {
        return await handleRunJob(deps, boss, job);
      } catch (err) {
        log.error("run job failed", { jobId: job.id, err });
        throw err;
      }
    }),
  );
  // One subscription per concurrent account, each fetching one job at a time: a worker never claims more
  // accounts than it collects at once, so the jobs it has not started stay free for other workers.
  for (let i = 0; i < deps.settings.accountConcurrency; i++) {
    const id = await boss.work(
      QUEUES.account,
      { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
      async ([job]) => {
        if (!job) return;
        const release = await claims.hold(job.id);
        try {
          await handleAccountJob(deps, job);
        } finally {
          release();
        }
      },
    );
    subscriptions[QUEUES.account]!.push(id);
  }
  const listener = opts.databaseUrl
    ? listenForJobs(opts.databaseUrl, (queue) => subscriptions[queue]?.forEach((id) => boss.notifyWorker(id)))
    : undefined;
  await boss.schedule(QUEUES.canary, canaryCron(deps.settings.canaryIntervalMinutes), {}, { tz: "UTC" });
  await boss.schedule(QUEUES.expiry, EXPIRY_CRON, {}, { tz: "UTC" });
  await boss.schedule(QUEUES.retention, RETENTION_CRON, { trigger: "schedule" }, { tz: "UTC" });
  const schedule = await reconcileSchedule(deps, boss);
  const timer = setInterval(() => {
    closeAbandonedRuns(deps)
      .then((ids) => ids.length > 0 && log.warn("marked runs stuck", { runIds: ids }))
      .catch((err: unknown) => log.error("stuck-run check failed", { err }));
    releaseUnrenewedClaims(boss, QUEUES.account, deps.settings.claimTimeoutMs)
      .then((n) => n > 0 && log.warn("released account jobs whose worker died before renewing its claim", { jobs: n }))
      .catch((err: unknown) => log.error("claim check failed", { err }));
    schedule.check();
  }, supervisionEveryMs(deps.settings));
  timer.unref();
  return {
    stop: async () => {
      // Claims keep beating while pg-boss's graceful stop waits for the jobs in hand; each ends with its job.
      clearInterval(timer);
      await listener?.stop();
    },
  };
}

/** How often a worker looks for abandoned runs: several times per claim timeout, at least every minute. */
export const supervisionEveryMs = (settings: Pick<CollectorSettings, "claimTimeoutMs">) =>
  Math.max(1_000, Math.min(60_000, Math.floor(settings.claimTimeoutMs / 4)));

/**
 * Gives up runs no process works on: silent for the stuck threshold with no job left that can run, or,
 * after one claim timeout, silent with every job of theirs ended (the last attempt died with its worker).
 */
export async function closeAbandonedRuns(
  deps: Pick<CollectDeps, "db" | "settings">,
  now = new Date(),
): Promise<string[]> {
  const jobs = await listRunJobStates(deps.db, QUEUES.account);
  return markStuckRuns(deps.db, new Date(now.getTime() - deps.settings.stuckAfterMs), {
    ...jobs,
    orphanedSince: new Date(now.getTime() - deps.settings.claimTimeoutMs),
  });
}
