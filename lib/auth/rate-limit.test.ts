import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit";

const WINDOW = 15 * 60_000;

/** A limiter on a clock the test moves by hand. */
function limiter(limit = 3, windowMs = WINDOW) {
  const clock = { now: 1_700_000_000_000 };
  const l = new FailureLimiter(limit, windowMs, () => clock.now);
  return { l, clock, advance: (ms: number) => void (clock.now += ms) };
}

describe("FailureLimiter", () => {
  it("lets a key try until it has failed `limit` times within the window", () => {
    const { l } = limiter(3);
    expect(l.retryAfter("203.0.113.7")).toBe(0);
    l.fail("203.0.113.7");
    l.fail("203.0.113.7");
    expect(l.retryAfter("203.0.113.7")).toBe(0);
    l.fail("203.0.113.7");
    expect(l.retryAfter("203.0.113.7")).toBe(WINDOW);
  });

  it("counts each key on its own", () => {
    const { l } = limiter(2);
    l.fail("admin");
    l.fail("admin");
    expect(l.retryAfter("admin")).toBeGreaterThan(0);
    expect(l.retryAfter("someone-else")).toBe(0);
    l.fail("someone-else");
    expect(l.retryAfter("someone-else")).toBe(0);
  });

  it("reports how long until the oldest failure leaves the window", () => {
    const { l, advance } = limiter(3);
    l.fail("k"); // t = 0
    advance(60_000);
    l.fail("k"); // t = 1 min
    advance(60_000);
    l.fail("k"); // t = 2 min
    expect(l.retryAfter("k")).toBe(WINDOW - 2 * 60_000);
    advance(5 * 60_000);
    expect(l.retryAfter("k")).toBe(WINDOW - 7 * 60_000);
  });

  it("slides: once the oldest failure is a window old, one more try is allowed, and only one", () => {
    const { l, advance } = limiter(3);
    l.fail("k"); // t = 0
    advance(60_000);
    l.fail("k"); // t = 1 min
    l.fail("k"); // t = 1 min
    advance(WINDOW - 60_000 - 1); // 1 ms before the first failure expires
    expect(l.retryAfter("k")).toBe(1);
    advance(1); // the first failure is now exactly a window old
    expect(l.retryAfter("k")).toBe(0);
    l.fail("k"); // three in the window again
    expect(l.retryAfter("k")).toBe(60_000);
    advance(60_000); // both 1-minute failures expire together
    expect(l.retryAfter("k")).toBe(0);
  });

  it("forgets everything a window after the last failure", () => {
    const { l, advance } = limiter(2);
    l.fail("k");
    l.fail("k");
    l.fail("k");
    advance(WINDOW);
    expect(l.retryAfter("k")).toBe(0);
    l.fail("k");
    expect(l.retryAfter("k")).toBe(0);
  });

  it("keeps counting failures made while blocked", () => {
    const { l, advance } = limiter(2);
    l.fail("k"); // t = 0
    advance(10 * 60_000);
    l.fail("k"); // t = 10 min: blocked until t = 15 min
    l.fail("k"); // a blocked attempt still counts
    advance(5 * 60_000); // the t = 0 failure expires, two t = 10 min ones remain
    expect(l.retryAfter("k")).toBe(10 * 60_000);
  });

  it("reset clears a key at once (a successful sign-in), and only that key", () => {
    const { l } = limiter(2);
    for (const key of ["admin", "other"]) {
      l.fail(key);
      l.fail(key);
    }
    l.reset("admin");
    expect(l.retryAfter("admin")).toBe(0);
    expect(l.retryAfter("other")).toBeGreaterThan(0);
    l.fail("admin");
    expect(l.retryAfter("admin")).toBe(0);
  });

  it("a limit of 1 blocks after the first failure", () => {
    const { l } = limiter(1, 1000);
    l.fail("k");
    expect(l.retryAfter("k")).toBe(1000);
  });

  it("bounds its memory: expired keys are swept once it tracks more than maxKeys", () => {
    const { l, advance } = limiter(5, 1000);
    for (let i = 0; i < 10_000; i++) l.fail(`old-${i}`);
    expect(l.size).toBe(10_000);
    advance(1000); // every one of them has left the window
    l.fail("fresh-1"); // 10,001 keys: the sweep runs
    expect(l.size).toBe(1);
    expect(l.retryAfter("fresh-1")).toBe(0);
  });

  it("never holds more than maxKeys keys, forgetting the one that failed least recently (issue 16: +106 MB)", () => {
    const clock = { now: 0 };
    const l = new FailureLimiter(2, WINDOW, () => clock.now, 3);
    l.fail("a");
    l.fail("a");
    l.fail("b");
    l.fail("c");
    l.fail("a"); // a is now the most recent
    l.fail("d"); // four keys: b, the least recent, goes
    expect(l.size).toBe(3);
    expect(l.count("b")).toBe(0);
    expect(l.retryAfter("a")).toBeGreaterThan(0);
    expect(l.count("c")).toBe(1);
    expect(l.count("d")).toBe(1);
    for (let i = 0; i < 100_000; i++) l.fail(`flood-${i}`);
    expect(l.size).toBe(3);
  });

  it("keeps at most `limit` times per key however often it fails", () => {
    const { l } = limiter(3);
    for (let i = 0; i < 10_000; i++) l.fail("k");
    expect(l.count("k")).toBe(3);
  });
});

describe("FailureLimiter.begin", () => {
  it("counts an attempt at once, so simultaneous attempts see each other", () => {
    const { l } = limiter(3);
    const passed: (() => void)[] = [];
    // 200 attempts arrive before any of them is verified: only the first 3 may go on.
    for (let i = 0; i < 200; i++) if (l.retryAfter("admin") === 0) passed.push(l.begin("admin"));
    expect(passed).toHaveLength(3);
    expect(l.retryAfter("admin")).toBeGreaterThan(0);
  });

  it("gives the attempt back when it succeeds, once", () => {
    const { l } = limiter(2);
    const first = l.begin("k");
    l.begin("k");
    expect(l.retryAfter("k")).toBeGreaterThan(0);
    first();
    first();
    expect(l.count("k")).toBe(1);
    expect(l.retryAfter("k")).toBe(0);
  });

  it("leaves a failed attempt counted for the whole window", () => {
    const { l, advance } = limiter(1);
    l.begin("k"); // never given back: it failed
    advance(WINDOW - 1);
    expect(l.retryAfter("k")).toBe(1);
    advance(1);
    expect(l.retryAfter("k")).toBe(0);
  });
});
