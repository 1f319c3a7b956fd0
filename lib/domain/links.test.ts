import { describe, expect, it } from "vitest";
import { investigationUrl, timelineUrl } from "./links";

describe("links", () => {
  it("investigates a key or a principal by its trimmed, escaped text", () => {
    expect(investigationUrl({ accessKeyId: "AKIAEXAMPLE000000001" })).toBe("/investigate?q=AKIAEXAMPLE000000001");
    expect(investigationUrl({ principal: " arn:aws:iam::123456789012:user/a b " })).toBe(
      "/investigate?q=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fa%20b",
    );
  });

  it("opens an account's timeline, or the three days around a moment", () => {
    expect(timelineUrl({ account: "123456789012" })).toBe("/timeline?account=123456789012");
    expect(timelineUrl({ account: "123456789012", around: new Date("2026-03-01T23:30:00Z") })).toBe(
      "/timeline?account=123456789012&from=2026-02-28&to=2026-03-02",
    );
    expect(timelineUrl({ account: "123456789012", around: "2026-01-01" })).toBe(
      "/timeline?account=123456789012&from=2025-12-31&to=2026-01-02",
    );
  });
});
