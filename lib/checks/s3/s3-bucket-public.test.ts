import { describe, expect, it } from "vitest";
import check from "./s3-bucket-public";
import { ctx } from "../fixtures";
import { bucket, stmt } from "./fixtures";
import type { S3Bucket } from "@/lib/aws/s3/types";
import type { S3AccountPublicAccessBlock } from "@/lib/aws/s3/types";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const publicRead = { granteeType: "Group", grantee: ALL_USERS, permission: "READ" };
const noAccountBlock: S3AccountPublicAccessBlock = {
  configured: false,
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const pab = (p: Partial<NonNullable<S3Bucket["publicAccessBlock"]>>) => ({
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
  ...p,
});

const run = (b: S3Bucket, account: S3AccountPublicAccessBlock | undefined = noAccountBlock) =>
  check.evaluate(ctx({ s3Buckets: [b], s3AccountPublicAccessBlock: account }))[0]!;

describe("s3_bucket_public", () => {
  it("passes a private bucket", () => {
    expect(run(bucket())).toMatchObject({
      resourceId: "arn:aws:s3:::b1",
      resourceType: "AWS::S3::Bucket",
      status: "pass",
    });
  });

  it("fails when S3 reports the policy public", () => {
    expect(run(bucket({ policyIsPublic: true }))).toMatchObject({ status: "fail", evidence: { policyIsPublic: true } });
  });

  it("reads the policy itself when S3 gave no verdict", () => {
    const open = run(bucket({ policyIsPublic: null, policy: [stmt({ sid: "Open" })] }));
    expect(open).toMatchObject({ status: "fail", evidence: { publicPolicyStatements: ["Open"] } });
    const awsStar = run(bucket({ policyIsPublic: null, policy: [stmt({ principal: { AWS: ["*"] } })] }));
    expect(awsStar.status).toBe("fail");
  });

  it("does not count statements restricted by condition, to an account, or denying", () => {
    const restricted = [
      stmt({ condition: { StringEquals: { "aws:PrincipalOrgID": ["o-123"] } } }),
      stmt({ condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } } }),
      stmt({ principal: { AWS: ["arn:aws:iam::111122223333:root"] } }),
      stmt({ effect: "Deny" }),
    ];
    expect(run(bucket({ policyIsPublic: null, policy: restricted })).status).toBe("pass");
  });

  it("counts conditions that do not restrict callers as public", () => {
    const loose = [
      stmt({ condition: { StringNotEquals: { "aws:PrincipalOrgID": ["o-123"] } } }),
      stmt({ condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } } }),
      stmt({ condition: { Bool: { "aws:SecureTransport": ["true"] } } }),
    ];
    for (const s of loose)
      expect(run(bucket({ policyIsPublic: null, policy: [s] })).status, JSON.stringify(s.condition)).toBe("fail");
  });

  it("fails a public ACL grant that nothing neutralises", () => {
    const r = run(bucket({ objectOwnership: "ObjectWriter", aclGrants: [publicRead] }));
    expect(r).toMatchObject({ status: "fail", evidence: { publicAclGrants: [publicRead], ignorePublicAcls: false } });
  });

  it("passes a public ACL grant neutralised by IgnorePublicAcls (bucket or account) or BucketOwnerEnforced", () => {
    const grant = { objectOwnership: "ObjectWriter", aclGrants: [publicRead] };
    expect(run(bucket({ ...grant, publicAccessBlock: pab({ ignorePublicAcls: true }) })).status).toBe("pass");
    expect(run(bucket(grant), { ...noAccountBlock, configured: true, ignorePublicAcls: true }).status).toBe("pass");
    expect(run(bucket({ aclGrants: [publicRead], objectOwnership: "BucketOwnerEnforced" })).status).toBe("pass");
  });

  it("passes a public policy neutralised by RestrictPublicBuckets", () => {
    expect(run(bucket({ policyIsPublic: true, publicAccessBlock: pab({ restrictPublicBuckets: true }) })).status).toBe(
      "pass",
    );
    expect(
      run(bucket({ policyIsPublic: true }), { ...noAccountBlock, configured: true, restrictPublicBuckets: true })
        .status,
    ).toBe("pass");
  });

  it("judges on bucket settings alone when the account block could not be read", () => {
    const r = check.evaluate(
      ctx({ s3Buckets: [bucket({ objectOwnership: "ObjectWriter", aclGrants: [publicRead] })] }),
    )[0];
    expect(r).toMatchObject({ status: "fail", evidence: { accountPublicAccessBlockKnown: false } });
  });

  it("has nothing to say without buckets", () => {
    expect(check.evaluate(ctx({ s3Buckets: [] }))).toEqual([]);
  });
});
