import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import type { HttpHandler } from "@smithy/protocol-http";
import { StandardRetryStrategy } from "@smithy/util-retry";
import { clientConfig } from "@/lib/aws/clients";
import { createAwsFactory, type AwsFactory } from "@/lib/collector/aws";
import type { CollectorSettings } from "@/lib/collector/settings";
import type { LimiterProbe } from "./limiter-probe";

/** The hub identity the simulated AWS sees; any key that is not an assumed role's. */
export const HUB_CREDENTIALS = { accessKeyId: "AKIABENCHHUB00000000", secretAccessKey: "bench-hub-secret" };

/**
 * "engine": the engine's retry strategies, untouched. "standard": a what-if, not the engine's
 * behaviour: each strategy the engine creates (one per account, one per hub client) is replaced by
 * the SDK's StandardRetryStrategy with the same maxAttempts (backoff and retry quota, no client-side
 * rate limiter), still shared the way the engine shares it.
 */
export type RetryMode = "engine" | "standard";

/**
 * The engine's own factory (createAwsFactory) with every client's HTTP layer replaced by the
 * simulator. Account clients are exactly the engine's. Hub clients are built with the same
 * clientConfig, but with static hub credentials: the engine gives them the SDK's default credential
 * chain, which would read the environment and could end at the EC2 metadata endpoint (a socket to
 * 169.254.169.254), and the benchmark must not open sockets.
 */
export function benchAwsFactory(settings: CollectorSettings, handler: HttpHandler, opts: { retry: RetryMode; stsProbe: LimiterProbe; organizationsProbe: LimiterProbe; accountProbe: LimiterProbe }): AwsFactory {
  const engine = createAwsFactory(settings, { requestHandler: handler });
  const replaced = new WeakMap<object, StandardRetryStrategy>();
  const strategy = (original: StandardRetryStrategy): StandardRetryStrategy => {
    if (opts.retry === "engine") return original;
    let standard = replaced.get(original);
    if (!standard) replaced.set(original, (standard = new StandardRetryStrategy(settings.maxAttempts)));
    return standard;
  };
  const hubConfig = (region: string, probe: LimiterProbe) => {
    const cfg = clientConfig({ region, credentials: async () => HUB_CREDENTIALS, callTimeoutMs: settings.callTimeoutMs, maxAttempts: settings.maxAttempts, requestHandler: handler });
    const retryStrategy = strategy(cfg.retryStrategy);
    probe.attach(retryStrategy);
    return { ...cfg, retryStrategy };
  };
  let sts: STSClient | undefined;
  let orgs: OrganizationsClient | undefined;
  return {
    hubSts: () => (sts ??= new STSClient(hubConfig(settings.homeRegion, opts.stsProbe) as never)),
    hubOrganizations: () => (orgs ??= new OrganizationsClient(hubConfig("us-east-1", opts.organizationsProbe) as never)),
    account: (credentials, stats, retry, signal) => {
      const used = retry && strategy(retry);
      opts.accountProbe.attach(used);
      return engine.account(credentials, stats, used, signal);
    },
  };
}
