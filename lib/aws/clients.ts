import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandler, HttpRequest } from "@smithy/protocol-http";
import type { HttpHandlerOptions } from "@smithy/types";
import { StandardRetryStrategy } from "@smithy/util-retry";
import { sharedAbortSignal, type SharedAbortSignal } from "./abort";
import { isAbortError, isThrottlingError } from "./errors";
import type { SendPacer } from "./pacer";

/** API calls made for one unit of work, counted per attempt (retries included). */
export type CallStats = { calls: number; throttled: number };

export const newCallStats = (): CallStats => ({ calls: 0, throttled: 0 });

export type ClientOptions = {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  /** Per attempt; the SDK retries up to maxAttempts. */
  callTimeoutMs: number;
  maxAttempts: number;
  stats?: CallStats;
  /** Shared by every client acting for one account, so its retry budget is the account's. */
  retryStrategy?: StandardRetryStrategy;
  /** Replaces the HTTP layer (benchmarks). Endpoints still come from the SDK's standard settings. */
  requestHandler?: unknown;
  /** A unit's deadline: every request of the client is sent with it, so an attempt after the deadline ends at once. */
  abortSignal?: AbortSignal;
};

type MiddlewareClient = {
  middlewareStack: {
    add: (mw: never, opts: { step: "deserialize"; name: string; priority?: "high" | "low" | "normal" }) => void;
  };
};

/**
 * The configuration every AWS client of the collector is built with: retries with backoff, a
 * per-attempt timeout, no explicit endpoint (so AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
 * keep working), and the middleware stack resolved once per command class instead of on every
 * call (`cacheMiddleware`; see sendsWithUnitSignal for the calls that carry options).
 */
export function clientConfig(opts: ClientOptions) {
  const handler = (opts.requestHandler ??
    new NodeHttpHandler({
      connectionTimeout: Math.min(opts.callTimeoutMs, 5_000),
      requestTimeout: opts.callTimeoutMs,
    })) as HttpHandler<HttpHandlerOptions>;
  return {
    region: opts.region,
    credentials: opts.credentials,
    retryStrategy: opts.retryStrategy ?? newAccountRetryStrategy(opts.maxAttempts),
    requestHandler: opts.abortSignal ? new SignalledHandler(handler, opts.abortSignal) : handler,
    cacheMiddleware: true,
  };
}

/**
 * Sends every request with a fixed abort signal unless the call brought another one; through
 * sharedAbortSignal, so requests in flight add no listener each. Wraps a handler that may be
 * shared, so destroying one client leaves it alone.
 */
class SignalledHandler implements HttpHandler<HttpHandlerOptions> {
  private readonly shared: SharedAbortSignal;
  constructor(
    private readonly inner: HttpHandler<HttpHandlerOptions>,
    private readonly signal: AbortSignal,
  ) {
    this.shared = sharedAbortSignal(signal);
  }
  get metadata() {
    return this.inner.metadata;
  }
  handle(request: HttpRequest, options: HttpHandlerOptions = {}) {
    const own = options.abortSignal;
    if (own && own !== this.signal) return this.inner.handle(request, options);
    return this.inner.handle(request, { ...options, abortSignal: this.shared });
  }
  updateHttpClientConfig(key: keyof HttpHandlerOptions, value: HttpHandlerOptions[typeof key]) {
    this.inner.updateHttpClientConfig(key, value);
  }
  httpHandlerConfigs() {
    return this.inner.httpHandlerConfigs();
  }
  destroy() {}
}

type SignerConfig = { config?: { signer?: unknown } };

/**
 * The SDK asks its `signer(authScheme)` for a signer on every request, and its default builds a new
 * SignatureV4 each time, copying the whole client configuration and losing the signer's cache of
 * derived signing keys (four HMACs per request). The signer depends only on the auth scheme's
 * name, signing name and region (credentials are read at signing time, so renewals still apply), so
 * one is kept per scheme. About 5% of the collector's CPU per call (bench/README.md).
 */
export function reuseSigners<C>(client: C): C {
  const config = (client as SignerConfig).config;
  const make = config?.signer;
  if (!config || typeof make !== "function") return client;
  const signers = new Map<string, Promise<unknown>>();
  config.signer = (authScheme?: {
    name?: string;
    signingName?: string;
    signingRegion?: string;
    signingRegionSet?: string[];
  }) => {
    const key = [
      authScheme?.name,
      authScheme?.signingName,
      authScheme?.signingRegion,
      authScheme?.signingRegionSet?.join(","),
    ].join("|");
    let signer = signers.get(key);
    if (!signer) {
      signer = Promise.resolve((make as (scheme: unknown) => unknown)(authScheme)).then(keepLastSigningKey);
      signers.set(key, signer);
      signer.catch(() => signers.delete(key));
    }
    return signer;
  };
  return client;
}

type Sendable = { send: (command: unknown, options?: unknown, cb?: unknown) => unknown };

/**
 * The SDK reuses its resolved middleware only for calls sent without options, and drops the cache
 * whenever a call brings some. Readers pass the unit's abort signal with every call; on a client
 * whose request handler already carries that same signal (clientConfig's abortSignal), such a call
 * is sent without options. Resolving the middleware stack anew cost about 15% of the collector's
 * CPU per call (bench/README.md).
 */
