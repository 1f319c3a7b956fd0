// `npm run bench:collect`: the real collection engine against a simulated, throttling AWS organization,
// timed against the fastest any collector could do, so a change to the engine can be judged by numbers.
// What it simulates and measures, and what it found: bench/README.md.
import { availableParallelism } from "node:os";
import { createCollectDeps } from "@/lib/collector/deps";
import { runCollection } from "@/lib/collector/run";
import { handleRunJob, WORKER_NODE_FLAGS } from "@/lib/collector/worker";
import { getRun } from "@/lib/db/queries/collection";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import { allChecks } from "@/lib/checks/registry";
import { parseBenchArgs } from "./lib/args";
import { benchAwsFactory } from "./lib/aws-factory";
import { openBenchDatabase } from "./lib/database";
import { watchEventLoop, type LoopFigures } from "./lib/event-loop";
import { quietEngineLogs } from "./lib/quiet-logs";
import { readRunFigures } from "./lib/results";
import { RssSampler, type RssFigures } from "./lib/rss";
import { epochNow, isHubService, mergeSimFigures, totalCalls } from "./lib/sim-aws";
import { watchSockets } from "./lib/socket-guard";
import { startWorkerPool, type WorkerPool } from "./lib/worker-pool";
import type { WorkerReport } from "./lib/worker-process";
import { benchBound, benchChecks, benchEnv, benchOrg, benchSettings, benchSimulator } from "./lib/workload";

const GOAL_RATIO = 1.3;
const GOAL_RSS_MB = 400;
/** How long the coordinator waits for the workers to close the run before calling the bench broken. */
const RUN_TIMEOUT_MS = 30 * 60_000;

