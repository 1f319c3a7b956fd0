/**
 * The service-side rate limit of one account: `capacity` tokens (the burst), refilled continuously at
 * `refillPerSecond`. It starts full. A call that finds it empty is rejected and takes no token.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token if there is one; `now` is in milliseconds (performance.now()). */
  tryTake(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
