import { describe, expect, it } from "vitest";
import { canaryState } from "./canary";

const now = new Date("2026-12-07T12:00:00Z");
const opts = { now, intervalMs: 5 * 60_000 };
const ago = (min: number) => new Date(now.getTime() - min * 60_000);

describe("canaryState", () => {
  it("is tripped once used, whatever the last check said", () => {
    expect(canaryState({ status: "tripped", lastCheckedAt: ago(1), checkError: "x" }, opts).kind).toBe("tripped");
  });
  it("is quiet when recently checked without error", () => {
    expect(canaryState({ status: "active", lastCheckedAt: ago(4), checkError: null }, opts)).toEqual({ kind: "quiet" });
  });
  it("is not checked, with the reason, when never looked at, failing, or stale", () => {
    expect(canaryState({ status: "active", lastCheckedAt: null, checkError: null }, opts).why).toMatch(/not looked/);
    expect(canaryState({ status: "active", lastCheckedAt: ago(1), checkError: "AccessDenied" }, opts)).toEqual({
      kind: "not-checked",
      why: "AccessDenied",
    });
    expect(canaryState({ status: "active", lastCheckedAt: ago(20), checkError: null }, opts).kind).toBe("not-checked");
  });
});
