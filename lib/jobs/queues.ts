import PgBoss from "pg-boss";
import { z } from "zod";
import { purgeTriggers } from "@/lib/domain/retention";
import { runTriggers } from "@/lib/domain/vocabulary";
import { log } from "@/lib/log";

/** Postgres-backed queues (pg-boss 10), shared by the web app (which only enqueues) and workers. */
export const QUEUES = {
  run: "collect-run",
  account: "collect-account",
  canary: "canary-check",
  lookup: "cloudtrail-lookup",
  expiry: "suppression-expiry",
  costs: "collect-costs",
  retention: "retention-purge",
} as const;

export const runJobPayload = z.object({ trigger: z.enum(runTriggers), requestedBy: z.uuid().optional() });
export type RunJobPayload = z.infer<typeof runJobPayload>;
export const accountJobPayload = z.object({ runId: z.uuid(), accountId: z.string().regex(/^\d{12}$/) });
export type AccountJobPayload = z.infer<typeof accountJobPayload>;
export const lookupJobPayload = z.object({ lookupId: z.uuid() });
export const purgeJobPayload = z.object({
  trigger: z.enum(purgeTriggers),
  requestedBy: z.string().nullable().optional(),
});

/**
 * An account job whose worker stopped renewing its claim for this long is handed to another worker
 * (lib/jobs/claims.ts); workers set each job's own from POSTURE_CLAIM_TIMEOUT_MS.
 */
export const ACCOUNT_JOB_EXPIRY_SECONDS = 120;
export const ACCOUNT_JOB_RETRIES = 3;
/** A retry after a dead worker should not wait long; backoff still spaces retries after database errors. */
export const ACCOUNT_JOB_RETRY_DELAY_SECONDS = 5;

export async function startBoss(
  url: string,
  opts: { schedule?: boolean; supervise?: boolean; maintenanceIntervalSeconds?: number } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    application_name: "posture-queue",
    max: 4,
    schedule: opts.schedule ?? false,
    supervise: opts.supervise ?? false,
    ...(opts.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds } : {}),
  });
  boss.on("error", (err: unknown) => log.error("queue error", { err }));
  await boss.start();
  // "stately": at most one run queued and one running; a second "collect now" while one waits is a no-op.
  await boss.createQueue(QUEUES.run, { name: QUEUES.run, policy: "stately", retryLimit: 0, expireInSeconds: 10 * 60 });
  // The canary job: light and frequent; a cycle still waiting makes the next one a no-op.
  await boss.createQueue(QUEUES.canary, {
    name: QUEUES.canary,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 10 * 60,
  });
  // On-demand CloudTrail lookups: one job each; a lookup that failed is asked again by its user.
  await boss.createQueue(QUEUES.lookup, {
    name: QUEUES.lookup,
    policy: "standard",
    retryLimit: 0,
    expireInSeconds: 15 * 60,
  });
  // Expired suppressions reopen every minute; one pass at a time is enough.
  await boss.createQueue(QUEUES.expiry, {
    name: QUEUES.expiry,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 10 * 60,
  });
  // Cost Explorer bills each request: one cost collection at a time, never retried by the queue.
  await boss.createQueue(QUEUES.costs, {
    name: QUEUES.costs,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 40 * 60,
  });
  // The retention purge: daily, and on an admin's request; one at a time, never retried by the queue.
  await boss.createQueue(QUEUES.retention, {
    name: QUEUES.retention,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 4 * 60 * 60,
  });
  await boss.createQueue(QUEUES.account, {
    name: QUEUES.account,
    policy: "standard",
    retryLimit: ACCOUNT_JOB_RETRIES,
    retryDelay: ACCOUNT_JOB_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: ACCOUNT_JOB_EXPIRY_SECONDS,
  });
  return boss;
}

/** How often expired suppressions are looked for (a partial index makes an idle pass one probe). */
export const EXPIRY_CRON = "* * * * *";

/** The canary job's cron: every `minutes` minutes (UTC). */
export const canaryCron = (minutes: number) => (minutes === 60 ? "0 * * * *" : `*/${minutes} * * * *`);
