import { describe, expect, it } from "vitest";
import type { IamPasswordPolicy } from "@/lib/aws/iam/types";
import { evaluateUnit } from "../evaluate";
import { ACCOUNT, ctx } from "../fixtures";
import passwordPolicy from "./iam-password-policy-weak";

const strong = {
  configured: true as const,
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

describe("iam_password_policy_weak", () => {
  const run = (p: IamPasswordPolicy) => passwordPolicy.evaluate(ctx({ iamPasswordPolicy: p }));
  it("passes a CIS-strength policy", () => {
    expect(run(strong)[0]).toMatchObject({
      resourceId: `${ACCOUNT}/password-policy`,
      status: "pass",
      evidence: { weaknesses: [] },
    });
  });
  it("fails and lists every weakness", () => {
    expect(
      run({ ...strong, minimumPasswordLength: 8, passwordReusePrevention: null, requireSymbols: false })[0],
    ).toMatchObject({
      status: "fail",
      evidence: { weaknesses: ["minimum length 8 < 14", "reuse prevention off < 24", "symbols not required"] },
    });
    expect(run({ ...strong, passwordReusePrevention: 5 })[0]?.evidence.weaknesses).toEqual(["reuse prevention 5 < 24"]);
  });
  it("fails an account without a policy", () => {
    expect(run({ configured: false })[0]).toMatchObject({ status: "fail", evidence: { configured: false } });
  });
  it("gives no result when the policy could not be read", () => {
    expect(evaluateUnit([passwordPolicy], ctx({}))).toEqual([]);
  });
});
