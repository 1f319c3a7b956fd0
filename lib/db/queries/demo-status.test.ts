import { describe, expect, it } from "vitest";
import { demoStatusResponseSchema } from "@/lib/domain/demo";
import { demoStatus } from "./demo";

const present = { present: true as const, organizationId: "org", accounts: 8 };

describe("demoStatus", () => {
  it("tells absent, loading with its day, stopped and complete apart, and says nothing of accounts", () => {
    expect(demoStatus({ present: false, removed: true })).toEqual({ state: "none" });
    expect(demoStatus({ ...present, loaded: true, loading: null })).toEqual({ state: "ready" });
    expect(demoStatus({ ...present, loaded: false, loading: { day: 40, days: 90, stalled: false } })).toEqual({
      state: "loading",
      day: 40,
      days: 90,
    });
    expect(demoStatus({ ...present, loaded: false, loading: { day: 40, days: 90, stalled: true } })).toEqual({
      state: "interrupted",
      day: 40,
      days: 90,
    });
  });

  it("is what the banner's route schema accepts, and the schema refuses anything else", () => {
    const loading = demoStatus({ ...present, loaded: false, loading: { day: 1, days: 90, stalled: false } });
    expect(demoStatusResponseSchema.parse({ demo: loading })).toEqual({ demo: loading });
    expect(demoStatusResponseSchema.safeParse({ demo: { state: "loading" } }).success).toBe(false);
    expect(demoStatusResponseSchema.safeParse({ demo: { state: "done" } }).success).toBe(false);
  });
});
