import { defineCheck } from "../types";
import { bucketArn } from "./policy";

export default defineCheck({
  id: "s3_bucket_acls_enabled",
  title: "S3 bucket still uses ACLs (Object Ownership not enforced)",
  description:
    "With ACLs enabled, objects can be shared or made public one by one through ACLs that bucket policies and reviews easily miss, and objects uploaded by other accounts may not belong to you.",
  severity: "medium",
  service: "s3",
  scope: "global",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "S3.12" }],
  remediation: {
    steps: [
      "Check that no workload relies on object or bucket ACLs (S3 server access logs show ACL usage).",
      "Move any access granted by ACLs into the bucket policy.",
      "Set Object Ownership to BucketOwnerEnforced, which disables ACLs.",
    ],
    cli: "aws s3api put-bucket-ownership-controls --bucket BUCKET_NAME \\\n  --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
    terraform:
      'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
  },
  requires: ["s3Buckets"],
  evaluate: ({ partition, inventory }) =>
    inventory.s3Buckets.map((b) => ({
      resourceId: bucketArn(partition, b.name),
      resourceType: "AWS::S3::Bucket",
      status: b.objectOwnership === "BucketOwnerEnforced" ? "pass" : "fail",
      evidence: { region: b.region, objectOwnership: b.objectOwnership ?? "none (ACLs enabled)" },
    })),
});
