import { describe, expect, it } from "vitest";
import check from "./s3-bucket-http-allowed";
import { ctx } from "../fixtures";
import { bucket, stmt } from "./fixtures";

const denyHttp = stmt({
  sid: "DenyInsecureTransport",
  effect: "Deny",
  actions: ["s3:*"],
  resources: ["arn:aws:s3:::b1", "arn:aws:s3:::b1/*"],
  condition: { Bool: { "aws:SecureTransport": ["false"] } },
});
const run = (policy: ReturnType<typeof stmt>[] | null) => check.evaluate(ctx({ s3Buckets: [bucket({ policy })] }))[0]!;

describe("s3_bucket_http_allowed", () => {
  it("passes a bucket whose policy denies non-TLS requests", () => {
    expect(run([stmt(), denyHttp])).toMatchObject({
      status: "pass",
      evidence: { denyingStatements: ["DenyInsecureTransport"] },
    });
    expect(
      run([
        {
          ...denyHttp,
          principal: { AWS: ["*"] },
          actions: ["*"],
          condition: { Bool: { "aws:securetransport": ["False"] } },
        },
      ]).status,
    ).toBe("pass");
  });
  it("fails a bucket without a policy", () => {
    expect(run(null)).toMatchObject({ status: "fail", evidence: { hasBucketPolicy: false } });
  });
  it("fails near misses: partial actions, Allow, other buckets, other principals, or the wrong condition", () => {
    const misses = [
      { ...denyHttp, actions: ["s3:GetObject"] },
      { ...denyHttp, effect: "Allow" as const },
      { ...denyHttp, resources: ["arn:aws:s3:::other/*"] },
      { ...denyHttp, principal: { AWS: ["arn:aws:iam::111122223333:root"] } },
      { ...denyHttp, condition: { Bool: { "aws:SecureTransport": ["true"] } } },
      { ...denyHttp, condition: { NumericLessThan: { "s3:TlsVersion": ["1.2"] } } },
      { ...denyHttp, resources: ["arn:aws:s3:::b10", "arn:aws:s3:::b10/*"] },
      { ...denyHttp, actions: [], notActions: ["s3:GetObject"] },
    ];
    for (const s of misses) expect(run([s]).status, JSON.stringify(s)).toBe("fail");
  });
  it("fails a denial that covers the bucket but not its objects, or only some objects (issue 22, case 4)", () => {
    expect(run([{ ...denyHttp, resources: ["arn:aws:s3:::b1"] }])).toMatchObject({
      status: "fail",
      evidence: { deniesOnBucket: true, deniesOnObjects: false },
    });
    expect(run([{ ...denyHttp, resources: ["arn:aws:s3:::b1/*"] }])).toMatchObject({
      status: "fail",
      evidence: { deniesOnBucket: false, deniesOnObjects: true },
    });
    expect(run([{ ...denyHttp, resources: ["arn:aws:s3:::b1", "arn:aws:s3:::b1/public/*"] }]).status).toBe("fail");
  });
  it("passes the bucket and objects covered by patterns, two statements, or NotResource (near misses)", () => {
    expect(run([{ ...denyHttp, resources: ["arn:aws:s3:::b1*"] }]).status).toBe("pass");
    expect(run([{ ...denyHttp, resources: ["*"] }]).status).toBe("pass");
    expect(
      run([
        { ...denyHttp, sid: "Bucket", resources: ["arn:aws:s3:::b1"] },
        { ...denyHttp, sid: "Objects", resources: ["arn:aws:s3:::b1/*"] },
      ]),
    ).toMatchObject({ status: "pass", evidence: { denyingStatements: ["Bucket", "Objects"] } });
    expect(run([{ ...denyHttp, resources: [], notResources: ["arn:aws:s3:::other/*"] }]).status).toBe("pass");
  });
  it("has nothing to say without buckets", () => {
    expect(check.evaluate(ctx({ s3Buckets: [] }))).toEqual([]);
  });
});
