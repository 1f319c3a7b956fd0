import { describe, expect, it } from "vitest";
import { guardDutySearchQuery, parseGuardDutySearch, toGuardDutyFilter } from "./guardduty-search";

describe("the GuardDuty page's URL filters", () => {
  it("reads every filter, and drops what does not parse", () => {
    const { search, ignored } = parseGuardDutySearch({
      account: "111122223333",
      environment: "prod",
      region: "eu-west-1",
      severity: "high",
      type: "Recon:IAMUser",
      archived: "all",
      firstSeenFrom: "2026-12-01",
      lastSeenTo: "2026-12-07",
      team: "not-a-uuid",
    });
    expect(search).toEqual({
      account: "111122223333",
      environment: "prod",
      region: "eu-west-1",
      severity: "high",
      type: "Recon:IAMUser",
      archived: "all",
      firstSeenFrom: "2026-12-01",
      lastSeenTo: "2026-12-07",
    });
    expect(ignored).toEqual(["team"]);
  });

  it("defaults to active findings and ignores repeated or malformed values", () => {
    const { search, ignored } = parseGuardDutySearch({ severity: ["high", "low"], account: "12", archived: "" });
    expect(search).toEqual({ archived: "active" });
    expect(ignored.sort()).toEqual(["account", "severity"]);
  });

  it("makes the last-seen day inclusive", () => {
    const filter = toGuardDutyFilter({ archived: "active", firstSeenFrom: "2026-12-01", lastSeenTo: "2026-12-07" });
    expect(filter.firstSeenFrom?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(filter.lastSeenTo?.toISOString()).toBe("2026-12-08T00:00:00.000Z");
  });

  it("writes a query with a change applied and the defaults left out", () => {
    expect(guardDutySearchQuery({ archived: "active", region: "eu-west-1" }, { severity: "high" })).toBe(
      "?region=eu-west-1&severity=high",
    );
    expect(guardDutySearchQuery({ archived: "active" })).toBe("");
  });
});
