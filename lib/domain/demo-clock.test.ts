import { describe, expect, it } from "vitest";
import { demoLastDay } from "./demo";

describe("demoLastDay", () => {
  it("is today once today's 06:00 collection has passed, and yesterday before it: never in the future", () => {
    expect(new Date(demoLastDay(new Date("2026-12-08T06:00:00Z"))).toISOString()).toBe("2026-12-08T00:00:00.000Z");
    expect(new Date(demoLastDay(new Date("2026-12-08T23:59:00Z"))).toISOString()).toBe("2026-12-08T00:00:00.000Z");
    expect(new Date(demoLastDay(new Date("2026-12-08T00:12:00Z"))).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(new Date(demoLastDay(new Date("2026-01-01T05:59:59Z"))).toISOString()).toBe("2025-12-31T00:00:00.000Z");
  });
});
