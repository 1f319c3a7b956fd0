import { defineCheck } from "../types";
import { worldCanReachTcpPort } from "./ports";

export default defineCheck({
  id: "sg_world_open_ssh",
  title: "Security group allows SSH from the internet",
  description:
    "Port 22 open to 0.0.0.0/0 or ::/0 exposes every attached instance to constant brute-force and exploit attempts against SSH.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.3" },
    { framework: "CIS AWS Foundations v7.0", control: "6.4" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.13" },
  ],
  remediation: {
    steps: [
      "Remove the ingress rule allowing port 22 from 0.0.0.0/0 and ::/0.",
      "Reach instances through SSM Session Manager (no inbound port) or allow SSH only from a known range such as a VPN.",
    ],
    cli: "aws ec2 revoke-security-group-ingress --group-id sg-... --protocol tcp --port 22 --cidr 0.0.0.0/0",
    terraform:
      '# Replace the world-open rule with a narrow one, or remove it and use SSM Session Manager:\nresource "aws_vpc_security_group_ingress_rule" "ssh" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = "10.0.0.0/8"\n}',
  },
  requires: ["securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.securityGroups.map((g) => {
      const open = g.ingress.filter((r) => worldCanReachTcpPort(r, 22));
      return {
        resourceId: `arn:${partition}:ec2:${region}:${accountId}:security-group/${g.groupId}`,
        resourceType: "AWS::EC2::SecurityGroup",
        status: open.length > 0 ? "fail" : "pass",
        evidence: { groupName: g.groupName, vpcId: g.vpcId, openRules: open },
      };
    }),
});
