// `npm run bench:recovery`: two queue workers collect a simulated organization; one is SIGKILLed at a
// random point. Prints kill-to-end time against the 3-minute bound, accounts collected again, lost units
// and whether the findings equal a clean run's. Options: bench:collect's, and POSTURE_CLAIM_TIMEOUT_MS.
import { eq, inArray, sql } from "drizzle-orm";
import { createCollectDeps } from "@/lib/collector/deps";
import { env as processEnv } from "@/lib/env";
import { handleRunJob, WORKER_NODE_FLAGS } from "@/lib/collector/worker";
import { getRun } from "@/lib/db/queries/collection";
import * as s from "@/lib/db/schema";
import { expiryCheckSeconds } from "@/lib/jobs/claims";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import { parseBenchArgs } from "./lib/args";
import { benchAwsFactory } from "./lib/aws-factory";
import { openBenchDatabase } from "./lib/database";
import { quietEngineLogs } from "./lib/quiet-logs";
import { epochNow } from "./lib/sim-aws";
import { startWorkerPool } from "./lib/worker-pool";
import { benchChecks, benchEnv, benchOrg, benchSettings, benchSimulator } from "./lib/workload";

const BOUND_MS = 3 * 60_000;
const claimTimeoutMs = processEnv.POSTURE_CLAIM_TIMEOUT_MS;
const args = parseBenchArgs(["--accounts", "50", "--regions", "4", "--db", "postgres", ...process.argv.slice(2)]);
const org = benchOrg(args);
const sim = benchSimulator(args, org, args.seed);
const database = await openBenchDatabase(args.db, args.poolMax);
if (!database.url) throw new Error("bench:recovery needs PostgreSQL (127.0.0.1:5432)");
const perWorker = Math.max(1, Math.ceil(args.accountConcurrency / 2));
const env = benchEnv(
  { ...args, accountConcurrency: perWorker },
  { DATABASE_URL: database.url, POSTURE_CLAIM_TIMEOUT_MS: String(claimTimeoutMs) },
);
const settings = benchSettings(env);
const deps = createCollectDeps(database.db, env, {
  settings,
  aws: benchAwsFactory(settings, sim.handler),
  only: benchChecks(),
});
const quiet = args.verbose ? undefined : quietEngineLogs();
const boss = await startBoss(database.url, {
  supervise: true,
  maintenanceIntervalSeconds: expiryCheckSeconds(claimTimeoutMs),
});
console.log(
  `bench:recovery — ${args.accounts} accounts × ${args.regions} regions, 2 workers × ${perWorker} accounts, claim timeout ${claimTimeoutMs / 1000} s, seed ${args.seed}`,
);

async function oneRun(kill: boolean) {
  const pool = await startWorkerPool(
    2,
    { args, databaseUrl: database.url!, accountConcurrency: perWorker, claimTimeoutMs },
    WORKER_NODE_FLAGS,
  );
  pool.start();
  const started = epochNow();
  const out = await handleRunJob(deps, boss, { id: "bench", name: QUEUES.run, data: { trigger: "cli" } } as never);
  const runId = out!.runId;
  let killedAt: number | undefined;
  let killedAtFraction: number | undefined;
  const target = Math.random();
  for (;;) {
    const run = await getRun(database.db, runId);
    if (run?.finishedAt) break;
    // Killed once the run has done a random share (0–100%) of its units, as a crash would land anywhere.
    if (
      kill &&
      killedAt === undefined &&
      run &&
      run.unitsTotal > 0 &&
      run.unitsDone / (args.accounts * (args.regions + 1)) >= target * 0.95
    ) {
      process.kill(pool.ready[0]!.pid, "SIGKILL");
      killedAt = epochNow();
      killedAtFraction = run.unitsDone / (args.accounts * (args.regions + 1));
    }
    if (epochNow() - started > 15 * 60_000) throw new Error("the run did not close within 15 minutes");
    await new Promise((r) => setTimeout(r, 50));
  }
  const endedAt = epochNow();
  await pool.stop();
  const run = (await getRun(database.db, runId))!;
  const units = await database.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId));
  const open = units.filter((u) => u.status === "pending" || u.status === "running").length;
  const { rows } = (await database.db.execute(sql`
    select count(*) filter (where retry_count > 0)::int as retried from (
      select retry_count from pgboss.job where name = ${QUEUES.account} and data->>'runId' = ${runId}
      union all select retry_count from pgboss.archive where name = ${QUEUES.account} and data->>'runId' = ${runId}) j`)) as unknown as {
    rows: { retried: number }[];
  };
  const accounts = [...new Set(units.map((u) => u.accountId))];
  const findings = await database.db
    .select({ id: s.findings.id, status: s.findings.status })
    .from(s.findings)
    .where(accounts.length ? inArray(s.findings.accountId, accounts) : sql`false`)
    .orderBy(s.findings.id);
  return {
    runId,
    status: run.status,
    seconds: (endedAt - started) / 1000,
    killToEndSeconds: killedAt ? (endedAt - killedAt) / 1000 : null,
    killedAtFraction,
    apiCalls: run.apiCalls,
    retriedAccounts: rows[0]!.retried,
    lostUnits: open + Math.max(0, args.accounts - accounts.length),
    findings: JSON.stringify(findings),
  };
}

const clean = await oneRun(false);
console.log(`clean run: ${clean.status} in ${clean.seconds.toFixed(1)} s, ${clean.apiCalls} API calls`);
const faulted = await oneRun(true);
const equal = faulted.findings === clean.findings;
console.log(
  `killed worker at ${((faulted.killedAtFraction ?? 0) * 100).toFixed(0)}% of units: run ${faulted.status} ${faulted.killToEndSeconds?.toFixed(1)} s after the kill` +
    ` (bound ${BOUND_MS / 1000} s), ${faulted.retriedAccounts} accounts collected again (their calls made twice at most;` +
    ` run recorded ${faulted.apiCalls} API calls vs ${clean.apiCalls} clean), ${faulted.lostUnits} lost units, findings ${equal ? "equal" : "DIFFER from"} the clean run's`,
);
await boss.stop({ graceful: false, wait: true });
quiet?.restore();
await database.dispose();
const within = faulted.killToEndSeconds !== null && faulted.killToEndSeconds * 1000 <= BOUND_MS;
console.log(
  JSON.stringify({
    bench: "recovery",
    accounts: args.accounts,
    regions: args.regions,
    claimTimeoutSeconds: claimTimeoutMs / 1000,
    cleanRunSeconds: clean.seconds,
    killedAtFraction: faulted.killedAtFraction,
    killToEndSeconds: faulted.killToEndSeconds,
    boundSeconds: BOUND_MS / 1000,
    withinBound: within,
    retriedAccounts: faulted.retriedAccounts,
    apiCallsClean: clean.apiCalls,
    apiCallsRecorded: faulted.apiCalls,
    lostUnits: faulted.lostUnits,
    findingsEqual: equal,
    status: faulted.status,
  }),
);
process.exit(faulted.lostUnits === 0 && equal ? 0 : 1);