const args = parseBenchArgs(process.argv.slice(2));
const rss = new RssSampler().start(100);
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const sockets = watchSockets(
  (address, port) => (address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1") && port === 5432,
);

const org = benchOrg(args);
// The coordinator's simulator serves discovery (and, with --workers 0, the whole run).
const sim = benchSimulator(args, org, args.seed);
const database = await openBenchDatabase(args.db, args.poolMax);
const workerCount = database.url ? args.workers : 0;
const perWorker = workerCount > 0 ? Math.ceil(args.accountConcurrency / workerCount) : args.accountConcurrency;
const accountSlots = workerCount > 0 ? perWorker * workerCount : perWorker;
const env = benchEnv({ ...args, accountConcurrency: perWorker }, database.url ? { DATABASE_URL: database.url } : {});
const bound = benchBound(args, org, accountSlots);

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const pct = (a: number, b: number) => (b === 0 ? "0.0%" : `${((100 * a) / b).toFixed(1)}%`);
const mb = (bytes: number) => bytes / 2 ** 20;

console.log(
  `bench:collect — ${args.accounts} accounts × ${args.regions} regions, ${args.pages} DescribeSecurityGroups pages per region`,
);
console.log(
  `simulated AWS: latency ${args.latencyMinMs}–${args.latencyMaxMs} ms, token bucket per account ${args.refillPerSecond}/s burst ${args.burst}` +
    ` (throttled calls take no token), ${pct(args.randomThrottleRate, 1)} of all calls throttled at random, seed ${args.seed}`,
);
console.log(
  workerCount > 0
    ? `engine: server mode, ${workerCount} queue worker processes (node ${[...WORKER_NODE_FLAGS, ...args.workerNodeFlags].join(" ")}; pg-boss, job announcements) × POSTURE_ACCOUNT_CONCURRENCY ${perWorker} = A=${accountSlots} accounts in flight,` +
        ` regionConcurrency P=${env.POSTURE_REGION_CONCURRENCY}, maxAttempts ${env.POSTURE_MAX_ATTEMPTS}; discovery and the run job in this process`
    : `engine: in this process (embedded mode's executor), accountConcurrency A=${accountSlots}, regionConcurrency P=${env.POSTURE_REGION_CONCURRENCY},` +
        ` overall units ${accountSlots * env.POSTURE_REGION_CONCURRENCY}, maxAttempts ${env.POSTURE_MAX_ATTEMPTS}`,
);
if (args.workers > 0 && workerCount === 0)
  console.log(`note: --workers ${args.workers} needs Postgres; collecting in this process instead`);

const settings = benchSettings(env);
const only = benchChecks();
const deps = createCollectDeps(database.db, env, { settings, aws: benchAwsFactory(settings, sim.handler), only });
const leftOut = allChecks.length - only.length;
console.log(
  `checks: ${only.join(", ")}${leftOut ? ` (${leftOut} more in the catalogue read inventory the simulator does not serve)` : ""}`,
);
console.log(`database: ${database.description}`);
const quiet = args.verbose ? undefined : quietEngineLogs();

let pool: WorkerPool | undefined;
let boss: Awaited<ReturnType<typeof startBoss>> | undefined;
if (workerCount > 0) {
  boss = await startBoss(database.url!, { supervise: true });
  const readyAt = epochNow();
  pool = await startWorkerPool(workerCount, { args, databaseUrl: database.url!, accountConcurrency: perWorker }, [
    ...WORKER_NODE_FLAGS,
    ...args.workerNodeFlags,
  ]);
  console.log(
    `workers: ${pool.ready.map((w) => `pid ${w.pid} (${f1(w.rssMb)} MB)`).join(", ")} listening after ${f1((epochNow() - readyAt) / 1000)} s (not timed)`,
  );
}

const loop = watchEventLoop();
const cpuAtStart = process.cpuUsage();
pool?.start();
const started = epochNow();
let finishedAt: number | undefined;
let runId: string | undefined;
let runStatus = "crashed";
let crash: unknown;
try {
  if (pool && boss) {
    // What a worker does with a run job: discovery, then one queued (and announced) job per account.
    const out = await handleRunJob(deps, boss, { id: "bench", name: QUEUES.run, data: { trigger: "cli" } } as never);
    runId = out?.runId;
    if (!runId) throw new Error("the run job opened no run");
    for (;;) {
      const run = await getRun(database.db, runId);
      // Seen closed by this poll (≤ 50 ms late): the conservative end, as a user watching the run would see it.
      if (run?.finishedAt) {
        finishedAt = epochNow();
        runStatus = run.status;
        break;
      }
      const failure = pool.failure();
      if (failure) throw new Error(failure);
      if (epochNow() - started > RUN_TIMEOUT_MS)
        throw new Error(`the run did not close within ${RUN_TIMEOUT_MS / 60_000} minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } else {
    const result = await runCollection(deps, { trigger: "cli" });
    runId = result.runId;
    runStatus = result.run?.status ?? "missing";
    finishedAt = epochNow();
  }
} catch (err) {
  crash = err;
}
const wallSeconds = ((finishedAt ?? epochNow()) - started) / 1000;
const loopFigures = loop.stop();
const cpuUsed = process.cpuUsage(cpuAtStart);
const reports: WorkerReport[] = pool ? await pool.report().catch(() => []) : [];
await pool?.stop();
await boss?.stop({ graceful: false, wait: true });
quiet?.restore();
const memory = rss.stop();

if (crash !== undefined) {
  console.error(`collection crashed: ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`);
}
const figures = runId ? await readRunFigures(database.db, runId, org) : undefined;
await database.dispose();
sockets.stop();
const net = sockets.report();

const simFigures = mergeSimFigures([sim.figures(), ...reports.map((r) => r.sim)]);
const all = totalCalls(simFigures);
const hub = totalCalls(simFigures, isHubService);
const acct = totalCalls(simFigures, (s) => !isHubService(s));
const min = sim.minimumCalls();
const throttledCalls = all.throttledBucket + all.throttledRandom;
const unitsExpected = figures?.expected ?? org.accountList.length * (org.enabledRegions.length + 1);
const unitsLost = figures?.lost ?? unitsExpected;
const ratio = wallSeconds / bound.totalSeconds;

type Proc = { role: string; pid: number; rss: RssFigures; loop: LoopFigures | undefined; cpuSeconds: number };
const processes: Proc[] = [
  {
    role: workerCount > 0 ? "coordinator" : "collector",
    pid: process.pid,
    rss: memory,
    loop: loopFigures,
    cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
  },
  ...reports.map((r) => ({
    role: `worker ${r.index + 1}`,
    pid: r.pid,
    rss: r.rss,
    loop: r.loop,
    cpuSeconds: r.cpuSeconds,
  })),
];
const peakRssMb = Math.max(...processes.map((p) => mb(p.rss.peakBytes)));
const peakRssTotalMb = processes.reduce((sum, p) => sum + mb(p.rss.peakBytes), 0);
const cpuSeconds = processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
const suppressedLogs = (quiet?.suppressed() ?? 0) + reports.reduce((n, r) => n + r.suppressedLogs, 0);

// Per account, from its AssumeRole to its last answer, as the simulators saw it.
const traces = Object.values(simFigures.accounts);
const spans = traces.map((t) => (t.lastDoneAt - t.firstCallAt) / 1000).sort((a, b) => a - b);
const q = (p: number) => spans[Math.min(spans.length - 1, Math.floor(p * spans.length))] ?? 0;
const firstAssume = Math.min(...traces.map((t) => t.firstCallAt));
const lastAssume = Math.max(...traces.map((t) => t.firstCallAt));
const assumeSpread = Number.isFinite(firstAssume) ? (lastAssume - firstAssume) / 1000 : 0;
const discoverySeconds = Number.isFinite(firstAssume) ? (firstAssume - started) / 1000 : 0;
const sinceStart = (t: number | undefined) => (t === undefined ? 0 : (t - started) / 1000);
const peakPerAccount = Math.max(0, ...traces.map((t) => t.peakInFlight));

console.log("");
console.log(
  "lower bound (Lmin = minimum latency, B = burst, r = refill, R regions, P = region concurrency, N accounts, A = account concurrency):",
);
for (const line of bound.explain) console.log(`  ${line}`);
console.log("");
console.log(
  `wall time        ${f2(wallSeconds)} s (run ${runId ?? "-"}: ${runStatus}), from the run request to the run closed`,
);
console.log(
  `  discovery      ${f2(discoverySeconds)} s until the first AssumeRole: first AWS call at ${f2(sinceStart(simFigures.firstCallAt))} s,` +
    ` Organizations done at ${f2(sinceStart(simFigures.lastOrganizationsDoneAt))} s (bound for the AWS part ${f2(bound.discoverySeconds)} s)`,
);
console.log(
  `  AssumeRole     the ${traces.length} accounts' first calls (AssumeRole) spread over ${f2(assumeSpread)} s (A = ${accountSlots} may start at once)`,
);
console.log(
  `  per account    AssumeRole → last answer: min ${f2(q(0))} s, median ${f2(q(0.5))} s, p95 ${f2(q(0.95))} s, max ${f2(q(1))} s (bound ${f2(bound.perAccountSeconds)} s)`,
);
console.log(`lower bound      ${f2(bound.totalSeconds)} s`);
console.log(`ratio            ${f2(ratio)} (goal ≤ ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? "met" : "MISSED"}`);
if (figures) {
  const statuses = Object.entries(figures.byStatus)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const codes =
    Object.entries(figures.byErrorCode)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  console.log(
    `units            expected ${figures.expected}, recorded in a terminal state ${figures.terminal}, lost ${figures.lost} (goal 0) ${figures.lost === 0 ? "met" : "MISSED"}`,
  );
  console.log(`  by status      ${statuses}; error codes: ${codes}; unexpected units ${figures.unexpected}`);
  console.log(
    `  throttled out  ${figures.failedThrottled} failed and ${figures.partialThrottled} partial because of throttling`,
  );
  console.log(
    `  findings       ${figures.findingsRecorded} recorded, ${figures.findingsExpected} expected from the units that ended ok`,
  );
}
console.log(
  `peak RSS         ${f1(peakRssMb)} MB in the largest process (goal < ${GOAL_RSS_MB} MB per process) ${peakRssMb < GOAL_RSS_MB ? "met" : "MISSED"};` +
    (processes.length > 1 ? ` all ${processes.length} processes' peaks add up to ${f1(peakRssTotalMb)} MB;` : "") +
    ` RSS of this process before opening the database ${f1(baselineRssMb)} MB (modules alone)`,
);
console.log(
  `API calls        ${all.attempts} attempts vs ${min.total} minimum → overhead ×${(all.attempts / min.total).toFixed(3)}` +
    ` (hub ${hub.attempts} vs ${min.hub}; accounts ${acct.attempts} vs ${min.account} = ${args.accounts} × ${min.perAccount})`,
);
console.log(
  `  outcomes       ok ${all.ok}, throttled ${throttledCalls} (${pct(throttledCalls, all.attempts)}: bucket empty ${all.throttledBucket}, random ${all.throttledRandom}),` +
    ` protocol errors ${simFigures.protocolErrorCount}; redundant successful calls ${all.ok - min.total}`,
);
if (figures) {
  const agree =
    figures.engineApiCalls === acct.attempts &&
    figures.engineThrottledCalls === acct.throttledBucket + acct.throttledRandom;
  console.log(
    `  engine counted ${figures.engineApiCalls} account calls, ${figures.engineThrottledCalls} throttled (simulator: ${acct.attempts}, ${acct.throttledBucket + acct.throttledRandom})` +
      ` ${agree ? "— agree" : "— DISAGREE"}`,
  );
}
console.log(
  `  concurrency    peak ${simFigures.peakInFlight} calls in flight${processes.length > 1 ? " (processes' peaks added)" : ""}, peak ${peakPerAccount} in one account`,
);
for (const e of simFigures.protocolErrors) console.log(`  protocol error ${e}`);
console.log(
  `CPU              ${f1(cpuSeconds)} s over the run in all processes (${f1(cpuSeconds / wallSeconds)} cores of wall time), ${((1000 * cpuSeconds) / Math.max(1, all.attempts)).toFixed(3)} ms per API call;` +
    ` the simulators' own share ${f1(simFigures.cpuMs / 1000)} s; simulated latencies ended ${f1(all.attempts ? simFigures.latenessMs / all.attempts : 0)} ms late on average (nominal mean ${f1((args.latencyMinMs + args.latencyMaxMs) / 2)} ms)`,
);
// Not the goal's bound, a second floor: the run's CPU spread perfectly over this machine's cores.
const cpuFloorSeconds = cpuSeconds / availableParallelism();
console.log(
  `  CPU floor      ${f1(cpuFloorSeconds)} s = that CPU over this machine's ${availableParallelism()} CPUs; wall / CPU floor = ${f2(wallSeconds / cpuFloorSeconds)}` +
    ` (near 1: the run waited for CPU, not for AWS)`,
);
for (const p of processes) {
  const l = p.loop;
  console.log(
    `  ${p.role.padEnd(13)}  pid ${p.pid}: CPU ${f1(p.cpuSeconds)} s, peak RSS ${f1(mb(p.rss.peakBytes))} MB, peak heap ${f1(mb(p.rss.heapPeakBytes))} MB` +
      (l
        ? `; event loop busy ${pct(l.utilization, 1)}, delay p99 ${f1(l.delayP99Ms)} ms, GC ${f1(l.gcSeconds)} s (${l.gcCount} pauses, longest ${f1(l.gcMaxMs)} ms)`
        : ""),
  );
}
console.log(
  `sockets          ${net.connections} connections from this process to ${net.endpoints.join(", ") || "nothing"}${net.forbidden.length ? `; FORBIDDEN: ${net.forbidden.join(", ")}` : ""}` +
    (quiet ? `; ${suppressedLogs} engine info log lines suppressed (--verbose shows them)` : ""),
);

const summary = {
  bench: "collect",
  accounts: args.accounts,
  regions: args.regions,
  pages: args.pages,
  workers: workerCount,
  accountConcurrency: accountSlots,
  regionConcurrency: env.POSTURE_REGION_CONCURRENCY,
  maxAttempts: env.POSTURE_MAX_ATTEMPTS,
  database: database.mode,
  runStatus,
  wallSeconds: Number(wallSeconds.toFixed(3)),
  lowerBoundSeconds: Number(bound.totalSeconds.toFixed(3)),
  ratio: Number(ratio.toFixed(3)),
  discoverySeconds: Number(discoverySeconds.toFixed(3)),
  perAccountMedianSeconds: Number(q(0.5).toFixed(3)),
  perAccountMaxSeconds: Number(q(1).toFixed(3)),
  unitsExpected,
  unitsRecorded: figures?.terminal ?? 0,
  unitsLost,
  unitsByStatus: figures?.byStatus ?? {},
  unitsFailedThrottled: figures?.failedThrottled ?? 0,
  unitsPartialThrottled: figures?.partialThrottled ?? 0,
  findingsRecorded: figures?.findingsRecorded ?? 0,
  findingsExpected: figures?.findingsExpected ?? 0,
  peakRssMb: Number(peakRssMb.toFixed(1)),
  peakRssTotalMb: Number(peakRssTotalMb.toFixed(1)),
  apiCalls: all.attempts,
  minApiCalls: min.total,
  callOverhead: Number((all.attempts / min.total).toFixed(4)),
  throttledCalls,
  throttledBucket: all.throttledBucket,
  throttledRandom: all.throttledRandom,
  protocolErrors: simFigures.protocolErrorCount,
  forbiddenSockets: net.forbidden.length,
  cpuSeconds: Number(cpuSeconds.toFixed(1)),
  cpuMsPerCall: Number(((1000 * cpuSeconds) / Math.max(1, all.attempts)).toFixed(3)),
  cpus: availableParallelism(),
  cpuFloorSeconds: Number(cpuFloorSeconds.toFixed(1)),
  simulatorCpuSeconds: Number((simFigures.cpuMs / 1000).toFixed(1)),
  latencyLatenessMs: Number((all.attempts ? simFigures.latenessMs / all.attempts : 0).toFixed(1)),
  assumeRoleSpreadSeconds: Number(assumeSpread.toFixed(2)),
  processes: processes.map((p) => ({
    role: p.role,
    cpuSeconds: Number(p.cpuSeconds.toFixed(1)),
    peakRssMb: Number(mb(p.rss.peakBytes).toFixed(1)),
    eventLoopUtilization: p.loop ? Number(p.loop.utilization.toFixed(3)) : null,
    gcSeconds: p.loop ? Number(p.loop.gcSeconds.toFixed(1)) : null,
  })),
};
console.log(JSON.stringify(summary));

const broken = crash !== undefined || unitsLost > 0 || simFigures.protocolErrorCount > 0 || net.forbidden.length > 0;
const missed = ratio > GOAL_RATIO || peakRssMb >= GOAL_RSS_MB;
process.exit(broken || (args.strict && missed) ? 1 : 0);
