import { describe, expect, it } from "vitest";
import check from "./cloudtrail-validation-or-kms-off";
import { ctx } from "../fixtures";
import { trail } from "./fixtures";

describe("cloudtrail_validation_or_kms_off", () => {
  it("passes a trail with validation and a KMS key", () => {
    const t = trail();
    expect(check.evaluate(ctx({ cloudTrails: [t] }))).toEqual([
      {
        resourceId: t.arn,
        resourceType: "AWS::CloudTrail::Trail",
        status: "pass",
        evidence: { logFileValidationEnabled: true, kmsKeyId: t.kmsKeyId },
      },
    ]);
  });
  it("fails a trail missing either", () => {
    const results = check.evaluate(
      ctx({
        cloudTrails: [trail({ name: "a", logFileValidationEnabled: false }), trail({ name: "b", kmsKeyId: undefined })],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[1]?.evidence).toEqual({ logFileValidationEnabled: true, kmsKeyId: null });
  });
  it("leaves an organization trail owned by another account to that account", () => {
    const org = trail({ ownerAccountId: "999988887777", isOrganizationTrail: true, kmsKeyId: undefined });
    expect(check.evaluate(ctx({ cloudTrails: [org] }))[0]).toMatchObject({
      status: "not_applicable",
      evidence: { ownerAccountId: "999988887777" },
    });
  });
  it("has nothing to say without trails", () => {
    expect(check.evaluate(ctx({ cloudTrails: [] }))).toEqual([]);
  });
});
