import { describe, expect, it } from "vitest";
import check from "./securityhub-disabled";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";

describe("securityhub_disabled", () => {
  it("passes an enabled hub", () => {
    const hubArn = `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`;
    expect(
      check.evaluate(
        ctx({ securityHub: { enabled: true, hubArn, subscribedAt: "2024-01-01T00:00:00.000Z" } }, "eu-west-1"),
      )[0],
    ).toMatchObject({
      resourceId: hubArn,
      status: "pass",
    });
  });
  it("fails when Security Hub is not enabled", () => {
    expect(check.evaluate(ctx({ securityHub: { enabled: false } }, "eu-west-1"))[0]).toMatchObject({
      resourceId: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`,
      status: "fail",
      evidence: { enabled: false },
    });
  });
  it("is not evaluated when the hub status could not be read", () => {
    expect(evaluateUnit([check], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
