/**
 * A sliding window of failures per key in this process's memory (each web instance counts alone).
 * Bounded: a key keeps its `limit` latest failures; past `maxKeys` the least recent key goes.
 */
export class FailureLimiter {
  // Insertion order is recency order: a key is moved to the end each time it fails.
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Failures of `key` in the window (attempts in flight included). */
  count(key: string): number {
    return this.prune(key).length;
  }

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const recent = this.prune(key);
    if (recent.length < this.limit) return 0;
    // recent holds the `limit` latest failures: the key is let in again when the oldest of them expires.
    return recent[0]! + this.windowMs - this.now();
  }

  fail(key: string): void {
    this.record(key);
  }

  /**
   * Counts an attempt as a failure before it is checked, and returns the function that takes it
   * back if it succeeds. Taken synchronously, so simultaneous attempts cannot all pass a check that
   * is only recorded after an `await` (issue 16: 160 of 200 concurrent guesses were verified).
   */
  begin(key: string): () => void {
    const at = this.record(key);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const recent = this.failures.get(key);
      const i = recent?.lastIndexOf(at) ?? -1;
      if (i >= 0) recent!.splice(i, 1);
      if (recent?.length === 0) this.failures.delete(key);
    };
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Keys currently tracked (for tests and the memory bound). */
  get size(): number {
    return this.failures.size;
  }

  private record(key: string): number {
    const at = this.now();
    const recent = this.prune(key);
    recent.push(at);
    if (recent.length > this.limit) recent.splice(0, recent.length - this.limit);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.evict();
    return at;
  }

  private prune(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }

  private evict() {
    const cutoff = this.now() - this.windowMs;
    for (const [key, times] of this.failures) if (times.at(-1)! <= cutoff) this.failures.delete(key);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
