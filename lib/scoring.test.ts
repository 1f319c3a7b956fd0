import { describe, expect, it } from "vitest";
import { postureScore } from "./scoring";

describe("postureScore", () => {
  it("is 100 with nothing open", () => expect(postureScore({})).toBe(100));
  it("halves at a weight of 50 (five criticals)", () => expect(postureScore({ critical: 5 })).toBe(50));
  it("weighs a critical as two highs and ten lows", () => {
    expect(postureScore({ critical: 1 })).toBe(postureScore({ high: 2 }));
    expect(postureScore({ critical: 1 })).toBe(postureScore({ low: 10 }));
  });
  it("ignores informational findings and never goes below 0", () => {
    expect(postureScore({ informational: 1000 })).toBe(100);
    expect(postureScore({ critical: 100_000 })).toBeGreaterThanOrEqual(0);
  });
  it("only falls as findings are added", () => {
    let last = 101;
    for (let n = 0; n < 50; n++) {
      const s = postureScore({ high: n });
      expect(s).toBeLessThanOrEqual(last);
      last = s;
    }
  });
});
