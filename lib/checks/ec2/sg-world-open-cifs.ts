import { defineCheck } from "../types";
import { worldCanReachTcpPort } from "./ports";
import { securityGroupArn } from "./net";

export default defineCheck({
  id: "sg_world_open_cifs",
  title: "Security group allows CIFS/SMB from the internet",
  description:
    "Port 445 (SMB/CIFS) open to 0.0.0.0/0 or ::/0 exposes file shares and Windows hosts to the worm and ransomware exploits that scan the internet for it.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "6.1.2" }],
  remediation: {
    steps: [
      "Remove the ingress rule allowing port 445 from 0.0.0.0/0 and ::/0.",
      "Allow SMB only from the networks that need it (a VPC range, a VPN), or use Amazon FSx behind private access.",
    ],
    cli: "aws ec2 revoke-security-group-ingress --group-id sg-... --protocol tcp --port 445 --cidr 0.0.0.0/0",
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "smb" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 445\n  to_port           = 445\n  cidr_ipv4         = "10.0.0.0/8"\n}',
  },
  requires: ["securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.securityGroups.map((g) => {
      const open = g.ingress.filter((r) => worldCanReachTcpPort(r, 445));
      return {
        resourceId: securityGroupArn(partition, region, accountId, g.groupId),
        resourceType: "AWS::EC2::SecurityGroup",
        status: open.length > 0 ? "fail" : "pass",
        evidence: { groupName: g.groupName, vpcId: g.vpcId, openRules: open },
      };
    }),
});
