import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

export type BenchArgs = {
  accounts: number;
  regions: number;
  pages: number;
  groupsPerPage: number;
  accountConcurrency: number;
  regionConcurrency: number;
  maxAttempts: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  burst: number;
  refillPerSecond: number;
  randomThrottleRate: number;
  seed: number;
  db: "auto" | "postgres" | "pglite";
  poolMax: number;
  /** Queue worker processes (server mode); 0 collects in this process (embedded mode's executor). */
  workers: number;
  /** Extra node flags for the worker processes (e.g. --cpu-prof). */
  workerNodeFlags: string[];
  verbose: boolean;
  strict: boolean;
};

export const USAGE = `npm run bench:collect -- [options]
  --accounts N              accounts in the organization (200)
  --regions N               enabled regions per account, 1–17 (17)
  --pages N                 DescribeSecurityGroups pages per region (30)
  --groups-per-page N       security groups per page (2)
  --worker-node-flags=F     extra node flags for the worker processes, e.g. --worker-node-flags="--cpu-prof"
  --account-concurrency A   accounts in flight over all workers; each worker gets POSTURE_ACCOUNT_CONCURRENCY
                            = ceil(A / workers) (default: all accounts at once)
  --region-concurrency P    POSTURE_REGION_CONCURRENCY (4)
  --max-attempts N          POSTURE_MAX_ATTEMPTS (8, the engine's default)
  --latency-min MS          (40)   --latency-max MS (80)
  --burst N                 token bucket size per account (100)
  --refill N                token bucket refill per second (20)
  --throttle-rate X         share of calls throttled at random (0.05)
  --seed N                  seed of the simulation's randomness (1)
  --db auto|postgres|pglite database (auto: a fresh Postgres database on 127.0.0.1:5432, else PGlite)
  --pool-max N              Postgres pool size, DATABASE_POOL_MAX (10, the app's default)
  --workers N               queue worker processes (\`npm run worker\`'s code) sharing the accounts through
                            Postgres; 0 collects in this process, as the embedded mode does (CPUs: ${availableParallelism()})
  --verbose                 print the engine's info logs (one line per unit)
  --strict                  exit 1 when a performance goal is missed, not only on lost units
Quick check: npm run bench:collect -- --accounts 20 --regions 5`;

/** A numeric flag's value: `fallback` when absent, else a finite number (an integer unless told) in min–max, or a RangeError naming the flag. */
export function numberFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  integer = true,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new RangeError(`--${name} must be ${integer ? "an integer" : "a number"} in ${min}–${max}, got ${raw}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      accounts: { type: "string" },
      regions: { type: "string" },
      pages: { type: "string" },
      "groups-per-page": { type: "string" },
      "account-concurrency": { type: "string" },
      "region-concurrency": { type: "string" },
      "max-attempts": { type: "string" },
      "latency-min": { type: "string" },
      "latency-max": { type: "string" },
      burst: { type: "string" },
      refill: { type: "string" },
      "throttle-rate": { type: "string" },
      seed: { type: "string" },
      db: { type: "string" },
      "pool-max": { type: "string" },
      workers: { type: "string" },
      "worker-node-flags": { type: "string" },
      verbose: { type: "boolean" },
      strict: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: keyof typeof values, fallback: number, min: number, max: number, integer = true): number =>
    numberFlag(name, values[name] as string | undefined, fallback, min, max, integer);
  const accounts = num("accounts", 200, 1, 9_999);
  const db = values.db ?? "auto";
  if (db !== "auto" && db !== "postgres" && db !== "pglite")
    throw new RangeError(`--db must be auto, postgres or pglite, got ${db}`);
  const workers = num("workers", db === "pglite" ? 0 : availableParallelism(), 0, 64);
  if (workers > 0 && db === "pglite")
    throw new RangeError("--workers needs Postgres: PGlite serves one process (use --workers 0)");
  const latencyMinMs = num("latency-min", 40, 0, 10_000);
  return {
    accounts,
    regions: num("regions", 17, 1, 17),
    pages: num("pages", 30, 1, 1_000),
    groupsPerPage: num("groups-per-page", 2, 1, 1_000),
    // The engine's settings bound these per process (lib/env.ts): account concurrency ≤ 256, region concurrency ≤ 64.
    accountConcurrency: num(
      "account-concurrency",
      Math.min(accounts, 256 * Math.max(1, workers)),
      1,
      256 * Math.max(1, workers),
    ),
    regionConcurrency: num("region-concurrency", 4, 1, 64),
    maxAttempts: num("max-attempts", 8, 1, 20),
    latencyMinMs,
    latencyMaxMs: num("latency-max", Math.max(80, latencyMinMs), latencyMinMs, 60_000),
    burst: num("burst", 100, 1, 1_000_000),
    refillPerSecond: num("refill", 20, 0.001, 1_000_000, false),
    randomThrottleRate: num("throttle-rate", 0.05, 0, 0.9, false),
    seed: num("seed", 1, 0, 2 ** 31),
    db,
    poolMax: num("pool-max", 10, 1, 200),
    workers,
    workerNodeFlags: (values["worker-node-flags"] ?? "").split(/\s+/).filter(Boolean),
    verbose: values.verbose ?? false,
    strict: values.strict ?? false,
  };
}
