import "server-only";
import { checks, orgChecks } from "@/lib/checks/registry";
import type { Db } from "@/lib/db/types";
import type { Env } from "@/lib/env";
import { createAwsFactory, type AwsFactory } from "@/lib/aws/factory";
import { heartbeatEveryMs, RunHeartbeats } from "./heartbeat";
import type { CollectDeps } from "./collect-account";
import { Limiter } from "@/lib/concurrency";
import { collectorSettings, type CollectorSettings } from "./settings";

/** Everything a collection needs, from the validated environment; tests override single parts. */
export function createCollectDeps(
  db: Db,
  env: Env,
  overrides: { aws?: AwsFactory; settings?: Partial<CollectorSettings>; only?: readonly string[] } = {},
): CollectDeps {
  const settings = { ...collectorSettings(env), ...overrides.settings };
  // `only` narrows the catalogue to some check ids (tests of the engine itself).
  const keep = <C extends { id: string }>(list: readonly C[]) =>
    overrides.only ? list.filter((c) => overrides.only!.includes(c.id)) : list;
  return {
    db,
    settings,
    aws: overrides.aws ?? createAwsFactory(settings),
    checks: keep(checks),
    orgChecks: keep(orgChecks),
    overall: new Limiter(settings.accountConcurrency * settings.regionConcurrency),
    heartbeats: RunHeartbeats.forDatabase(db, heartbeatEveryMs(settings.stuckAfterMs, settings.claimTimeoutMs)),
  };
}
