import { onAbort } from "./abort";
import { deadlineError } from "./errors";

/**
 * Paces one account's calls to one service once AWS throttles them: evenly spaced send slots at about the
 * rate AWS accepts, in arrival order, so no unit sleeps in a long backoff while the others take the tokens.
 * Attempts are paced, retries included (docs/architecture.md "Pacing").
 */
export type PacerOptions = {
  /** Pacing starts at this share of throttled attempts in a second: the usual few percent say nothing. */
  cutShare?: number;
  /** Slots run this much above the rate AWS accepted, so its bucket stays in use. */
  headroom?: number;
  /** Every `adjustEveryMs` with under half of `cutShare` throttled, the rate grows by this factor. */
  growth?: number;
  adjustEveryMs?: number;
  minRate?: number;
  /** A documented per-second limit (LookupEvents: 2): pacing starts at it and never grows past it. */
  maxRate?: number;
  /** Slots a late timer may make up for at once; 0 keeps a limited API's calls evenly spaced. */
  catchUp?: number;
  now?: () => number;
};

const WINDOW_MS = 1_000;
const MIN_THROTTLES = 5;
/** Fewer attempts than this in a second say too little to pace on: 3 random throttles of 12 calls happen. */
const MIN_ATTEMPTS = 20;
/** Slots a late timer may make up for at once. */
const CATCH_UP = 2;
/** Pacing stops when the rate grows past this many calls a second. */
const UNPACED_ABOVE = 1_000;
/** A second in which AWS accepted nothing says only "slower": the first rate is this share of what was sent. */
const BLIND_CUT = 0.25;

type Waiter = {
  resolve: () => void;
  reject: (err: Error) => void;
  queuedAt: number;
  /** Stops waiting for the unit's deadline. */
  off?: () => void;
};

export class SendPacer {
  private rateValue = Infinity;
  /** Earliest time the next call may go, and when the last one went. */
  private nextSlot = -Infinity;
  private lastSent = -Infinity;
  private lastAdjust = -Infinity;
  /** Calls waiting for a slot, first come first served. */
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
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
      maxRate: Infinity,
      catchUp: CATCH_UP,
      now: () => performance.now(),
      ...options,
    };
    this.rateValue = this.o.maxRate;
  }

  /** Calls a second while pacing; Infinity when not. */
  get rate(): number {
    return this.rateValue;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves when this call may be sent: at once (undefined) when not pacing and nobody waits.
   * A waiting call leaves the queue, rejected with an AbortError, when `signal` aborts.
   */
  acquire(signal?: AbortSignal): Promise<void> | undefined {
    const now = this.o.now();
    if (this.queue.length === 0 && now >= this.nextSlot) {
      this.sent(now);
      return undefined;
    }
    if (signal?.aborted) return Promise.reject(deadlineError("unit deadline reached while waiting to send"));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, queuedAt: now };
      if (signal) {
        waiter.off = onAbort(signal, () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(deadlineError("unit deadline reached while waiting to send"));
        });
      }
      this.queue.push(waiter);
      this.arm();
    });
  }

  private gap(): number {
    return this.rateValue === Infinity ? 0 : 1000 / this.rateValue;
  }

  private sent(at: number): void {
    this.lastSent = at;
    // Slots keep to their schedule when timers fire late (a busy event loop), catching up by at most
    // CATCH_UP slots; after a quiet spell that is also the largest burst.
    this.nextSlot = Math.max(this.nextSlot, at - this.o.catchUp * this.gap()) + this.gap();
  }

  private arm(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.release();
      },
      Math.max(0, this.nextSlot - this.o.now()),
    );
  }

  private release(): void {
    const now = this.o.now();
    while (this.queue.length > 0 && now >= this.nextSlot) {
      const waiter = this.queue.shift()!;
      waiter.off?.();
      this.waits += 1;
      this.waitedMs += now - waiter.queuedAt;
      this.sent(now);
      waiter.resolve();
    }
    this.arm();
  }

  /** Slots already promised follow a new rate at once: the next one is a new gap after the last send. */
  private rateChanged(): void {
    this.nextSlot = this.lastSent + this.gap();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.arm();
  }

  /** Records how an attempt that reached AWS ended: throttled, or not. */
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
      const estimate = accepted > 0 ? accepted * this.o.headroom : (attempts / spanSeconds) * BLIND_CUT;
      // A second of few sends (calls asleep in retry backoff) undersells the bucket: while pacing, one cut
      // takes at most 30% off, so a quiet second cannot pin the account far below what AWS accepts.
      const floor = this.rateValue === Infinity ? this.o.minRate : Math.max(this.o.minRate, this.rateValue * 0.7);
      const paced = Math.max(floor, estimate);
      this.lastAdjust = now;
      if (paced < this.rateValue) {
        this.rateValue = paced;
        this.rateChanged();
      }
    } else if (this.rateValue < this.o.maxRate && share < this.o.cutShare / 2) {
      this.rateValue = Math.min(this.o.maxRate, this.rateValue * this.o.growth);
      if (this.rateValue > UNPACED_ABOVE) this.rateValue = Infinity;
      this.lastAdjust = now;
      this.rateChanged();
    }
  }
}
