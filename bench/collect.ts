// `npm run bench:collect`: drives the real collection engine (runCollection → collectAccount → the
// SDK clients → writeAccountSnapshot) through an in-process simulated AWS organization with
// latency and per-account throttling, and reports wall time against a lower bound, lost units,
// peak RSS and API call overhead. Human-readable lines first, then one line of JSON. See bench/README.md.
import { allChecks } from "@/lib/checks/registry";
import { createCollectDeps } from "@/lib/collector/deps";
import { runCollection } from "@/lib/collector/run";
import { collectorSettings } from "@/lib/collector/settings";
import { parseEnv } from "@/lib/env";
import { parseBenchArgs } from "./lib/args";
import { benchAwsFactory } from "./lib/aws-factory";
import { lowerBound } from "./lib/bound";
import { openBenchDatabase } from "./lib/database";
import { watchEventLoop } from "./lib/event-loop";
import { LimiterProbe, type LimiterFigures } from "./lib/limiter-probe";
import { buildOrg, SIMULATED_INVENTORY } from "./lib/org-model";
import { quietEngineLogs } from "./lib/quiet-logs";
import { readRunFigures } from "./lib/results";
import { seededRng } from "./lib/rng";
import { RssSampler } from "./lib/rss";
import { SimulatedAws } from "./lib/sim-aws";
import { watchSockets } from "./lib/socket-guard";

const GOAL_RATIO = 1.3;
const GOAL_RSS_MB = 400;
/** describeOrg's default number of ListTagsForResource workers (lib/aws/organizations.ts), used by discovery. */
const ENGINE_TAG_CONCURRENCY = 4;
const LIST_PAGE_SIZE = 20;

