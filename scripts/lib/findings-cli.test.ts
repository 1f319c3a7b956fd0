import { describe, expect, it } from "vitest";
import { gateFilter, parseFindingsCli } from "./findings-cli";

describe("parseFindingsCli", () => {
  it("reads lists from repeated flags and commas, and 'open' as the open statuses", () => {
    const args = parseFindingsCli([
      "--format",
      "csv",
      "--status",
      "open",
      "--severity",
      "critical,high",
      "--account",
      "111111111111",
      "--account",
      "222222222222",
      "--fail-on",
      "high",
    ]);
    expect(args).toEqual({
      format: "csv",
      sort: "severity",
      quiet: false,
      failOn: "high",
      filter: {
        status: ["NEW", "ACKNOWLEDGED"],
        severity: ["critical", "high"],
        account: ["111111111111", "222222222222"],
      },
    });
  });

  it("refuses what the shared filter refuses, and unknown flags or formats", () => {
    expect(parseFindingsCli(["--account", "12"])).toHaveProperty("error", expect.stringContaining("12-digit"));
    expect(parseFindingsCli(["--format", "xml"])).toHaveProperty("error", expect.stringContaining("--format"));
    expect(parseFindingsCli(["--fail-on", "bad"])).toHaveProperty("error", expect.stringContaining("--fail-on"));
    expect(parseFindingsCli(["--bogus"])).toHaveProperty("error");
    expect(parseFindingsCli(["--help"])).toEqual({ error: "" });
  });
});

describe("gateFilter", () => {
  it("counts open findings at or above the threshold, within the user's other filters", () => {
    expect(gateFilter({ account: ["111111111111"] }, "high")).toEqual({
      account: ["111111111111"],
      severity: ["critical", "high"],
      status: ["NEW", "ACKNOWLEDGED"],
    });
    expect(gateFilter({ severity: ["low", "critical"], status: ["RESOLVED", "NEW"] }, "medium")).toEqual({
      severity: ["critical"],
      status: ["NEW"],
    });
  });
});
