import "server-only";
import type PgBoss from "pg-boss";
import { getRun, markStuckRuns, touchRuns } from "@/lib/db/queries/collection";
import { getDemoState } from "@/lib/db/queries/demo";
import { announceJobs, listenForJobs } from "@/lib/jobs/announce";
import { ACCOUNT_JOB_EXPIRY_SECONDS, QUEUES, accountJobPayload, canaryCron, runJobPayload } from "@/lib/jobs/queues";
import type { CollectorSettings } from "./settings";
import { log } from "@/lib/log";
import { collectAccount, recordAccountFailure, type CollectDeps } from "./collect-account";
import { startRun } from "./run";
import { processLookupPacers, runCanaryCycle } from "./canary";
import { runActivityWatch } from "./activity-watch";
import { listWatchedAccountIds } from "@/lib/db/queries/activity";

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
  const expireInSeconds = accountJobExpirySeconds(deps.settings);
  await boss.insert(
    started.accountIds.map((accountId) => ({
      name: QUEUES.account,
      data: { runId: started.runId, accountId },
      expireInSeconds,
    })),
  );
  await announceJobs(boss, QUEUES.account);
  return { runId: started.runId };
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

// AWS has 30-odd regions; an account job that could still be working must never be handed to a second worker.
const MAX_REGIONS = 36;

/** Longer than the slowest an account can legitimately take: every wave of units hitting its deadline. */
export function accountJobExpirySeconds(
  settings: Pick<CollectorSettings, "regionConcurrency" | "unitDeadlineMs">,
): number {
  const waves = Math.ceil((MAX_REGIONS + 1) / settings.regionConcurrency);
  return Math.max(ACCOUNT_JOB_EXPIRY_SECONDS, Math.ceil((waves * settings.unitDeadlineMs) / 1000) + 300);
}

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
  const subscriptions: Record<string, string[]> = { [QUEUES.run]: [], [QUEUES.account]: [], [QUEUES.canary]: [] };
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
    await boss.work(QUEUES.run, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) =>
      job ? handleRunJob(deps, boss, job) : undefined,
    ),
  );
  // One subscription per concurrent account: pg-boss 10 runs each subscription's jobs one at a time.
  for (let i = 0; i < deps.settings.accountConcurrency; i++) {
    const id = await boss.work(
      QUEUES.account,
      { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
      async ([job]) => {
        if (job) await handleAccountJob(deps, job);
      },
    );
    subscriptions[QUEUES.account]!.push(id);
  }
  const listener = opts.databaseUrl
    ? listenForJobs(opts.databaseUrl, (queue) => subscriptions[queue]?.forEach((id) => boss.notifyWorker(id)))
    : undefined;
  await boss.schedule(QUEUES.canary, canaryCron(deps.settings.canaryIntervalMinutes), {}, { tz: "UTC" });
  if (deps.settings.schedule !== "off") {
    await boss.schedule(QUEUES.run, deps.settings.schedule, { trigger: "schedule" }, { tz: "UTC" });
  } else {
    await boss.unschedule(QUEUES.run);
  }
  const timer = setInterval(() => {
    markStuckRuns(deps.db, new Date(Date.now() - deps.settings.stuckAfterMs))
      .then((ids) => ids.length > 0 && log.warn("marked runs stuck", { runIds: ids }))
      .catch((err: unknown) => log.error("stuck-run check failed", { err }));
  }, 60_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await listener?.stop();
    },
  };
}
