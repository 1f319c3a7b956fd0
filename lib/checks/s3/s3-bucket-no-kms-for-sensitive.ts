import { defineCheck } from "../types";
import { bucketArn } from "./policy";

const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);

export default defineCheck({
  id: "s3_bucket_no_kms_for_sensitive",
  title: "Sensitive S3 bucket is not encrypted with KMS",
  description:
    "A bucket tagged as holding sensitive data is encrypted only with S3-managed keys, so anyone with s3:GetObject can read it: there is no separate key policy to control, audit or revoke decryption.",
  severity: "low",
  service: "s3",
  scope: "global",
  frameworks: [{ framework: "AWS Security Hub NIST SP 800-53 Rev. 5", control: "S3.17" }],
  remediation: {
    steps: [
      "Create (or pick) a customer-managed KMS key whose key policy allows only the roles that need this data.",
      "Set the bucket's default encryption to SSE-KMS with that key and enable S3 Bucket Keys to limit KMS cost.",
      "Re-encrypt existing objects (S3 Batch Operations copy) if they must be covered too.",
    ],
    cli: 'aws s3api put-bucket-encryption --bucket BUCKET_NAME --server-side-encryption-configuration \\\n  \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KMS_KEY_ARN"},"BucketKeyEnabled":true}]}\'',
    terraform:
      'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.data.arn\n    }\n    bucket_key_enabled = true\n  }\n}',
  },
  requires: ["s3Buckets"],
  evaluate: ({ partition, settings, inventory }) => {
    const { key, values } = settings.sensitiveDataTag;
    const sensitive = new Set(values.map((v) => v.toLowerCase()));
    return inventory.s3Buckets.map((b) => {
      const tagValue = b.tags[key];
      const resourceId = bucketArn(partition, b.name);
      if (tagValue === undefined || !sensitive.has(tagValue.toLowerCase())) {
        return {
          resourceId,
          resourceType: "AWS::S3::Bucket",
          status: "not_applicable" as const,
          evidence: { region: b.region, tag: key, tagValue: tagValue ?? null },
        };
      }
      const algorithms = (b.encryption ?? []).map((r) => r.algorithm);
      return {
        resourceId,
        resourceType: "AWS::S3::Bucket",
        status: algorithms.some((a) => KMS_ALGORITHMS.has(a)) ? ("pass" as const) : ("fail" as const),
        evidence: {
          region: b.region,
          tag: key,
          tagValue,
          defaultEncryption: b.encryption === null ? "none configured" : algorithms,
        },
      };
    });
  },
});
