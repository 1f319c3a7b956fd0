import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { StandardRetryStrategy } from "@smithy/util-retry";
import { isThrottlingError } from "./errors";

/** API calls made for one unit of work, counted per attempt (retries included). */
export type CallStats = { calls: number; throttled: number };

export const newCallStats = (): CallStats => ({ calls: 0, throttled: 0 });

export type ClientOptions = {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  /** Per attempt; the SDK retries (adaptive mode) up to maxAttempts. */
  callTimeoutMs: number;
  maxAttempts: number;
  stats?: CallStats;
  /** Shared by every client acting for one account, so its retry budget is the account's. */
  retryStrategy?: StandardRetryStrategy;
  /** Replaces the HTTP layer (benchmarks). Endpoints still come from the SDK's standard settings. */
  requestHandler?: unknown;
};

type MiddlewareClient = {
  middlewareStack: { add: (mw: never, opts: { step: "deserialize"; name: string; priority?: "high" | "low" | "normal" }) => void };
};

/**
 * The configuration every AWS client of the collector is built with: adaptive retries with backoff
 * (client-side rate limiting that slows down on throttling), a per-attempt timeout, and no explicit
 * endpoint, so AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> keep working.
 */
export function clientConfig(opts: ClientOptions) {
  return {
    region: opts.region,
    credentials: opts.credentials,
    retryStrategy: opts.retryStrategy ?? newAccountRetryStrategy(opts.maxAttempts),
    requestHandler:
      opts.requestHandler ??
      new NodeHttpHandler({ connectionTimeout: Math.min(opts.callTimeoutMs, 5_000), requestTimeout: opts.callTimeoutMs }),
  };
}

/**
 * Counts every attempt (the deserialize step runs inside the retry loop) and every throttled one.
 * High priority puts it outside the deserializer, where a throttling answer is already an error.
 */
export function countCalls<C>(client: C, stats: CallStats | undefined): C {
  if (!stats) return client;
  const mw = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    stats.calls += 1;
    try {
      return await next(args);
    } catch (err) {
      if (isThrottlingError(err)) stats.throttled += 1;
      throw err;
    }
  };
  (client as unknown as MiddlewareClient).middlewareStack.add(mw as never, { step: "deserialize", name: "postureCallStats", priority: "high" });
  return client;
}

/**
 * Retries with exponential backoff and full jitter on throttling and transient errors, and one
 * retry budget per account. Not the SDK's "adaptive" mode: its client-side rate limiter cuts the
 * send rate by 30% on every throttle and recovers over seconds, so a few percent of throttles
 * pinned each account at half of what the service allowed (bench/README.md has the numbers).
 */
export function newAccountRetryStrategy(maxAttempts: number): StandardRetryStrategy {
  return new StandardRetryStrategy(maxAttempts);
}
