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
 * The configuration of every AWS client of the collector. No explicit endpoint, so AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> keep working; `cacheMiddleware` resolves the middleware stack once per
 * command class rather than per call (sendsWithUnitSignal keeps calls that carry options on it).
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
 * One signer per auth scheme: the SDK's default builds a SignatureV4 per request, copying the client's
 * configuration and losing its cache of derived keys. A signer depends only on the scheme's name, signing
 * name and region; credentials are read at signing time, so renewals still apply (bench/README.md).
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
 * The SDK reuses its resolved middleware only for calls sent without options. Readers pass the unit's
 * signal with every call; where the client's request handler already carries that signal (clientConfig's
 * abortSignal), such a call is sent without options, so the cache holds (bench/README.md).
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
 * Backoff of the account's retries, short after throttles: the account's SendPacer spaces its calls at the
 * rate AWS accepts, and a call in a long sleep only leaves its unit finishing alone after the rest. The SDK
 * says which kind of error it is through the delay base it sets (its throttling base, or ours).
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
 * Retries with full-jitter backoff and one retry budget per account. Not the SDK's "adaptive" mode: its
 * rate limiter held accounts far below what AWS allowed on a few percent of random throttles
 * (bench/README.md); the account's SendPacer does that job instead.
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
 * Remembers the signer's last derived key: SignatureV4's process-wide cache of 50 keys costs an HMAC per
 * lookup and thrashes with hundreds of account × region clients. A signer serves one region and service,
 * so it derives again only when the credentials, the day or the scope change (bench/README.md).
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
