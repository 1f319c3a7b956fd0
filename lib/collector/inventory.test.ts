import { describe, expect, it } from "vitest";
import { inventoryReaders } from "@/lib/aws/readers";
import { allChecks } from "@/lib/checks/registry";
import { collectorsFor } from "./inventory";

describe("collectorsFor", () => {
  it("has a reader for every key a check requires", () => {
    const keys = new Set(inventoryReaders.map((r) => r.key));
    for (const c of allChecks) for (const key of c.requires) expect(keys, c.id).toContain(key);
  });

  it("picks only the readers of the scope that some given check needs", () => {
    const checks = [{ requires: ["vpcs", "iamCredentialReport"] }, { requires: ["securityGroups"] }] as const;
    const keys = (scope: "global" | "regional") =>
      collectorsFor(
        scope,
        checks.map((c) => ({ requires: [...c.requires] })),
      )
        .map((r) => r.key)
        .sort();
    expect(keys("regional")).toEqual(["securityGroups", "vpcs"]);
    expect(keys("global")).toEqual(["iamCredentialReport"]);
  });

  it("reads GuardDuty's findings and administrators whenever its detectors are read", () => {
    const keys = collectorsFor("regional", [{ requires: ["guardDutyDetectors"] }]).map((r) => r.key);
    expect(keys.sort()).toEqual(["guardDutyDetectors", "guardDutyFindings", "guardDutyOrganization"]);
  });
});
