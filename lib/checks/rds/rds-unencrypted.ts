import { defineCheck } from "../types";

export default defineCheck({
  id: "rds_unencrypted",
  title: "RDS instance storage is not encrypted",
  description:
    "Without encryption at rest, the database's storage, automated backups, snapshots and read replicas are readable by anyone who obtains a copy of them, for example through a shared snapshot.",
  severity: "high",
  service: "rds",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.2.1" },
    { framework: "AWS Foundational Security Best Practices", control: "RDS.3" },
  ],
  remediation: {
    steps: [
      "Encryption cannot be turned on for an existing instance: take a snapshot and copy it with encryption (a KMS key).",
      "Restore a new instance from the encrypted snapshot, move clients to it, then delete the unencrypted instance.",
    ],
    cli: "aws rds copy-db-snapshot --source-db-snapshot-identifier SNAPSHOT_ID --target-db-snapshot-identifier SNAPSHOT_ID-encrypted --kms-key-id KMS_KEY_ID\naws rds restore-db-instance-from-db-snapshot --db-instance-identifier NEW_DB_INSTANCE_ID --db-snapshot-identifier SNAPSHOT_ID-encrypted",
    terraform:
      'resource "aws_db_instance" "this" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}',
  },
  requires: ["rdsInstances"],
  evaluate: ({ inventory }) =>
    inventory.rdsInstances.map((db) => ({
      resourceId: db.arn,
      resourceType: "AWS::RDS::DBInstance",
      status: db.storageEncrypted ? "pass" : "fail",
      evidence: { identifier: db.identifier, engine: db.engine, storageEncrypted: db.storageEncrypted },
    })),
});
