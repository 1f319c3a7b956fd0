import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { bucketRegionFromLocation, getS3AccountPublicAccessBlock, listS3Buckets, parsePolicy } from "./s3";

const s3Mock = mockClient(S3Client);
const s3ControlMock = mockClient(S3ControlClient);
afterEach(() => {
  s3Mock.reset();
  s3ControlMock.reset();
});

const creds = { accessKeyId: "a", secretAccessKey: "b" };
const clients = new Map<string, S3Client>();
const s3For = (region: string) => {
  let c = clients.get(region);
  if (!c) clients.set(region, (c = new S3Client({ region, credentials: creds })));
  return c;
};
const err = (name: string, status = 404) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: status } });

/** Every per-bucket call answers "not configured" unless a test says otherwise. */
function bareBuckets() {
  s3Mock.on(GetBucketTaggingCommand).rejects(err("NoSuchTagSet"));
  s3Mock.on(GetBucketPolicyCommand).rejects(err("NoSuchBucketPolicy"));
  s3Mock.on(GetBucketPolicyStatusCommand).rejects(err("NoSuchBucketPolicy"));
  s3Mock.on(GetPublicAccessBlockCommand).rejects(err("NoSuchPublicAccessBlockConfiguration"));
  s3Mock
    .on(GetBucketAclCommand)
    .resolves({ Grants: [{ Grantee: { Type: "CanonicalUser", ID: "owner" }, Permission: "FULL_CONTROL" }] });
  s3Mock.on(GetBucketOwnershipControlsCommand).rejects(err("OwnershipControlsNotFoundError"));
  s3Mock.on(GetBucketVersioningCommand).resolves({});
  s3Mock.on(GetBucketEncryptionCommand).rejects(err("ServerSideEncryptionConfigurationNotFoundError"));
}

describe("bucketRegionFromLocation", () => {
  it("maps S3's legacy location names", () => {
    expect(bucketRegionFromLocation("")).toBe("us-east-1");
    expect(bucketRegionFromLocation(undefined)).toBe("us-east-1");
    expect(bucketRegionFromLocation("EU")).toBe("eu-west-1");
    expect(bucketRegionFromLocation("ap-south-1")).toBe("ap-south-1");
  });
});

describe("parsePolicy", () => {
  it("normalises single values, NotPrincipal and condition values", () => {
    const doc = JSON.stringify({
      Statement: {
        Sid: "S",
        Effect: "Deny",
        NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "s3:*",
        Resource: "arn:aws:s3:::b/*",
        Condition: { Bool: { "aws:SecureTransport": false } },
      },
    });
    expect(parsePolicy(doc)).toEqual([
      {
        sid: "S",
        effect: "Deny",
        principal: { AWS: ["arn:aws:iam::111122223333:root"] },
        notPrincipal: true,
        actions: ["s3:*"],
        notActions: [],
        resources: ["arn:aws:s3:::b/*"],
        notResources: [],
        condition: { Bool: { "aws:SecureTransport": ["false"] } },
      },
    ]);
  });
  it("keeps NotResource apart from Resource", () => {
    const doc = JSON.stringify({
      Statement: { Effect: "Deny", Principal: "*", Action: "s3:*", NotResource: ["arn:aws:s3:::b/public/*"] },
    });
    expect(parsePolicy(doc)[0]).toMatchObject({ resources: [], notResources: ["arn:aws:s3:::b/public/*"] });
  });
});