const args = parseBenchArgs(process.argv.slice(2));
const rss = new RssSampler().start(100);
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const sockets = watchSockets((address, port) => (address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1") && port === 5432);

const org = buildOrg({ accounts: args.accounts, regions: args.regions, pages: args.pages, groupsPerPage: args.groupsPerPage });
const sim = new SimulatedAws(org, {
  latencyMs: { min: args.latencyMinMs, max: args.latencyMaxMs },
  bucket: { burst: args.burst, refillPerSecond: args.refillPerSecond },
  randomThrottleRate: args.randomThrottleRate,
  listPageSize: LIST_PAGE_SIZE,
  rng: seededRng(args.seed),
});
// The engine's settings come from a validated environment built here, not from the shell's.
const env = parseEnv({
  AWS_REGION: "us-east-1",
  POSTURE_ACCOUNT_CONCURRENCY: String(args.accountConcurrency),
  POSTURE_REGION_CONCURRENCY: String(args.regionConcurrency),
  POSTURE_MAX_ATTEMPTS: String(args.maxAttempts),
  DATABASE_POOL_MAX: String(args.poolMax),
});
const bound = lowerBound({
  accounts: args.accounts,
  regions: args.regions,
  pages: args.pages,
  burst: args.burst,
  refillPerSecond: args.refillPerSecond,
  latencyMinMs: args.latencyMinMs,
  accountConcurrency: args.accountConcurrency,
  regionConcurrency: args.regionConcurrency,
  listPageSize: LIST_PAGE_SIZE,
  ouSizes: org.ous.map((o) => o.accountIds.length),
  tagConcurrency: ENGINE_TAG_CONCURRENCY,
});

const database = await openBenchDatabase(args.db, env.DATABASE_POOL_MAX);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const pct = (a: number, b: number) => (b === 0 ? "0.0%" : `${((100 * a) / b).toFixed(1)}%`);

console.log(`bench:collect — ${args.accounts} accounts × ${args.regions} regions, ${args.pages} DescribeSecurityGroups pages per region`);
console.log(
  `simulated AWS: latency ${args.latencyMinMs}–${args.latencyMaxMs} ms, token bucket per account ${args.refillPerSecond}/s burst ${args.burst}` +
    ` (throttled calls take no token), ${pct(args.randomThrottleRate, 1)} of all calls throttled at random, seed ${args.seed}`,
);
console.log(
  `engine settings: accountConcurrency A=${env.POSTURE_ACCOUNT_CONCURRENCY}, regionConcurrency P=${env.POSTURE_REGION_CONCURRENCY},` +
    ` overall units ${env.POSTURE_ACCOUNT_CONCURRENCY * env.POSTURE_REGION_CONCURRENCY}, maxAttempts ${env.POSTURE_MAX_ATTEMPTS}, adaptive retries (one strategy per account)`,
);
if (args.whatIfRetry !== "engine") {
  console.log(`WHAT-IF: retry strategies replaced by the SDK's StandardRetryStrategy (not the engine's behaviour; --what-if-retry ${args.whatIfRetry})`);
}

// The hub clients carry the simulator's static hub credentials (bench/lib/aws-factory.ts).
const settings = { ...collectorSettings(env), hubCredentials: "configured" as const };
const stsProbe = new LimiterProbe();
const organizationsProbe = new LimiterProbe();
const accountProbe = new LimiterProbe();
const aws = benchAwsFactory(settings, sim.handler, { retry: args.whatIfRetry, stsProbe, organizationsProbe, accountProbe });
// The workload is the one the simulator serves: checks reading other inventory are left out (through
// the engine's own `only`), so the figures stay comparable as the catalogue grows and no call
// reaches a service the simulator does not model.
const only = allChecks.filter((c) => c.requires.every((k) => SIMULATED_INVENTORY.has(k))).map((c) => c.id);
const deps = createCollectDeps(database.db, env, { settings, aws, only });
const leftOut = allChecks.length - only.length;
console.log(`checks: ${only.join(", ")}${leftOut ? ` (${leftOut} more in the catalogue read inventory the simulator does not serve)` : ""}`);
console.log(`database: ${database.description}`);
const quiet = args.verbose ? undefined : quietEngineLogs();

const loop = watchEventLoop();
const started = performance.now();
let runId: string | undefined;
let runStatus = "crashed";
let crash: unknown;
try {
  const result = await runCollection(deps, { trigger: "cli" });
  runId = result.runId;
  runStatus = result.run?.status ?? "missing";
} catch (err) {
  crash = err;
}
const wallSeconds = (performance.now() - started) / 1000;
const loopFigures = loop.stop();
quiet?.restore();
const memory = rss.stop();

if (crash !== undefined) {
  console.error(`collection crashed: ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`);
}
const figures = runId ? await readRunFigures(database.db, runId, org) : undefined;
await database.dispose();
sockets.stop();
const net = sockets.report();

const all = sim.total();
const hub = sim.total((s) => sim.isHub(s));
const acct = sim.total((s) => !sim.isHub(s));
const min = sim.minimumCalls();
const throttledCalls = all.throttledBucket + all.throttledRandom;
const unitsExpected = figures?.expected ?? org.accountList.length * (org.enabledRegions.length + 1);
const unitsLost = figures?.lost ?? unitsExpected;
const ratio = wallSeconds / bound.totalSeconds;
const peakRssMb = memory.peakBytes / 2 ** 20;

// Per account, from its AssumeRole to its last answer, as the simulator saw it.
const spans = [...sim.accounts.values()].map((t) => (t.lastDoneAt - t.firstCallAt) / 1000).sort((a, b) => a - b);
const q = (p: number) => spans[Math.min(spans.length - 1, Math.floor(p * spans.length))] ?? 0;
const firstAssume = Math.min(...[...sim.accounts.values()].map((t) => t.firstCallAt));
const lastAssume = Math.max(...[...sim.accounts.values()].map((t) => t.firstCallAt));
const assumeSpread = Number.isFinite(firstAssume) ? (lastAssume - firstAssume) / 1000 : 0;
const discoverySeconds = Number.isFinite(firstAssume) ? (firstAssume - started) / 1000 : 0;
const sinceStart = (t: number | undefined) => (t === undefined ? 0 : (t - started) / 1000);
const peakPerAccount = Math.max(0, ...[...sim.accounts.values()].map((t) => t.peakInFlight));

console.log("");
console.log("lower bound (Lmin = minimum latency, B = burst, r = refill, R regions, P = region concurrency, N accounts, A = account concurrency):");
for (const line of bound.explain) console.log(`  ${line}`);
console.log("");
console.log(`wall time        ${f2(wallSeconds)} s (run ${runId ?? "-"}: ${runStatus})`);
console.log(
  `  discovery      ${f2(discoverySeconds)} s until the first AssumeRole: first AWS call at ${f2(sinceStart(sim.firstCallAt))} s,` +
    ` Organizations done at ${f2(sinceStart(sim.lastOrganizationsDoneAt))} s (bound for the AWS part ${f2(bound.discoverySeconds)} s)`,
);
console.log(`  AssumeRole     the ${sim.accounts.size} accounts' first calls (AssumeRole) spread over ${f2(assumeSpread)} s (A = ${env.POSTURE_ACCOUNT_CONCURRENCY} may start at once)`);
console.log(`  per account    AssumeRole → last answer: min ${f2(q(0))} s, median ${f2(q(0.5))} s, p95 ${f2(q(0.95))} s, max ${f2(q(1))} s (bound ${f2(bound.perAccountSeconds)} s)`);
// The SDK's adaptive limiter starts from the send rate it has measured so far: a throttle in an
// account's first second finds almost none measured. Split the accounts by when they were first throttled.
const traces = [...sim.accounts.values()];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const early = traces.filter((t) => t.firstThrottledAt !== undefined && t.firstThrottledAt - t.firstCallAt < 1000);
const later = traces.filter((t) => !early.includes(t));
const span = (t: (typeof traces)[number]) => (t.lastDoneAt - t.firstCallAt) / 1000;
const medianSpan = (group: typeof traces) => (group.length ? `median ${f2(median(group.map(span)))} s` : "none");
console.log(`  first throttle ${early.length} accounts within their first second (${medianSpan(early)}), ${later.length} later or never (${medianSpan(later)})`);
console.log(`lower bound      ${f2(bound.totalSeconds)} s`);
console.log(`ratio            ${f2(ratio)} (goal ≤ ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? "met" : "MISSED"}`);
if (figures) {
  const statuses = Object.entries(figures.byStatus).map(([k, v]) => `${k} ${v}`).join(", ");
  const codes = Object.entries(figures.byErrorCode).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  console.log(`units            expected ${figures.expected}, recorded in a terminal state ${figures.terminal}, lost ${figures.lost} (goal 0) ${figures.lost === 0 ? "met" : "MISSED"}`);
  console.log(`  by status      ${statuses}; error codes: ${codes}; unexpected units ${figures.unexpected}`);
  console.log(`  throttled out  ${figures.failedThrottled} failed and ${figures.partialThrottled} partial because of throttling`);
  console.log(`  findings       ${figures.findingsRecorded} recorded, ${figures.findingsExpected} expected from the units that ended ok`);
}
console.log(
  `peak RSS         ${f1(peakRssMb)} MB (goal < ${GOAL_RSS_MB} MB) ${peakRssMb < GOAL_RSS_MB ? "met" : "MISSED"}; peak V8 heap in use ${f1(memory.heapPeakBytes / 2 ** 20)} MB;` +
    ` RSS before opening the database ${f1(baselineRssMb)} MB; ${memory.samples} samples every 100 ms`,
);
console.log(
  `API calls        ${all.attempts} attempts vs ${min.total} minimum → overhead ×${(all.attempts / min.total).toFixed(3)}` +
    ` (hub ${hub.attempts} vs ${min.hub}; accounts ${acct.attempts} vs ${min.account} = ${args.accounts} × ${min.perAccount})`,
);
console.log(
  `  outcomes       ok ${all.ok}, throttled ${throttledCalls} (${pct(throttledCalls, all.attempts)}: bucket empty ${all.throttledBucket}, random ${all.throttledRandom}),` +
    ` protocol errors ${sim.protocolErrorCount}; redundant successful calls ${all.ok - min.total}`,
);
if (figures) {
  const agree = figures.engineApiCalls === acct.attempts && figures.engineThrottledCalls === acct.throttledBucket + acct.throttledRandom;
  console.log(
    `  engine counted ${figures.engineApiCalls} account calls, ${figures.engineThrottledCalls} throttled (simulator: ${acct.attempts}, ${acct.throttledBucket + acct.throttledRandom})` +
      ` ${agree ? "— agree" : "— DISAGREE"}`,
  );
}
console.log(`  concurrency    peak ${sim.peakInFlight} calls in flight, peak ${peakPerAccount} in one account`);
for (const e of sim.protocolErrors) console.log(`  protocol error ${e}`);
const limiterLine = (who: string, l: LimiterFigures) =>
  l.strategies === 0
    ? `  ${who} no client-side rate limiter (StandardRetryStrategy)`
    : `  ${who} ${l.strategies} SDK rate limiters, ${l.throttledOnce} switched on by a throttle; ${l.delayedSends} of ${l.sends} sends waited for a token,` +
      ` ${f1(l.waitedSeconds)} s in all${l.fillRateMedian === undefined ? "" : `; median fill rate when sampled ${f1(l.fillRateMedian)} calls/s`}`;
const stsLimiter = stsProbe.figures();
const organizationsLimiter = organizationsProbe.figures();
const accountLimiter = accountProbe.figures();
console.log(
  `event loop       busy ${f1(loopFigures.utilization * wallSeconds)} s of the ${f1(wallSeconds)} s run (${pct(loopFigures.utilization, 1)}), delay p50 ${f1(loopFigures.delayP50Ms)} ms, p99 ${f1(loopFigures.delayP99Ms)} ms,` +
    ` max ${f1(loopFigures.delayMaxMs)} ms; GC ${loopFigures.gcCount} pauses, ${f1(loopFigures.gcSeconds)} s in all, longest ${f1(loopFigures.gcMaxMs)} ms`,
);
console.log(
  `  busy loop      simulator's own share ${f1(sim.cpuMs / 1000)} s; simulated latencies ended ${f1(all.attempts ? sim.latenessMs / all.attempts : 0)} ms late on average` +
    ` (nominal mean ${f1((args.latencyMinMs + args.latencyMaxMs) / 2)} ms)`,
);
console.log(limiterLine("orgs limiter  ", organizationsLimiter));
console.log(limiterLine("sts limiter   ", stsLimiter));
console.log(limiterLine("acct limiters ", accountLimiter));
console.log(
  `sockets          ${net.connections} connections to ${net.endpoints.join(", ") || "nothing"}${net.forbidden.length ? `; FORBIDDEN: ${net.forbidden.join(", ")}` : ""}` +
    (quiet ? `; ${quiet.suppressed()} engine info log lines suppressed (--verbose shows them)` : ""),
);

const summary = {
  bench: "collect",
  accounts: args.accounts,
  regions: args.regions,
  pages: args.pages,
  accountConcurrency: env.POSTURE_ACCOUNT_CONCURRENCY,
  regionConcurrency: env.POSTURE_REGION_CONCURRENCY,
  maxAttempts: env.POSTURE_MAX_ATTEMPTS,
  database: database.mode,
  runStatus,
  wallSeconds: Number(wallSeconds.toFixed(3)),
  lowerBoundSeconds: Number(bound.totalSeconds.toFixed(3)),
  ratio: Number(ratio.toFixed(3)),
  discoverySeconds: Number(discoverySeconds.toFixed(3)),
  unitsExpected,
  unitsRecorded: figures?.terminal ?? 0,
  unitsLost,
  unitsByStatus: figures?.byStatus ?? {},
  unitsFailedThrottled: figures?.failedThrottled ?? 0,
  unitsPartialThrottled: figures?.partialThrottled ?? 0,
  findingsRecorded: figures?.findingsRecorded ?? 0,
  findingsExpected: figures?.findingsExpected ?? 0,
  peakRssMb: Number(peakRssMb.toFixed(1)),
  peakHeapMb: Number((memory.heapPeakBytes / 2 ** 20).toFixed(1)),
  apiCalls: all.attempts,
  minApiCalls: min.total,
  callOverhead: Number((all.attempts / min.total).toFixed(4)),
  throttledCalls,
  throttledBucket: all.throttledBucket,
  throttledRandom: all.throttledRandom,
  protocolErrors: sim.protocolErrorCount,
  forbiddenSockets: net.forbidden.length,
  retry: args.whatIfRetry === "engine" ? "engine" : `what-if-${args.whatIfRetry}`,
  eventLoopUtilization: Number(loopFigures.utilization.toFixed(3)),
  simulatorCpuSeconds: Number((sim.cpuMs / 1000).toFixed(1)),
  gcSeconds: Number(loopFigures.gcSeconds.toFixed(1)),
  latencyLatenessMs: Number((all.attempts ? sim.latenessMs / all.attempts : 0).toFixed(1)),
  limiterWaitSeconds: Number(accountLimiter.waitedSeconds.toFixed(1)),
  organizationsLimiterWaitSeconds: Number(organizationsLimiter.waitedSeconds.toFixed(1)),
  stsLimiterWaitSeconds: Number(stsLimiter.waitedSeconds.toFixed(1)),
  assumeRoleSpreadSeconds: Number(assumeSpread.toFixed(2)),
};
console.log(JSON.stringify(summary));

const broken = crash !== undefined || unitsLost > 0 || sim.protocolErrorCount > 0 || net.forbidden.length > 0;
const missed = ratio > GOAL_RATIO || peakRssMb >= GOAL_RSS_MB;
process.exit(broken || (args.strict && missed) ? 1 : 0);
