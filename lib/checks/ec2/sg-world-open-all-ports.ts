import { defineCheck } from "../types";
import { securityGroupArn, worldOpenAllPorts } from "./net";

export default defineCheck({
  id: "sg_world_open_all_ports",
  title: "Security group allows all traffic from the internet",
  description:
    "A rule admitting every protocol, or every TCP/UDP port, from 0.0.0.0/0 or ::/0 turns the security group into no firewall at all: every service listening on an attached resource is on the internet.",
  severity: "critical",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.3" },
    { framework: "CIS AWS Foundations v7.0", control: "6.4" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.18" },
  ],
  remediation: {
    steps: [
      "Find what the attached resources actually need to expose (often nothing, or only 443).",
      "Replace the all-traffic rule with rules for those ports only, and only from the ranges that need them.",
    ],
    cli: "aws ec2 revoke-security-group-ingress --group-id sg-... --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'",
    terraform:
      '# Only what must be public, e.g. HTTPS:\nresource "aws_vpc_security_group_ingress_rule" "https" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = "0.0.0.0/0"\n}',
  },
  requires: ["securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.securityGroups.map((g) => {
      const open = g.ingress.filter(worldOpenAllPorts);
      return {
        resourceId: securityGroupArn(partition, region, accountId, g.groupId),
        resourceType: "AWS::EC2::SecurityGroup",
        status: open.length > 0 ? "fail" : "pass",
        evidence: { groupName: g.groupName, vpcId: g.vpcId, openRules: open },
      };
    }),
});
