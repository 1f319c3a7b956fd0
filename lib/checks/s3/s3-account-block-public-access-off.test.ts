import { describe, expect, it } from "vitest";
import check from "./s3-account-block-public-access-off";
import { ctx } from "../fixtures";

const all = {
  configured: true,
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describe("s3_account_block_public_access_off", () => {
  it("passes with all four settings on", () => {
    expect(check.evaluate(ctx({ s3AccountPublicAccessBlock: all }))[0]).toMatchObject({
      status: "pass",
      evidence: { settingsOff: [] },
    });
  });
  it("fails and names each setting that is off", () => {
    const r = check.evaluate(
      ctx({ s3AccountPublicAccessBlock: { ...all, blockPublicPolicy: false, restrictPublicBuckets: false } }),
    )[0];
    expect(r).toMatchObject({
      status: "fail",
      evidence: { settingsOff: ["blockPublicPolicy", "restrictPublicBuckets"] },
    });
  });
  it("fails when the account has no configuration at all", () => {
    const none = {
      configured: false,
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    };
    expect(check.evaluate(ctx({ s3AccountPublicAccessBlock: none }))[0]).toMatchObject({
      status: "fail",
      evidence: { configured: false },
    });
  });
});