describe("listS3Buckets", () => {
  it("lists buckets across pages and treats every 'not configured' answer as a value", async () => {
    s3Mock
      .on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: "a", BucketRegion: "us-east-1" }], ContinuationToken: "t" })
      .resolvesOnce({ Buckets: [{ Name: "b", BucketRegion: "us-east-1" }] });
    bareBuckets();
    const buckets = await listS3Buckets(s3For, "us-east-1");
    expect(buckets.map((b) => b.name)).toEqual(["a", "b"]);
    expect(s3Mock.commandCalls(ListBucketsCommand)[1]?.args[0].input).toMatchObject({ ContinuationToken: "t" });
    expect(buckets[0]).toEqual({
      name: "a",
      region: "us-east-1",
      tags: {},
      policy: null,
      policyIsPublic: false,
      publicAccessBlock: null,
      aclGrants: [{ granteeType: "CanonicalUser", grantee: "owner", permission: "FULL_CONTROL" }],
      objectOwnership: null,
      versioning: "Off",
      mfaDelete: false,
      encryption: null,
    });
  });

  it("maps every configured setting", async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "a", BucketRegion: "us-east-1" }] });
    const policy = {
      Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::a/*" }],
    };
    s3Mock.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: "DataClassification", Value: "pii" }] });
    s3Mock.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(policy) });
    s3Mock.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: true } });
    s3Mock.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false },
    });
    s3Mock.on(GetBucketAclCommand).resolves({
      Grants: [
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
      ],
    });
    s3Mock
      .on(GetBucketOwnershipControlsCommand)
      .resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } });
    s3Mock.on(GetBucketVersioningCommand).resolves({ Status: "Suspended", MFADelete: "Enabled" });
    s3Mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "k1" },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
    const [b] = await listS3Buckets(s3For, "us-east-1");
    expect(b).toMatchObject({
      tags: { DataClassification: "pii" },
      policy: [{ effect: "Allow", principal: "*", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a/*"] }],
      policyIsPublic: true,
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
      aclGrants: [
        { granteeType: "Group", grantee: "http://acs.amazonaws.com/groups/global/AllUsers", permission: "READ" },
      ],
      objectOwnership: "BucketOwnerEnforced",
      versioning: "Suspended",
      mfaDelete: true,
      encryption: [{ algorithm: "aws:kms", kmsKeyId: "k1", bucketKeyEnabled: true }],
    });
  });

  it("keeps an empty policy status unknown (as moto answers)", async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "a", BucketRegion: "us-east-1" }] });
    bareBuckets();
    s3Mock.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify({ Statement: [] }) });
    s3Mock.on(GetBucketPolicyStatusCommand).resolves({});
    expect((await listS3Buckets(s3For, "us-east-1"))[0]?.policyIsPublic).toBeNull();
  });

  it("asks for a bucket's location when ListBuckets omits it, and sends that bucket's calls to its region", async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "old-eu" }, { Name: "virginia" }] });
    s3Mock.on(GetBucketLocationCommand, { Bucket: "old-eu" }).resolves({ LocationConstraint: "EU" });
    s3Mock.on(GetBucketLocationCommand, { Bucket: "virginia" }).resolves({});
    bareBuckets();
    const versioningRegion: Record<string, string> = {};
    s3Mock.on(GetBucketVersioningCommand).callsFake(async (input: { Bucket: string }, getClient) => {
      versioningRegion[input.Bucket] = await getClient().config.region();
      return { Status: "Enabled" };
    });
    const buckets = await listS3Buckets(s3For, "ap-south-1");
    expect(buckets.map((b) => [b.name, b.region])).toEqual([
      ["old-eu", "eu-west-1"],
      ["virginia", "us-east-1"],
    ]);
    expect(versioningRegion).toEqual({ "old-eu": "eu-west-1", virginia: "us-east-1" });
  });

  it("leaves out a bucket deleted while it was read", async () => {
    s3Mock.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: "gone", BucketRegion: "us-east-1" },
        { Name: "here", BucketRegion: "us-east-1" },
      ],
    });
    bareBuckets();
    s3Mock.on(GetBucketAclCommand, { Bucket: "gone" }).rejects(err("NoSuchBucket"));
    expect((await listS3Buckets(s3For, "us-east-1")).map((b) => b.name)).toEqual(["here"]);
  });

  it("lets AccessDenied propagate", async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "a", BucketRegion: "us-east-1" }] });
    bareBuckets();
    s3Mock.on(GetBucketPolicyCommand).rejects(err("AccessDenied", 403));
    await expect(listS3Buckets(s3For, "us-east-1")).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("getS3AccountPublicAccessBlock", () => {
  const control = () => new S3ControlClient({ region: "us-east-1", credentials: creds });
  it("maps the account configuration", async () => {
    s3ControlMock
      .on(GetAccountPublicAccessBlockCommand, { AccountId: "111122223333" })
      .resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true } });
    expect(await getS3AccountPublicAccessBlock(control(), "111122223333")).toEqual({
      configured: true,
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: true,
    });
  });
  it("answers 'not configured' as a value and lets AccessDenied propagate", async () => {
    s3ControlMock
      .on(GetAccountPublicAccessBlockCommand)
      .rejectsOnce(err("NoSuchPublicAccessBlockConfiguration"))
      .rejectsOnce(err("AccessDenied", 403));
    expect(await getS3AccountPublicAccessBlock(control(), "111122223333")).toMatchObject({
      configured: false,
      blockPublicAcls: false,
    });
    await expect(getS3AccountPublicAccessBlock(control(), "111122223333")).rejects.toMatchObject({
      name: "AccessDenied",
    });
  });
});