export function sendsWithUnitSignal<C>(client: C, signal: AbortSignal): C {
  const c = client as unknown as Sendable;
  const send = c.send.bind(c);
  c.send = (command, options, cb) => {
    const onlySignal =
      typeof options === "object" &&
      options !== null &&
      Object.keys(options).length === 1 &&
      (options as HttpHandlerOptions).abortSignal === signal;
    return onlySignal && cb === undefined ? send(command) : send(command, options, cb);
  };
  return client;
}

/**
 * Counts every attempt (the deserialize step runs inside the retry loop) and every throttled one,
 * and, with the account's pacer, waits for a send slot before each attempt and tells the pacer how
 * it ended. High priority puts it outside the deserializer, where a throttling answer is already an error.
 */
export function countCalls<C>(client: C, stats: CallStats | undefined, pacer?: SendPacer, signal?: AbortSignal): C {
  if (!stats) return client;
  const mw = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    const slot = pacer?.acquire(signal);
    if (slot) await slot;
    stats.calls += 1;
    try {
      const out = await next(args);
      pacer?.record(false);
      return out;
    } catch (err) {
      const throttled = isThrottlingError(err);
      if (throttled) stats.throttled += 1;
      // An attempt aborted at the unit's deadline never told anything about AWS's rate.
      if (!isAbortError(err)) pacer?.record(throttled);
      throw err;
    }
  };
  (client as unknown as MiddlewareClient).middlewareStack.add(mw as never, {
    step: "deserialize",
    name: "postureCallStats",
    priority: "high",
  });
  return client;
}

/** Base of the backoff after errors other than throttling (ms); the SDK's own default is 50. */
const RETRY_BASE_MS = 100;
/** After a throttle: full jitter over 250 ms · 2^retry, at most 2 s (the SDK's: 1 s · 2^retry, up to 20 s). */
const THROTTLE_BASE_MS = 250;
const THROTTLE_CAP_MS = 2_000;
const RETRY_CAP_MS = 20_000;

/**
 * Backoff of the account's retries. A throttled call no longer sleeps up to 4–20 s after a few
 * throttles in a row (the SDK's curve): the account's SendPacer spaces its calls at the rate AWS
 * accepts, and one call in a long sleep only left its unit finishing alone, seconds after the rest.
 * The SDK tells the strategy which kind of error it is through the delay base it sets: its throttling
 * base for throttles, this strategy's own base for the others.
 */
export class AccountBackoff {
  private base = RETRY_BASE_MS;
  constructor(private readonly random: () => number = Math.random) {}
  setDelayBase(delayBase: number): void {
    this.base = delayBase;
  }
  computeNextBackoffDelay(retryCount: number): number {
    const throttled = this.base !== RETRY_BASE_MS;
    const ceiling = throttled
      ? Math.min(THROTTLE_CAP_MS, THROTTLE_BASE_MS * 2 ** retryCount)
      : Math.min(RETRY_CAP_MS, this.base * 2 ** retryCount);
    return Math.floor(this.random() * ceiling);
  }
}

/**
 * Retries with exponential backoff and full jitter on throttling and transient errors, and one
 * retry budget per account. Not the SDK's "adaptive" mode: its client-side rate limiter cuts the
 * send rate by 30% on every throttle and recovers over seconds, so a few percent of throttles
 * pinned each account at half of what the service allowed (bench/README.md has the numbers). The
 * account's SendPacer does that job instead.
 */
export function newAccountRetryStrategy(maxAttempts: number): StandardRetryStrategy {
  return new StandardRetryStrategy({ maxAttempts, baseDelay: RETRY_BASE_MS, backoff: new AccountBackoff() });
}

type SigningCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type KeyDeriving = {
  getSigningKey?: (
    credentials: SigningCredentials,
    region: string,
    shortDate: string,
    service?: string,
  ) => Promise<Uint8Array>;
};

/**
 * SignatureV4 derives its signing key through a process-wide cache of 50 keys, keyed by an HMAC of
 * the credentials: one HMAC per request even on a hit, and five when hundreds of account × region
 * clients push each other out (they always do in a collection). One signer serves one client's
 * scheme (one region and service), so it remembers its last key and derives again only when the
 * credentials (a renewal), the day or the scope change. About 5% of the collector's CPU per call.
 */
export function keepLastSigningKey<S>(signer: S): S {
  const s = signer as KeyDeriving;
  const derive = s.getSigningKey?.bind(s);
  if (!derive) return signer;
  let last:
    | (SigningCredentials & { region: string; shortDate: string; service?: string; key: Promise<Uint8Array> })
    | undefined;
  s.getSigningKey = (credentials, region, shortDate, service) => {
    if (
      last &&
      last.shortDate === shortDate &&
      last.region === region &&
      last.service === service &&
      last.accessKeyId === credentials.accessKeyId &&
      last.secretAccessKey === credentials.secretAccessKey &&
      last.sessionToken === credentials.sessionToken
    ) {
      return last.key;
    }
    const key = derive(credentials, region, shortDate, service);
    last = {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      region,
      shortDate,
      service,
      key,
    };
    // A failed derivation is not remembered.
    key.catch(() => {
      if (last?.key === key) last = undefined;
    });
    return key;
  };
  return signer;
}
