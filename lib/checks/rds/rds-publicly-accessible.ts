import { defineCheck } from "../types";

export default defineCheck({
  id: "rds_publicly_accessible",
  title: "RDS instance is publicly accessible",
  description:
    "A publicly accessible DB instance gets a public DNS name and IP address, so only its security group stands between the database and the internet's password-guessing and exploit traffic.",
  severity: "critical",
  service: "rds",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "3.2.3" },
    { framework: "AWS Foundational Security Best Practices", control: "RDS.2" },
  ],
  remediation: {
    steps: [
      "Confirm no client reaches the database over the internet (use a bastion, VPN, or SSM port forwarding instead).",
      "Modify the instance and turn public accessibility off; make sure it sits in private subnets.",
    ],
    cli: "aws rds modify-db-instance --db-instance-identifier DB_INSTANCE_ID --no-publicly-accessible --apply-immediately",
    terraform:
      'resource "aws_db_instance" "this" {\n  # ...\n  publicly_accessible  = false\n  db_subnet_group_name = aws_db_subnet_group.private.name\n}',
  },
  requires: ["rdsInstances"],
  evaluate: ({ inventory }) =>
    inventory.rdsInstances.map((db) => ({
      resourceId: db.arn,
      resourceType: "AWS::RDS::DBInstance",
      status: db.publiclyAccessible ? "fail" : "pass",
      evidence: { identifier: db.identifier, engine: db.engine, publiclyAccessible: db.publiclyAccessible },
    })),
});
