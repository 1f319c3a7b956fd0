import { allChecks } from "@/lib/checks/registry";
import { collectorSettings, type CollectorSettings } from "@/lib/collector/settings";
import { parseEnv, type Env } from "@/lib/env";
import { TAG_CONCURRENCY } from "@/lib/aws/organizations/organizations";
import type { BenchArgs } from "./args";
import { lowerBound, type Bound } from "./bound";
import { buildOrg, SIMULATED_INVENTORY, type OrgModel } from "./org-model";
import { seededRng } from "./rng";
import { SimulatedAws } from "./sim-aws";

/** Page size of the simulated Organizations list operations. */
export const LIST_PAGE_SIZE = 20;

/** The organization every process of a run simulates; built from the arguments alone, so each process builds the same. */
export function benchOrg(args: BenchArgs): OrgModel {
  return buildOrg({
    accounts: args.accounts,
    regions: args.regions,
    pages: args.pages,
    groupsPerPage: args.groupsPerPage,
  });
}

/** A simulator for one process; each process draws from its own seed (the coordinator `seed`, worker k `seed + 1 + k`). */
export function benchSimulator(args: BenchArgs, org: OrgModel, seed: number): SimulatedAws {
  return new SimulatedAws(org, {
    latencyMs: { min: args.latencyMinMs, max: args.latencyMaxMs },
    bucket: { burst: args.burst, refillPerSecond: args.refillPerSecond },
    randomThrottleRate: args.randomThrottleRate,
    listPageSize: LIST_PAGE_SIZE,
    rng: seededRng(seed),
  });
}

/** The engine's environment, validated by the app's own parser and built here rather than read from the shell. */
export function benchEnv(args: BenchArgs, extra: Record<string, string> = {}): Env {
  return parseEnv({
    AWS_REGION: "us-east-1",
    POSTURE_ACCOUNT_CONCURRENCY: String(args.accountConcurrency),
    POSTURE_REGION_CONCURRENCY: String(args.regionConcurrency),
    POSTURE_MAX_ATTEMPTS: String(args.maxAttempts),
    DATABASE_POOL_MAX: String(args.poolMax),
    POSTURE_SCHEDULE: "off",
    POSTURE_DEMO: "off",
    ...extra,
  });
}

/** The hub clients carry the simulator's static hub credentials (bench/lib/aws-factory.ts). */
export function benchSettings(env: Env): CollectorSettings {
  return { ...collectorSettings(env), hubCredentials: "configured" };
}

/**
 * Only the catalogue's checks whose inventory the simulator serves run (through the engine's own
 * `only`), so the workload stays what the simulator models as the catalogue grows.
 */
export const benchChecks = (): string[] =>
  allChecks.filter((c) => c.requires.every((k) => SIMULATED_INVENTORY.has(k))).map((c) => c.id);

/** The lower bound of a run of this workload with `accountConcurrency` accounts in flight over all processes. */
export function benchBound(args: BenchArgs, org: OrgModel, accountConcurrency: number): Bound {
  return lowerBound({
    accounts: args.accounts,
    regions: args.regions,
    pages: args.pages,
    burst: args.burst,
    refillPerSecond: args.refillPerSecond,
    latencyMinMs: args.latencyMinMs,
    accountConcurrency,
    regionConcurrency: args.regionConcurrency,
    listPageSize: LIST_PAGE_SIZE,
    ouSizes: org.ous.map((o) => o.accountIds.length),
    tagConcurrency: TAG_CONCURRENCY,
  });
}
