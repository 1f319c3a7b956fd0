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

  it("beats several times within the stuck threshold, at most a minute apart", () => {
    expect(heartbeatEveryMs(30 * 60_000)).toBe(60_000);
    expect(heartbeatEveryMs(90_000)).toBe(30_000);
  });
});
