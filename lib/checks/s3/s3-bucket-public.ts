import { defineCheck } from "../types";
import { ALL_USERS, AUTHENTICATED_USERS, bucketArn, isPublicStatement } from "./policy";

export default defineCheck({
  id: "s3_bucket_public",
  title: "S3 bucket is publicly accessible",
  description:
    "Anyone on the internet can read (or write) this bucket through its bucket policy or ACL. Public buckets are the most common cause of large data leaks in AWS.",
  severity: "critical",
  service: "s3",
  scope: "global",
  frameworks: [
    { framework: "AWS Foundational Security Best Practices", control: "S3.2" },
    { framework: "AWS Foundational Security Best Practices", control: "S3.3" },
  ],
  remediation: {
    steps: [
      "Confirm the bucket must not be public; serve public content through CloudFront with origin access control instead.",
      'Remove policy statements that allow Principal "*" without a restricting condition, and ACL grants to AllUsers / AuthenticatedUsers.',
      "Turn on Block Public Access for the bucket (and the account) so it cannot become public again.",
    ],
    cli: "aws s3api put-public-access-block --bucket BUCKET_NAME \\\n  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    terraform:
      'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
  },
  requires: ["s3Buckets"],
  optional: ["s3AccountPublicAccessBlock"],
  evaluate: ({ partition, inventory }) => {
    // When the account-level block could not be read, only bucket settings count.
    const account = inventory.s3AccountPublicAccessBlock;
    return inventory.s3Buckets.map((b) => {
      const ignorePublicAcls = b.publicAccessBlock?.ignorePublicAcls === true || account?.ignorePublicAcls === true;
      const restrictPublicBuckets =
        b.publicAccessBlock?.restrictPublicBuckets === true || account?.restrictPublicBuckets === true;
      // BucketOwnerEnforced turns ACLs off entirely.
      const aclsDisabled = b.objectOwnership === "BucketOwnerEnforced";
      const publicGrants = b.aclGrants.filter((g) => g.grantee === ALL_USERS || g.grantee === AUTHENTICATED_USERS);
      const publicStatements = (b.policy ?? []).flatMap((s, i) =>
        isPublicStatement(s) ? [s.sid ?? `statement ${i}`] : [],
      );
      // S3's own verdict when it gave one; otherwise our reading of the policy.
      const policyPublic = b.policyIsPublic ?? publicStatements.length > 0;
      const aclPublic = publicGrants.length > 0 && !ignorePublicAcls && !aclsDisabled;
      const policyEffective = policyPublic && !restrictPublicBuckets;
      return {
        resourceId: bucketArn(partition, b.name),
        region: b.region,
        resourceType: "AWS::S3::Bucket",
        status: aclPublic || policyEffective ? "fail" : "pass",
        evidence: {
          region: b.region,
          policyIsPublic: b.policyIsPublic,
          publicPolicyStatements: publicStatements,
          publicAclGrants: publicGrants,
          objectOwnership: b.objectOwnership,
          ignorePublicAcls,
          restrictPublicBuckets,
          accountPublicAccessBlockKnown: account !== undefined,
        },
      };
    });
  },
});
