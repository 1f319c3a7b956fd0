import { defineCheck } from "../types";

export default defineCheck({
  id: "rds_no_backups",
  title: "RDS instance has automated backups turned off",
  description:
    "With a backup retention period of 0 there are no automated backups and no point-in-time recovery: a bad deployment, a deleted table or ransomware means the data is gone.",
  severity: "medium",
  service: "rds",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "RDS.11" }],
  remediation: {
    steps: [
      "Set a backup retention period of at least 7 days on the instance.",
      "Check that the backup window does not collide with peak load.",
    ],
    cli: "aws rds modify-db-instance --db-instance-identifier DB_INSTANCE_ID --backup-retention-period 7 --apply-immediately",
    terraform:
      'resource "aws_db_instance" "this" {\n  # ...\n  backup_retention_period = 7\n  backup_window           = "03:00-04:00"\n}',
  },
  requires: ["rdsInstances"],
  evaluate: ({ inventory }) =>
    inventory.rdsInstances.map((db) => {
      const evidence = {
        identifier: db.identifier,
        engine: db.engine,
        backupRetentionPeriod: db.backupRetentionPeriod,
      };
      // Cluster members are backed up by their cluster; read replicas are covered by their source.
      if (db.clusterIdentifier || db.replicaSource) {
        return {
          resourceId: db.arn,
          resourceType: "AWS::RDS::DBInstance",
          status: "not_applicable" as const,
          evidence: { ...evidence, clusterIdentifier: db.clusterIdentifier, replicaSource: db.replicaSource },
        };
      }
      return {
        resourceId: db.arn,
        resourceType: "AWS::RDS::DBInstance",
        status: db.backupRetentionPeriod > 0 ? "pass" : "fail",
        evidence,
      };
    }),
});
