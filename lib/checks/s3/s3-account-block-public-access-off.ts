import { defineCheck } from "../types";

const SETTINGS = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"] as const;

export default defineCheck({
  id: "s3_account_block_public_access_off",
  title: "S3 Block Public Access is not fully on for the account",
  description:
    "The account-level Block Public Access settings are the guard rail that stops any bucket in the account from being made public by an ACL or policy mistake.",
  severity: "high",
  service: "s3",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.1.4" },
    { framework: "AWS Foundational Security Best Practices", control: "S3.1" },
  ],
  remediation: {
    steps: [
      "Confirm no bucket in the account must be public (serve public content through CloudFront with origin access control instead).",
      "Turn on all four account-level Block Public Access settings.",
    ],
    cli: "aws s3control put-public-access-block --account-id ACCOUNT_ID \\\n  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    terraform:
      'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
  },
  requires: ["s3AccountPublicAccessBlock"],
  evaluate: ({ accountId, inventory }) => {
    const pab = inventory.s3AccountPublicAccessBlock;
    const off = SETTINGS.filter((s) => !pab[s]);
    return [
      {
        resourceId: `${accountId}/s3-account-public-access-block`,
        resourceType: "AWS::S3::AccountPublicAccessBlock",
        status: off.length === 0 ? "pass" : "fail",
        evidence: { configured: pab.configured, settingsOff: off },
      },
    ];
  },
});
