import { defineCheck } from "../types";

export default defineCheck({
  id: "efs_unencrypted",
  title: "EFS file system is not encrypted at rest",
  description:
    "An unencrypted EFS file system keeps its files, and every backup of them, readable by anyone who gets at the underlying storage or a copy of it. Encryption can only be chosen when the file system is created.",
  severity: "medium",
  service: "efs",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.3.1" },
    { framework: "AWS Foundational Security Best Practices", control: "EFS.1" },
  ],
  remediation: {
    steps: [
      "Create a new file system with encryption at rest (a KMS key), copy the data with AWS DataSync, and move the mount targets' clients to it.",
      "Delete the unencrypted file system once nothing mounts it.",
    ],
    cli: "aws efs create-file-system --encrypted --kms-key-id KMS_KEY_ID --performance-mode generalPurpose --tags Key=Name,Value=NAME",
    terraform: 'resource "aws_efs_file_system" "this" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}',
  },
  requires: ["efsFileSystems"],
  evaluate: ({ accountId, inventory }) =>
    inventory.efsFileSystems
      .filter((fs) => fs.lifeCycleState !== "deleting" && fs.lifeCycleState !== "deleted")
      .map((fs) => ({
        resourceId: fs.arn,
        resourceType: "AWS::EFS::FileSystem",
        status: fs.ownerId && fs.ownerId !== accountId ? "not_applicable" : fs.encrypted ? "pass" : "fail",
        evidence: { name: fs.name ?? null, encrypted: fs.encrypted, kmsKeyId: fs.kmsKeyId ?? null },
      })),
});
