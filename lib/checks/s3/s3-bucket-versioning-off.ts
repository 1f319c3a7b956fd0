import { defineCheck } from "../types";
import { bucketArn } from "./policy";

export default defineCheck({
  id: "s3_bucket_versioning_off",
  title: "S3 bucket versioning is not enabled",
  description:
    "Without versioning, an overwrite or delete (by mistake, a bug or ransomware) destroys the object for good; there is no earlier version to restore.",
  severity: "medium",
  service: "s3",
  scope: "global",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "S3.14" }],
  remediation: {
    steps: [
      "Enable versioning on the bucket.",
      "Add a lifecycle rule that expires noncurrent versions after a retention period to control cost.",
    ],
    cli: "aws s3api put-bucket-versioning --bucket BUCKET_NAME --versioning-configuration Status=Enabled",
    terraform:
      'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
  },
  requires: ["s3Buckets"],
  evaluate: ({ partition, inventory }) =>
    inventory.s3Buckets.map((b) => ({
      resourceId: bucketArn(partition, b.name),
      resourceType: "AWS::S3::Bucket",
      status: b.versioning === "Enabled" ? "pass" : "fail",
      evidence: { region: b.region, versioning: b.versioning },
    })),
});
