import { describe, expect, it } from "vitest";
import check from "./guardduty-required-feature-disabled";
import { ACCOUNT, ctx } from "../fixtures";
import { defaultCheckSettings } from "../settings";
import type { GuardDutyDetector } from "@/lib/aws/guardduty/types";

const settings = {
  ...defaultCheckSettings,
  guardDutyRequiredFeatures: ["RUNTIME_MONITORING", "S3_MALWARE_PROTECTION"],
};
const run = (guardDutyDetectors: GuardDutyDetector[]) =>
  check.evaluate(ctx({ guardDutyDetectors }, "eu-west-1", { settings: settings as typeof defaultCheckSettings }));

describe("guardduty_required_feature_disabled", () => {
  it("passes a detector with every required plan on (the EKS-only runtime plan counts)", () => {
    const results = run([
      {
        detectorId: "d1",
        status: "ENABLED",
        features: [{ name: "EKS_RUNTIME_MONITORING", status: "ENABLED" }],
        malwareProtectionPlans: 2,
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
    expect(results[0]!.resourceId).toBe(`arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/d1#RUNTIME_MONITORING`);
  });
  it("fails each required plan that is off", () => {
    const results = run([
      {
        detectorId: "d1",
        status: "ENABLED",
        features: [{ name: "RUNTIME_MONITORING", status: "DISABLED" }],
        malwareProtectionPlans: 0,
      },
    ]);
    expect(results.map((r) => [r.evidence.feature, r.status])).toEqual([
      ["RUNTIME_MONITORING", "fail"],
      ["S3_MALWARE_PROTECTION", "fail"],
    ]);
  });
  it("does not apply where GuardDuty gave no plan status, nor to a disabled or missing detector", () => {
    expect(run([{ detectorId: "d1", status: "ENABLED" }]).map((r) => r.status)).toEqual([
      "not_applicable",
      "not_applicable",
    ]);
    expect(run([{ detectorId: "d1", status: "DISABLED", features: [] }])).toEqual([]);
    expect(run([])).toEqual([]);
  });
});
