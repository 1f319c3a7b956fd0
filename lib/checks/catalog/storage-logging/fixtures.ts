import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import type { PolicyStatement, S3Bucket } from "@/lib/aws/s3/types";
import { ACCOUNT } from "../../fixtures";

/** A private, versioned, ACL-less bucket with no policy; override what the test is about. */
export function bucket(p: Partial<S3Bucket> = {}): S3Bucket {
  return {
    name: "b1",
    region: "eu-west-1",
    tags: {},
    policy: null,
    policyIsPublic: false,
    publicAccessBlock: null,
    aclGrants: [],
    objectOwnership: "BucketOwnerEnforced",
    versioning: "Enabled",
    mfaDelete: false,
    encryption: [{ algorithm: "AES256", bucketKeyEnabled: false }],
    ...p,
  };
}

export function stmt(p: Partial<PolicyStatement> = {}): PolicyStatement {
  return {
    effect: "Allow",
    principal: "*",
    notPrincipal: false,
    actions: ["s3:GetObject"],
    notActions: [],
    resources: ["arn:aws:s3:::b1/*"],
    condition: {},
    ...p,
  };
}

export function trail(p: Partial<CloudTrailTrail> = {}): CloudTrailTrail {
  const name = p.name ?? "main";
  const owner = p.ownerAccountId ?? ACCOUNT;
  return {
    name,
    arn: `arn:aws:cloudtrail:us-east-1:${owner}:trail/${name}`,
    ownerAccountId: owner,
    homeRegion: "us-east-1",
    isMultiRegion: true,
    isOrganizationTrail: false,
    s3BucketName: "logs",
    logFileValidationEnabled: true,
    kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k1",
    isLogging: true,
    ...p,
  };
}
