import { defineCheck } from "../types";
import { ownedBy, securityGroupArn } from "./net";

export default defineCheck({
  id: "default_sg_allows_traffic",
  title: "Default security group allows traffic",
  description:
    "Every VPC's default security group is attached to anything launched without an explicit group. Any rule in it (by default: all traffic between its members, and all outbound) silently connects resources nobody meant to connect.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.5" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.2" },
  ],
  remediation: {
    steps: [
      "Move every resource still using the default group to a purpose-made security group.",
      "Remove all inbound and outbound rules from the default security group (it cannot be deleted).",
    ],
    cli: 'aws ec2 revoke-security-group-ingress --group-id sg-DEFAULT --ip-permissions \'[{"IpProtocol":"-1","UserIdGroupPairs":[{"GroupId":"sg-DEFAULT"}]}]\'\naws ec2 revoke-security-group-egress --group-id sg-DEFAULT --ip-permissions \'[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]\'',
    terraform:
      '# Taking over the default group with no rule blocks removes all of its rules:\nresource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n}',
  },
  requires: ["defaultSecurityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.defaultSecurityGroups.map((g) => {
      const rules = g.ingress.length + g.egress.length;
      return {
        resourceId: securityGroupArn(partition, region, accountId, g.groupId),
        resourceType: "AWS::EC2::SecurityGroup",
        // The default group of a VPC shared in through RAM belongs to, and is fixed by, its owner.
        status: !ownedBy(accountId, g) ? "not_applicable" : rules > 0 ? "fail" : "pass",
        evidence: { vpcId: g.vpcId, ownerId: g.ownerId, ingress: g.ingress, egress: g.egress },
      };
    }),
});
