// Inventory builders for the S3 checks' tests.
import type { PolicyStatement, S3Bucket } from "@/lib/aws/s3/types";

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
    notResources: [],
    condition: {},
    ...p,
  };
}
