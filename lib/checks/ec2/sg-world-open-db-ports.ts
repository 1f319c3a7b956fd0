import { defineCheck } from "../types";
import { worldCanReachTcpPort } from "./ports";
import { securityGroupArn } from "./net";

const DB_PORTS: Record<number, string> = {
  5432: "PostgreSQL",
  3306: "MySQL",
  1433: "SQL Server",
  1521: "Oracle",
  27017: "MongoDB",
  6379: "Redis",
};

export default defineCheck({
  id: "sg_world_open_db_ports",
  title: "Security group exposes database ports to the internet",
  description:
    "Database ports (PostgreSQL, MySQL, SQL Server, Oracle, MongoDB, Redis) open to 0.0.0.0/0 or ::/0 let anyone try credentials and exploits against the data store directly; unauthenticated Redis and MongoDB instances are found and wiped within hours.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "EC2.19" }],
  remediation: {
    steps: [
      "Remove the ingress rules that open the database ports to 0.0.0.0/0 and ::/0.",
      "Allow the database port only from the application's security group (a security-group reference, not a CIDR).",
      "Keep databases in private subnets without a public IP.",
    ],
    cli: "aws ec2 revoke-security-group-ingress --group-id sg-... --protocol tcp --port 5432 --cidr 0.0.0.0/0",
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "db_from_app" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.app.id\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n}',
  },
  requires: ["securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.securityGroups.map((g) => {
      const ports = Object.keys(DB_PORTS)
        .map(Number)
        .filter((p) => g.ingress.some((r) => worldCanReachTcpPort(r, p)));
      return {
        resourceId: securityGroupArn(partition, region, accountId, g.groupId),
        resourceType: "AWS::EC2::SecurityGroup",
        status: ports.length > 0 ? "fail" : "pass",
        evidence: {
          groupName: g.groupName,
          vpcId: g.vpcId,
          openPorts: ports.map((p) => ({ port: p, service: DB_PORTS[p] })),
          openRules: g.ingress.filter((r) => ports.some((p) => worldCanReachTcpPort(r, p))),
        },
      };
    }),
});
