import { describe, expect, it } from "vitest";
import check from "./guardduty-disabled-in-region";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";

const run = (guardDutyDetectors: { detectorId: string; status: string }[]) =>
  check.evaluate(ctx({ guardDutyDetectors }, "eu-west-1"))[0]!;

describe("guardduty_disabled_in_region", () => {
  it("passes an enabled detector", () => {
    expect(run([{ detectorId: "d1", status: "ENABLED" }])).toMatchObject({
      resourceId: `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/d1`,
      resourceType: "AWS::GuardDuty::Detector",
      status: "pass",
    });
  });
  it("fails a disabled detector and a region without one", () => {
    expect(run([{ detectorId: "d1", status: "DISABLED" }]).status).toBe("fail");
    expect(run([])).toMatchObject({
      resourceId: `${ACCOUNT}/eu-west-1/guardduty`,
      status: "fail",
      evidence: { reason: "no detector" },
    });
  });
  it("is not evaluated when detectors could not be read", () => {
    expect(evaluateUnit([check], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
