import { describe, expect, it } from "vitest";
import { Limiter, mapLimited } from "./concurrency";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("Limiter", () => {
  it("never runs more than its limit at once", async () => {
    const limiter = new Limiter(3);
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, limiter.running);
          await tick();
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.running).toBe(0);
  });

  it("serves waiters in arrival order", async () => {
    const limiter = new Limiter(1);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        limiter.run(async () => {
          order.push(i);
          await tick();
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("frees its slot when a task throws", async () => {
    const limiter = new Limiter(1);
    await expect(
      limiter.run(async () => {
        throw new Error("x");
      }),
    ).rejects.toThrow("x");
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
  });

  it("mapLimited keeps input order", async () => {
    expect(
      await mapLimited([3, 1, 2], 2, async (n) => {
        await new Promise((r) => setTimeout(r, n));
        return n * 10;
      }),
    ).toEqual([30, 10, 20]);
  });

  it("mapLimited starts nothing new after a failure and rejects with that failure", async () => {
    const started: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error("denied");
      return n;
    });
    await expect(run).rejects.toThrow("denied");
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([0, 1, 2]);
  });
});
