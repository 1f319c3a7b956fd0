/**
 * Paces one account's calls when AWS says it is calling too fast.
 *
 * AWS throttles with token buckets (EC2's Describe* calls: a burst of 100, refilled at 20 a second).
 * Retrying each throttled call with its own exponential backoff keeps the bucket busy, but it is
 * unfair: a call that is throttled three times in a row sleeps for seconds while the account's other
 * units take the tokens, and that unit ends long after the rest (bench/README.md). The pacer makes the
 * account's calls queue for evenly spaced send slots instead, at about the rate AWS has been
 * accepting, so they share the bucket in arrival order and few are throttled at all.
 *
 * - Not pacing at first: nothing waits until throttles are at least `cutShare` (20%) of the last
 *   second's attempts (at least 5 of at least 20), so the ordinary few percent of throttles, which
 *   say nothing about the rate, change nothing.
 * - Then: slots at the rate the last second's calls were accepted, plus `headroom`, so the bucket
 *   stays in use; a later cut takes at most 30% off the rate.
 * - Every `adjustEveryMs` with under half that share throttled, the rate grows by `growth` (in
 *   between it holds); far above anything AWS accepts, pacing stops.
 *
 * One pacer per account, shared by all its clients (like its retry budget). It counts attempts, so
 * retries are paced too.
 */
export type PacerOptions = {
  cutShare?: number;
  headroom?: number;
  growth?: number;
  adjustEveryMs?: number;
  minRate?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const WINDOW_MS = 1_000;
const MIN_THROTTLES = 5;
/** Fewer attempts than this in a second say too little to pace on: 3 random throttles of 12 calls happen. */
const MIN_ATTEMPTS = 20;
/** Pacing stops when the rate grows past this many calls a second. */
const UNPACED_ABOVE = 1_000;

export class SendPacer {
  private rateValue = Infinity;
  private nextSlot = 0;
  private lastAdjust = -Infinity;
  /** Outcomes of the last WINDOW_MS: times, and whether each was throttled. */
  private readonly times: number[] = [];
  private readonly throttled: boolean[] = [];
  private readonly o: Required<PacerOptions>;
  /** How many sends waited for a slot, and for how long in all (ms). */
  waits = 0;
  waitedMs = 0;

  constructor(options: PacerOptions = {}) {
    this.o = {
      cutShare: 0.2,
      headroom: 1.05,
      growth: 1.2,
      adjustEveryMs: 500,
      minRate: 0.5,
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  /** Calls a second while pacing; Infinity when not. */
  get rate(): number {
    return this.rateValue;
  }

  /** Resolves when this call may be sent (at once when not pacing). */
  acquire(): Promise<void> | undefined {
    if (this.rateValue === Infinity) return undefined;
    const now = this.o.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rateValue;
    const wait = slot - now;
    if (wait < 1) return undefined;
    this.waits += 1;
    this.waitedMs += wait;
    return this.o.sleep(wait);
  }

  /** Records how an attempt ended: throttled by AWS, or not. */
  record(wasThrottled: boolean): void {
    const now = this.o.now();
    this.times.push(now);
    this.throttled.push(wasThrottled);
    while (this.times.length > 0 && this.times[0]! < now - WINDOW_MS) {
      this.times.shift();
      this.throttled.shift();
    }
    if (now - this.lastAdjust < this.o.adjustEveryMs) return;
    const attempts = this.times.length;
    const throttles = this.throttled.reduce((n, t) => n + (t ? 1 : 0), 0);
    const share = attempts === 0 ? 0 : throttles / attempts;
    if (attempts >= MIN_ATTEMPTS && throttles >= MIN_THROTTLES && share >= this.o.cutShare) {
      const spanSeconds = Math.max(0.25, (now - this.times[0]!) / 1000);
      const accepted = (attempts - throttles) / spanSeconds;
      // A second of few sends (calls asleep in retry backoff) undersells the bucket: while pacing, one cut
      // takes at most 30% off, so a quiet second cannot pin the account far below what AWS accepts.
      const floor = this.rateValue === Infinity ? this.o.minRate : Math.max(this.o.minRate, this.rateValue * 0.7);
      const paced = Math.max(floor, accepted * this.o.headroom);
      if (paced < this.rateValue) {
        this.rateValue = paced;
        this.nextSlot = Math.max(this.nextSlot, now);
      }
      this.lastAdjust = now;
    } else if (this.rateValue !== Infinity && share < this.o.cutShare / 2) {
      this.rateValue *= this.o.growth;
      if (this.rateValue > UNPACED_ABOVE) this.rateValue = Infinity;
      this.lastAdjust = now;
    }
  }
}
