import { describe, expect, it } from "vitest";
import check from "./s3-bucket-no-kms-for-sensitive";
import { ctx } from "../fixtures";
import { defaultCheckSettings } from "../settings";
import { bucket } from "./fixtures";

const sensitive = { DataClassification: "Confidential" };

describe("s3_bucket_no_kms_for_sensitive", () => {
  it("passes a sensitive bucket encrypted with aws:kms or aws:kms:dsse", () => {
    const results = check.evaluate(
      ctx({
        s3Buckets: [
          bucket({
            name: "a",
            tags: sensitive,
            encryption: [{ algorithm: "aws:kms", kmsKeyId: "k", bucketKeyEnabled: true }],
          }),
          bucket({ name: "b", tags: sensitive, encryption: [{ algorithm: "aws:kms:dsse", bucketKeyEnabled: false }] }),
        ],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });
  it("fails a sensitive bucket with SSE-S3 or no default encryption (tag value compared case-insensitively)", () => {
    const results = check.evaluate(
      ctx({
        s3Buckets: [
          bucket({ name: "a", tags: sensitive }),
          bucket({ name: "b", tags: { DataClassification: "pii" }, encryption: null }),
        ],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[0]?.evidence).toMatchObject({ tagValue: "Confidential", defaultEncryption: ["AES256"] });
    expect(results[1]?.evidence.defaultEncryption).toBe("none configured");
  });
  it("is not applicable to untagged buckets or other tag values", () => {
    const results = check.evaluate(
      ctx({ s3Buckets: [bucket({ name: "a" }), bucket({ name: "b", tags: { DataClassification: "public" } })] }),
    );
    expect(results.map((r) => r.status)).toEqual(["not_applicable", "not_applicable"]);
  });
  it("uses the configured tag", () => {
    const settings = { ...defaultCheckSettings, sensitiveDataTag: { key: "Sensitivity", values: ["high"] } };
    const results = check.evaluate(
      ctx(
        { s3Buckets: [bucket({ tags: { Sensitivity: "HIGH" } }), bucket({ name: "c", tags: sensitive })] },
        "global",
        { settings },
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "not_applicable"]);
  });
});
