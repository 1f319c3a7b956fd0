import { defineCheck } from "../types";

export default defineCheck({
  id: "rds_no_deletion_protection",
  title: "RDS instance has deletion protection off",
  description:
    "Without deletion protection a single API call, a mistaken Terraform destroy or a compromised credential can delete the database outright.",
  severity: "low",
  service: "rds",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "RDS.8" }],
  remediation: {
    steps: [
      "Turn deletion protection on for the instance.",
      "Set it in infrastructure code too, so the next apply does not turn it off.",
    ],
    cli: "aws rds modify-db-instance --db-instance-identifier DB_INSTANCE_ID --deletion-protection --apply-immediately",
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  deletion_protection = true\n}',
  },
  requires: ["rdsInstances"],
  evaluate: ({ inventory }) =>
    inventory.rdsInstances.map((db) => {
      const evidence = { identifier: db.identifier, engine: db.engine, deletionProtection: db.deletionProtection };
      // A cluster member's own flag means nothing: deletion protection is set on the cluster.
      if (db.clusterIdentifier) {
        return {
          resourceId: db.arn,
          resourceType: "AWS::RDS::DBInstance",
          status: "not_applicable" as const,
          evidence: { ...evidence, clusterIdentifier: db.clusterIdentifier },
        };
      }
      return {
        resourceId: db.arn,
        resourceType: "AWS::RDS::DBInstance",
        status: db.deletionProtection ? "pass" : "fail",
        evidence,
      };
    }),
});
