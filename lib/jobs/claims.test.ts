import { afterEach, describe, expect, it, vi } from "vitest";
import { claimBeatEveryMs, expiryCheckSeconds, JobClaims } from "./claims";

afterEach(() => vi.useRealTimers());

describe("JobClaims", () => {
  it("renews a claim at once, then every beat while held, and stops when the last is released", async () => {
    vi.useFakeTimers();
    const renewed: string[][] = [];
    const claims = new JobClaims(async (ids) => void renewed.push([...ids].sort()), 1_000);
    const a = await claims.hold("job-a");
    const b = await claims.hold("job-b");
    expect(renewed).toEqual([["job-a"], ["job-b"]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewed.at(-1)).toEqual(["job-a", "job-b"]);
    a();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewed.at(-1)).toEqual(["job-b"]);
    b();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewed).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps beating when a renewal fails", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const claims = new JobClaims(async () => {
      calls += 1;
      if (calls <= 2) throw new Error("connection reset");
    }, 500);
    const release = await claims.hold("job-c");
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls).toBe(4);
    release();
  });

  it("beats four times per timeout and checks for expired claims several times per timeout", () => {
    expect(claimBeatEveryMs(120_000)).toBe(30_000);
    expect(expiryCheckSeconds(120_000)).toBe(15);
    expect(expiryCheckSeconds(4_000)).toBe(1);
    expect(expiryCheckSeconds(3_600_000)).toBe(60);
  });
});
