import "server-only";
import { checks } from "@/lib/checks/registry";
import type { Db } from "@/lib/db/types";
import type { Env } from "@/lib/env";
import { createAwsFactory, type AwsFactory } from "./aws";
import type { CollectDeps } from "./collect-account";
import { Limiter } from "./limiter";
import { collectorSettings, type CollectorSettings } from "./settings";

/** Everything a collection needs, from the validated environment; tests override single parts. */
export function createCollectDeps(db: Db, env: Env, overrides: { aws?: AwsFactory; settings?: Partial<CollectorSettings> } = {}): CollectDeps {
  const settings = { ...collectorSettings(env), ...overrides.settings };
  return {
    db,
    settings,
    aws: overrides.aws ?? createAwsFactory(settings),
    checks,
    overall: new Limiter(settings.accountConcurrency * settings.regionConcurrency),
  };
}
