// `npm run worker`: a collection worker for server mode (DATABASE_URL). Run as many as you like on
// as many machines as you like; they share the Postgres queue. Stops gracefully on SIGINT/SIGTERM.
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { createCollectDeps } from "../lib/collector/deps";
import { startWorkers } from "../lib/collector/worker";
import { startBoss } from "../lib/jobs/queues";
import { expiryCheckSeconds } from "../lib/jobs/claims";
import { log } from "../lib/log";

if (!env.DATABASE_URL) {
  console.error(
    "Workers need PostgreSQL: set DATABASE_URL. With the embedded database the dashboard collects inside its own process.",
  );
  process.exit(2);
}
const handle = await openDatabase({ url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX });
// Maintenance releases expired claims: often enough that a dead worker's jobs wait little past their timeout.
const boss = await startBoss(env.DATABASE_URL, {
  schedule: true,
  supervise: true,
  maintenanceIntervalSeconds: expiryCheckSeconds(env.POSTURE_CLAIM_TIMEOUT_MS),
});
const deps = createCollectDeps(handle.db, env);
const workers = await startWorkers(deps, boss, { databaseUrl: env.DATABASE_URL });
log.info("worker started", {
  accountConcurrency: deps.settings.accountConcurrency,
  regionConcurrency: deps.settings.regionConcurrency,
  schedule: deps.settings.schedule,
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("worker stopping", { signal });
  await workers.stop();
  await boss.stop({ graceful: true, timeout: 30_000, wait: true });
  await handle.close();
  process.exit(0);
}
// A query the queue library runs on its own (completing a job while the database restarts) must not end
// the worker: the job's claim lapses and it is retried, and the pools reconnect once the database is back.
process.on("unhandledRejection", (err) => log.error("unhandled rejection; the worker goes on", { err }));
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
