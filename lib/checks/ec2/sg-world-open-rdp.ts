import { defineCheck } from "../types";
import { worldCanReachTcpPort } from "./ports";
import { securityGroupArn } from "./net";

export default defineCheck({
  id: "sg_world_open_rdp",
  title: "Security group allows RDP from the internet",
  description:
    "Port 3389 open to 0.0.0.0/0 or ::/0 exposes every attached Windows host to password spraying and remote-desktop exploits; it is one of the most common ransomware entry points.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.3" },
    { framework: "CIS AWS Foundations v7.0", control: "6.4" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.14" },
  ],
  remediation: {
    steps: [
      "Remove the ingress rule allowing port 3389 from 0.0.0.0/0 and ::/0.",
      "Reach Windows hosts through SSM Session Manager / Fleet Manager or a VPN, or allow RDP only from a known range.",
    ],
    cli: "aws ec2 revoke-security-group-ingress --group-id sg-... --protocol tcp --port 3389 --cidr 0.0.0.0/0",
    terraform:
      '# Replace the world-open rule with a narrow one:\nresource "aws_vpc_security_group_ingress_rule" "rdp" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 3389\n  to_port           = 3389\n  cidr_ipv4         = "10.0.0.0/8"\n}',
  },
  requires: ["securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.securityGroups.map((g) => {
      const open = g.ingress.filter((r) => worldCanReachTcpPort(r, 3389));
      return {
        resourceId: securityGroupArn(partition, region, accountId, g.groupId),
        resourceType: "AWS::EC2::SecurityGroup",
        status: open.length > 0 ? "fail" : "pass",
        evidence: { groupName: g.groupName, vpcId: g.vpcId, openRules: open },
      };
    }),
});
