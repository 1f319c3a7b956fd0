import { defineCheck } from "../types";

export default defineCheck({
  id: "rds_minor_upgrade_off",
  title: "RDS instance does not apply minor engine upgrades automatically",
  description:
    "Minor engine versions carry security fixes; without automatic minor version upgrade the instance keeps known vulnerabilities until someone upgrades it by hand.",
  severity: "low",
  service: "rds",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.2.2" },
    { framework: "AWS Foundational Security Best Practices", control: "RDS.13" },
  ],
  remediation: {
    steps: ["Turn on auto minor version upgrade; upgrades are applied in the instance's maintenance window."],
    cli: "aws rds modify-db-instance --db-instance-identifier DB_INSTANCE_ID --auto-minor-version-upgrade --apply-immediately",
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  auto_minor_version_upgrade = true\n}',
  },
  requires: ["rdsInstances"],
  evaluate: ({ inventory }) =>
    inventory.rdsInstances.map((db) => ({
      resourceId: db.arn,
      resourceType: "AWS::RDS::DBInstance",
      status: db.autoMinorVersionUpgrade ? "pass" : "fail",
      evidence: { identifier: db.identifier, engine: db.engine, autoMinorVersionUpgrade: db.autoMinorVersionUpgrade },
    })),
});
