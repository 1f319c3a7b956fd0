import { describe, expect, it } from "vitest";
import check from "./s3-bucket-versioning-off";
import { ctx } from "../fixtures";
import { bucket } from "./fixtures";

describe("s3_bucket_versioning_off", () => {
  it("passes an Enabled bucket", () => {
    expect(check.evaluate(ctx({ s3Buckets: [bucket()] }))[0]).toMatchObject({
      resourceId: "arn:aws:s3:::b1",
      status: "pass",
    });
  });
  it("fails Suspended and never-enabled versioning", () => {
    const results = check.evaluate(
      ctx({ s3Buckets: [bucket({ name: "a", versioning: "Suspended" }), bucket({ name: "b", versioning: "Off" })] }),
    );
    expect(results.map((r) => [r.status, r.evidence.versioning])).toEqual([
      ["fail", "Suspended"],
      ["fail", "Off"],
    ]);
  });
  it("has nothing to say without buckets", () => {
    expect(check.evaluate(ctx({ s3Buckets: [] }))).toEqual([]);
  });
});
