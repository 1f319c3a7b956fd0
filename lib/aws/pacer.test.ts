import { describe, expect, it } from "vitest";
import { SendPacer } from "./pacer";

/** A pacer on a fake clock: `feed` records outcomes spread evenly over a span of time. */
function harness() {
  let now = 0;
  const slept: number[] = [];
  const pacer = new SendPacer({ now: () => now, sleep: async (ms) => void slept.push(ms) });
  const feed = (count: number, overMs: number, throttledEvery: number) => {
    for (let i = 0; i < count; i++) {
      now += overMs / count;
      pacer.record(throttledEvery > 0 && i % throttledEvery === 0);
    }
  };
  return { pacer, feed, slept, advance: (ms: number) => (now += ms) };
}

describe("SendPacer", () => {
  it("does not pace on the ordinary few percent of throttles", () => {
    const { pacer, feed } = harness();
    feed(200, 4_000, 20); // 5% throttled at 50 calls a second
    expect(pacer.rate).toBe(Infinity);
    expect(pacer.acquire()).toBeUndefined();
  });

  it("does not pace on a handful of calls, even if most were throttled", () => {
    const { pacer, feed } = harness();
    feed(12, 1_000, 3);
    expect(pacer.rate).toBe(Infinity);
  });

  it("paces at the rate AWS accepted once a large share is throttled, in evenly spaced slots", async () => {
    // A second where 20 of 60 calls were accepted: the bucket's refill rate.
    const { pacer, feed, slept } = harness();
    for (let i = 0; i < 60; i++) feed(1, 1_000 / 60, i % 3 === 0 ? 0 : 1);
    expect(pacer.rate).toBeGreaterThan(20);
    expect(pacer.rate).toBeLessThan(23);
    // Five callers at the same instant get slots 1/rate apart, first come first served.
    const first = pacer.acquire();
    for (let i = 0; i < 4; i++) await pacer.acquire();
    const gap = 1000 / pacer.rate;
    const firstWait = first ? slept.shift()! : 0;
    expect(slept.map((ms, k) => ms - firstWait - (k + 1) * gap).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    expect(pacer.waits).toBe(slept.length + (first ? 1 : 0));
  });

  it("takes at most 30% off at a later cut, then grows back and stops pacing when AWS throttles no more", () => {
    const { pacer, feed, advance } = harness();
    for (let i = 0; i < 60; i++) feed(1, 1_000 / 60, i % 3 === 0 ? 0 : 1);
    const paced = pacer.rate;
    // A quiet second (calls asleep in backoff): 2 accepted, 5 throttled.
    advance(1_000);
    for (let i = 0; i < 25; i++) feed(1, 1_000 / 25, i < 23 ? 1 : 0);
    expect(pacer.rate).toBeCloseTo(paced * 0.7, 5);
    // Clean seconds: +20% every half second until pacing is pointless.
    const rates: number[] = [];
    for (let s = 0; s < 40 && pacer.rate !== Infinity; s++) {
      feed(20, 500, 0);
      rates.push(pacer.rate);
    }
    expect(rates[1]! / rates[0]!).toBeCloseTo(1.2, 5);
    expect(pacer.rate).toBe(Infinity);
  });
});
