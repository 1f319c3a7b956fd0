import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SendPacer } from "./pacer";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A pacer on the fake clock; `feed` records `count` outcomes spread evenly over `overMs`. */
function harness() {
  const pacer = new SendPacer({ now: () => Date.now() });
  const feed = (count: number, overMs: number, throttled: (i: number) => boolean) => {
    for (let i = 0; i < count; i++) {
      vi.advanceTimersByTime(overMs / count);
      pacer.record(throttled(i));
    }
  };
  return { pacer, feed };
}

/** Acquires `n` slots at once and returns when each was granted, in ms from now. */
async function grants(pacer: SendPacer, n: number, signal?: AbortSignal) {
  const start = Date.now();
  const at: number[] = [];
  const all = Array.from({ length: n }, (_, k) =>
    Promise.resolve(pacer.acquire(signal)).then(
      () => void (at[k] = Date.now() - start),
      () => void (at[k] = -1),
    ),
  );
  await vi.advanceTimersByTimeAsync(60_000);
  await Promise.all(all);
  return at;
}

const bucketEmpty = (i: number) => i % 3 !== 0; // AWS accepts one call in three

describe("SendPacer", () => {
  it("does not pace on the ordinary few percent of throttles", () => {
    const { pacer, feed } = harness();
    feed(200, 4_000, (i) => i % 20 === 0); // 5% throttled at 50 calls a second
    expect(pacer.rate).toBe(Infinity);
    expect(pacer.acquire()).toBeUndefined();
  });

  it("does not pace on a handful of calls, even if most were throttled", () => {
    const { pacer, feed } = harness();
    feed(12, 1_000, (i) => i % 3 !== 0);
    expect(pacer.rate).toBe(Infinity);
  });

  it("paces at the rate AWS accepted once a large share is throttled, in evenly spaced slots, first come first served", async () => {
    const { pacer, feed } = harness();
    feed(60, 1_000, bucketEmpty); // 20 of 60 accepted in a second: the bucket's refill rate
    expect(pacer.rate).toBeGreaterThan(20);
    expect(pacer.rate).toBeLessThan(23);
    const gap = 1000 / pacer.rate;
    const at = await grants(pacer, 8);
    // After a quiet spell up to two slots' catch-up go at once; from then on one per gap.
    for (let k = 4; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBeGreaterThanOrEqual(Math.floor(gap));
    expect(at[7]! - at[0]!).toBeGreaterThanOrEqual(Math.floor(5 * gap));
    expect(at[7]! - at[0]!).toBeLessThanOrEqual(Math.ceil(7 * gap) + 1);
    expect(pacer.waits).toBeGreaterThanOrEqual(5);
  });

  it("lets a waiting call go when its unit's deadline passes, without holding up the others", async () => {
    const { pacer, feed } = harness();
    feed(60, 1_000, bucketEmpty);
    const unit = new AbortController();
    while (pacer.acquire() === undefined); // takes the current slots, up to the catch-up
    const late = pacer.acquire(unit.signal)!;
    const other = pacer.acquire()!;
    unit.abort();
    await expect(late).rejects.toMatchObject({ name: "AbortError" });
    expect(pacer.waiting).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await other;
    expect(pacer.waiting).toBe(0);
  });

  it("takes at most 30% off at a later cut, then grows back and stops pacing when AWS throttles no more", () => {
    const { pacer, feed } = harness();
    feed(60, 1_000, bucketEmpty);
    const paced = pacer.rate;
    // A quiet second (calls asleep in backoff): 23 of 25 throttled.
    vi.advanceTimersByTime(1_000);
    feed(25, 1_000, (i) => i < 23);
    expect(pacer.rate).toBeCloseTo(paced * 0.7, 5);
    // Clean seconds: +20% every half second until pacing is pointless.
    const rates: number[] = [];
    for (let s = 0; s < 40 && pacer.rate !== Infinity; s++) {
      feed(20, 500, () => false);
      rates.push(pacer.rate);
    }
    expect(rates[1]! / rates[0]!).toBeCloseTo(1.2, 5);
    expect(pacer.rate).toBe(Infinity);
  });

  it("does not stall when AWS accepted nothing: it paces at a quarter of what was sent", () => {
    const { pacer, feed } = harness();
    feed(40, 1_000, () => true); // everything throttled: 40 sent a second, none accepted
    expect(pacer.rate).toBeGreaterThan(9.5);
    expect(pacer.rate).toBeLessThan(11);
    const first = pacer.rate;
    // Twelve calls queue: all go within twelve slots at that rate, not at the 0.5/s floor.
    for (let i = 0; i < 12; i++) void pacer.acquire();
    const cutAt = Date.now();
    while (pacer.waiting > 0 && Date.now() - cutAt < 60_000) vi.advanceTimersByTime(10);
    expect(Date.now() - cutAt).toBeLessThanOrEqual(Math.ceil((12 * 1000) / first) + 10);
  });
});
