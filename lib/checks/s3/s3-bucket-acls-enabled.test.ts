import { describe, expect, it } from "vitest";
import check from "./s3-bucket-acls-enabled";
import { ctx } from "../fixtures";
import { bucket } from "./fixtures";

describe("s3_bucket_acls_enabled", () => {
  it("passes BucketOwnerEnforced", () => {
    expect(check.evaluate(ctx({ s3Buckets: [bucket()] }))[0]).toMatchObject({
      resourceId: "arn:aws:s3:::b1",
      status: "pass",
    });
  });
  it("fails other ownership settings and buckets without ownership controls", () => {
    const results = check.evaluate(
      ctx({
        s3Buckets: [
          bucket({ name: "a", objectOwnership: "BucketOwnerPreferred" }),
          bucket({ name: "b", objectOwnership: null }),
        ],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[1]?.evidence.objectOwnership).toBe("none (ACLs enabled)");
  });
  it("has nothing to say without buckets", () => {
    expect(check.evaluate(ctx({ s3Buckets: [] }))).toEqual([]);
  });
});
