import { describe, expect, it } from "vitest";
import { findingPageLinks, investigationUrl, timelineUrl } from "./links";

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

describe("findingPageLinks", () => {
  it("sends a missing budget or billing alarm to the account's budgets on the Costs page", () => {
    expect(findingPageLinks({ checkId: "billing_alarm_or_budget_missing", accountId: "111122223333" })).toEqual([
      { label: "This account's spend, budgets and billing alarms", href: "/costs?account=111122223333#budgets" },
    ]);
  });
  it("links the pages an SES finding's evidence names, and only local paths", () => {
    const links = findingPageLinks({
      checkId: "ses_sending_spike",
      accountId: "111122223333",
      evidence: { costsUrl: "/costs?account=111122223333&by=service", investigationUrl: "//evil.example/x" },
    });
    expect(links.map((l) => l.href)).toEqual(["/costs?account=111122223333&by=service"]);
    expect(findingPageLinks({ checkId: "iam_root_mfa", accountId: "111122223333", evidence: {} })).toEqual([]);
  });
});
