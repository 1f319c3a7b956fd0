import { describe, expect, it } from "vitest";
import check from "./cloudtrail-not-multi-region";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import { trail } from "./fixtures";

describe("cloudtrail_not_multi_region", () => {
  it("passes with a logging multi-region trail, including an organization trail owned elsewhere", () => {
    expect(check.evaluate(ctx({ cloudTrails: [trail()] }))[0]).toMatchObject({
      resourceId: `${ACCOUNT}/cloudtrail`,
      status: "pass",
    });
    const org = trail({ name: "org", ownerAccountId: "999988887777", isOrganizationTrail: true });
    expect(check.evaluate(ctx({ cloudTrails: [org] }))[0]?.evidence.multiRegionLoggingTrails).toEqual([org.arn]);
  });
  it("fails with no trail, a single-region trail, a stopped one, or one whose status is unknown", () => {
    for (const trails of [
      [],
      [trail({ isMultiRegion: false })],
      [trail({ isLogging: false })],
      [trail({ isLogging: null })],
    ]) {
      expect(check.evaluate(ctx({ cloudTrails: trails }))[0]?.status, JSON.stringify(trails)).toBe("fail");
    }
  });
  it("is not evaluated when trails could not be read", () => {
    expect(evaluateUnit([check], ctx({}))).toEqual([]);
  });
});
