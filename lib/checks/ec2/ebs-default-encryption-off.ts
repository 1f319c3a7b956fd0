import { defineCheck } from "../types";

export default defineCheck({
  id: "ebs_default_encryption_off",
  title: "EBS encryption by default is off",
  description:
    "Without encryption by default, every new volume and snapshot copy in the region is unencrypted unless its creator remembers to ask, and an unencrypted snapshot shared by mistake exposes the data in it.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.1.1" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.7" },
  ],
  remediation: {
    steps: [
      "Turn on EBS encryption by default in every region the account uses (it is a per-region setting).",
      "Optionally set a customer managed KMS key as the default key.",
      "Existing unencrypted volumes stay unencrypted: copy their snapshots with encryption and replace them.",
    ],
    cli: "aws ec2 enable-ebs-encryption-by-default --region REGION",
    terraform: 'resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}',
  },
  requires: ["ebsEncryptionByDefault"],
  evaluate: ({ accountId, region, inventory }) => {
    const setting = inventory.ebsEncryptionByDefault;
    return [
      {
        resourceId: `${accountId}/${region}/ebs-encryption-by-default`,
        resourceType: "AWS::::Account",
        status: setting.enabled ? "pass" : "fail",
        evidence: { ebsEncryptionByDefault: setting.enabled },
      },
    ];
  },
});
