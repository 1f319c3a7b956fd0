import { defineCheck } from "../types";
import { bucketArn, insecureTransportDenial } from "./policy";

export default defineCheck({
  id: "s3_bucket_http_allowed",
  title: "S3 bucket accepts unencrypted HTTP requests",
  description:
    "The bucket policy does not deny requests made without TLS, so data and credentials-signed requests can travel in clear text and be read or tampered with on the network.",
  severity: "medium",
  service: "s3",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.1.1" },
    { framework: "AWS Foundational Security Best Practices", control: "S3.5" },
  ],
  remediation: {
    steps: [
      "Add a bucket policy statement that denies s3:* to every principal when aws:SecureTransport is false, on the bucket and its objects.",
      "Merge it into the existing bucket policy rather than replacing the policy.",
    ],
    cli: 'aws s3api put-bucket-policy --bucket BUCKET_NAME --policy \'{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET_NAME","arn:aws:s3:::BUCKET_NAME/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}\'',
    terraform:
      'data "aws_iam_policy_document" "tls_only" {\n  statement {\n    sid     = "DenyInsecureTransport"\n    effect  = "Deny"\n    actions = ["s3:*"]\n    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\n\nresource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n  policy = data.aws_iam_policy_document.tls_only.json\n}',
  },
  requires: ["s3Buckets"],
  evaluate: ({ partition, inventory }) =>
    inventory.s3Buckets.map((b) => {
      // The denial must reach the bucket and every object in it, across one statement or several (issue 22, case 4).
      const denials = (b.policy ?? []).flatMap((s, i) => {
        const d = insecureTransportDenial(s, b, partition);
        return d ? [{ statement: s.sid ?? `statement ${i}`, ...d }] : [];
      });
      const bucket = denials.some((d) => d.bucket);
      const objects = denials.some((d) => d.objects);
      return {
        resourceId: bucketArn(partition, b.name),
        region: b.region,
        resourceType: "AWS::S3::Bucket",
        status: bucket && objects ? "pass" : "fail",
        evidence: {
          region: b.region,
          hasBucketPolicy: b.policy !== null,
          denyingStatements: denials.map((d) => d.statement),
          deniesOnBucket: bucket,
          deniesOnObjects: objects,
        },
      };
    }),
});
