import { describe, expect, it } from "vitest";
import { guardDutyFeatureEnabled, guardDutySeverityLabel } from "./guardduty";

describe("GuardDuty vocabulary", () => {
  it("labels severities on GuardDuty's current scale", () => {
    expect([1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(guardDutySeverityLabel)).toEqual([
      "low",
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "critical",
      "critical",
    ]);
  });

  it("tells whether a detector has a protection plan on, or that GuardDuty did not say", () => {
    const d = {
      status: "ENABLED",
      features: [
        { name: "S3_DATA_EVENTS", status: "ENABLED" },
        { name: "EKS_RUNTIME_MONITORING", status: "ENABLED" },
        { name: "RDS_LOGIN_EVENTS", status: "DISABLED" },
      ],
      malwareProtectionPlans: 0,
    };
    expect(guardDutyFeatureEnabled(d, "S3_DATA_EVENTS")).toBe(true);
    expect(guardDutyFeatureEnabled(d, "RUNTIME_MONITORING")).toBe(true);
    expect(guardDutyFeatureEnabled(d, "RDS_LOGIN_EVENTS")).toBe(false);
    expect(guardDutyFeatureEnabled(d, "LAMBDA_NETWORK_LOGS")).toBe(false);
    expect(guardDutyFeatureEnabled(d, "S3_MALWARE_PROTECTION")).toBe(false);
    expect(guardDutyFeatureEnabled({ status: "ENABLED" }, "S3_DATA_EVENTS")).toBeUndefined();
    expect(guardDutyFeatureEnabled({ status: "ENABLED" }, "S3_MALWARE_PROTECTION")).toBeUndefined();
  });
});
