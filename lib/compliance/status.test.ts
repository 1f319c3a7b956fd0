import { describe, expect, it } from "vitest";
import type { FrameworkControl } from "./cis-aws-v7";
import { complianceMatrix, controlStatus, countsByGroup, percentage, type CheckStat } from "./status";

const stat = (accountId: string, checkId: string, passed: number, failed: number, notApplicable = 0): CheckStat => ({
  accountId,
  checkId,
  passed,
  failed,
  notApplicable,
});
const control = (id: string, checks: string[]): FrameworkControl => ({
  id,
  title: id,
  assessment: "automated",
  section: "s",
  checks,
});

describe("controlStatus", () => {
  it("fails on any failing check, passes when none fails and one passes", () => {
    const m = new Map([
      ["a", stat("1", "a", 3, 0)],
      ["b", stat("1", "b", 0, 1)],
      ["c", stat("1", "c", 0, 0, 4)],
    ]);
    expect(controlStatus(["a", "b"], m)).toBe("fail");
    expect(controlStatus(["a", "c"], m)).toBe("pass");
    expect(controlStatus(["c"], m)).toBe("not_applicable");
    expect(controlStatus(["z"], m)).toBe("not_collected");
    expect(controlStatus([], m)).toBe("not_collected");
  });
});

describe("complianceMatrix", () => {
  it("gives every control a status per account, totals, and counts per group", () => {
    const accounts = [
      { id: "1", name: "prod", environment: "prod", teams: ["payments"] },
      { id: "2", name: "dev", environment: "dev", teams: ["payments", "data"] },
      { id: "3", name: "new", environment: "dev", teams: [] },
    ];
    const rows = complianceMatrix([control("2.4", ["root_key"])], accounts, [
      stat("1", "root_key", 1, 0),
      stat("2", "root_key", 0, 1),
    ]);
    expect(rows[0]?.byAccount).toEqual({ "1": "pass", "2": "fail", "3": "not_collected" });
    expect(rows[0]?.total).toEqual({ pass: 1, fail: 1, not_applicable: 0, not_collected: 1 });
    expect(countsByGroup(rows[0]!, accounts, (a) => [a.environment])).toEqual({
      prod: { pass: 1, fail: 0, not_applicable: 0, not_collected: 0 },
      dev: { pass: 0, fail: 1, not_applicable: 0, not_collected: 1 },
    });
    expect(countsByGroup(rows[0]!, accounts, (a) => a.teams).payments).toEqual({
      pass: 1,
      fail: 1,
      not_applicable: 0,
      not_collected: 0,
    });
  });
  it("computes a percentage of judged controls", () => {
    expect(percentage(3, 1)).toBe(75);
    expect(percentage(0, 0)).toBeNull();
  });
});
