import { describe, expect, it } from "vitest";
import accessKey from "./iam-root-access-key-present";
import mfa from "./iam-root-mfa-disabled";
import { ACCOUNT, ctx } from "../fixtures";
import { iamSummary } from "./fixtures";

const root = `arn:aws:iam::${ACCOUNT}:root`;

describe("iam_root_access_key_present", () => {
  it("fails when the root user has a key", () => {
    expect(accessKey.evaluate(ctx({ iamAccountSummary: iamSummary({ AccountAccessKeysPresent: 1 }) }))).toEqual([
      { resourceId: root, resourceType: "AWS::IAM::Root", status: "fail", evidence: { AccountAccessKeysPresent: 1 } },
    ]);
  });
  it("passes when it has none", () => {
    expect(accessKey.evaluate(ctx({ iamAccountSummary: iamSummary({ AccountAccessKeysPresent: 0 }) }))[0]?.status).toBe(
      "pass",
    );
  });
  it("is only evaluated when the summary was read", () => {
    expect(accessKey.requires).toEqual(["iamAccountSummary"]);
  });
});

describe("iam_root_mfa_disabled", () => {
  it("fails without root MFA", () => {
    expect(mfa.evaluate(ctx({ iamAccountSummary: iamSummary({ AccountMFAEnabled: 0 }) }))[0]).toMatchObject({
      resourceId: root,
      status: "fail",
    });
  });
  it("passes with root MFA", () => {
    expect(mfa.evaluate(ctx({ iamAccountSummary: iamSummary({ AccountMFAEnabled: 1 }) }))[0]?.status).toBe("pass");
  });
  it("treats a summary without the counter as no MFA", () => {
    expect(mfa.evaluate(ctx({ iamAccountSummary: iamSummary({}) }))[0]?.status).toBe("fail");
  });
});
