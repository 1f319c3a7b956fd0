import { afterEach, describe, expect, it, vi } from "vitest";
import { heartbeatEveryMs, RunHeartbeats } from "./heartbeat";

afterEach(() => vi.useRealTimers());

describe("RunHeartbeats", () => {
  it("touches every held run on each beat, until its last holder lets go, then stops", async () => {
    vi.useFakeTimers();
    const touched: string[][] = [];
    const beats = new RunHeartbeats(async (ids) => void touched.push([...ids].sort()), 1_000);
    const a1 = beats.hold("run-a");
    const a2 = beats.hold("run-a");
    const b = beats.hold("run-b");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(touched).toEqual([["run-a", "run-b"]]);
    a1();
    a1(); // a second call of the same release changes nothing
    b();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(touched.at(-1)).toEqual(["run-a"]);
    a2();
    expect(beats.runs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(touched).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps beating when one touch fails", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const beats = new RunHeartbeats(async () => {
      calls += 1;
      if (calls === 1) throw new Error("connection reset");
    }, 500);
    const release = beats.hold("run-c");
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls).toBe(3);
    release();
  });

  it("beats several times within the stuck threshold and the claim timeout, at most a minute apart", () => {
    expect(heartbeatEveryMs(30 * 60_000)).toBe(60_000);
    expect(heartbeatEveryMs(90_000)).toBe(30_000);
    expect(heartbeatEveryMs(30 * 60_000, 120_000)).toBe(30_000);
  });

  it("aborts a held run's signal once the run is found closed, by a touch or by the watch", async () => {
    vi.useFakeTimers();
    const closed = new Set<string>();
    const beats = new RunHeartbeats(
      async (ids) => ids.filter((id) => !closed.has(id)),
      10_000,
      async (ids) => ids.filter((id) => closed.has(id)),
      1_000,
    );
    const releaseA = beats.hold("run-a");
    const releaseB = beats.hold("run-b");
    expect(beats.signal("run-a").aborted).toBe(false);
    closed.add("run-a");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(beats.signal("run-a").aborted).toBe(true);
    expect(beats.signal("run-b").aborted).toBe(false);
    // Without the watch, the touch (which only answers open runs) finds it too.
    const touchOnly = new RunHeartbeats(async (ids) => ids.filter((id) => !closed.has(id)), 1_000);
    const releaseC = touchOnly.hold("run-a");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(touchOnly.signal("run-a").aborted).toBe(true);
    releaseA();
    releaseB();
    releaseC();
    expect(vi.getTimerCount()).toBe(0);
  });
});
