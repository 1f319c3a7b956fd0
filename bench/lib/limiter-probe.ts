/**
 * Measures the SDK's client-side rate limiter (adaptive retry mode) without changing it: each retry
 * strategy's `rateLimiter.getSendToken` is wrapped to time how long calls wait for a send token and
 * to read the fill rate the limiter had settled on. These are SDK internals (DefaultRateLimiter's
 * private fields); when they are absent the probe reports nothing.
 */
type LimiterInternals = { getSendToken: () => Promise<void>; enabled?: boolean; fillRate?: number };

export type LimiterFigures = { strategies: number; throttledOnce: number; sends: number; delayedSends: number; waitedSeconds: number; fillRateMedian: number | undefined };

export class LimiterProbe {
  private readonly seen = new WeakSet<object>();
  private readonly limiters: LimiterInternals[] = [];
  private sends = 0;
  private delayed = 0;
  private waitedMs = 0;
  private readonly fillRates: number[] = [];

  attach(strategy: unknown): void {
    const limiter = (strategy as { rateLimiter?: LimiterInternals } | undefined)?.rateLimiter;
    if (!limiter || typeof limiter.getSendToken !== "function" || this.seen.has(limiter)) return;
    this.seen.add(limiter);
    this.limiters.push(limiter);
    const original = limiter.getSendToken.bind(limiter);
    limiter.getSendToken = async () => {
      const start = performance.now();
      await original();
      const waited = performance.now() - start;
      this.sends += 1;
      if (waited >= 1) {
        this.delayed += 1;
        this.waitedMs += waited;
      }
      if (limiter.enabled && typeof limiter.fillRate === "number" && this.sends % 10 === 0) this.fillRates.push(limiter.fillRate);
    };
  }

  figures(): LimiterFigures {
    const sorted = [...this.fillRates].sort((a, b) => a - b);
    return {
      strategies: this.limiters.length,
      throttledOnce: this.limiters.filter((l) => l.enabled).length,
      sends: this.sends,
      delayedSends: this.delayed,
      waitedSeconds: this.waitedMs / 1000,
      fillRateMedian: sorted.length ? sorted[Math.floor(sorted.length / 2)] : undefined,
    };
  }
}
