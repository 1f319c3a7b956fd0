import { defineCheck } from "../types";
import { ownedBy, vpcArn } from "./net";

export default defineCheck({
  id: "default_vpc_in_use",
  title: "Workloads run in the default VPC",
  description:
    "The default VPC gives every subnet a route to the internet and public IPs by default, and nobody designed its layout; resources placed there tend to be reachable from the internet and outside the network controls the organization relies on.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Identify what runs in the default VPC (the network interfaces in the evidence name instances, load balancers, Lambda functions …).",
      "Move those workloads to a purpose-built VPC with private subnets.",
      "Delete the default VPC once it is empty, or keep it empty and monitored.",
    ],
    cli: "aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=vpc-DEFAULT --query 'NetworkInterfaces[].[NetworkInterfaceId,InterfaceType,Description]'\naws ec2 delete-vpc --vpc-id vpc-DEFAULT # after removing its subnets, internet gateway and workloads",
    terraform:
      '# Place workloads in a dedicated VPC:\nresource "aws_vpc" "main" {\n  cidr_block = "10.20.0.0/16"\n}\n\nresource "aws_subnet" "private_a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.20.1.0/24"\n}',
  },
  requires: ["defaultVpcUsage"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.defaultVpcUsage.map((vpc) => ({
      resourceId: vpcArn(partition, region, accountId, vpc.vpcId),
      resourceType: "AWS::EC2::VPC",
      status: !ownedBy(accountId, vpc) ? "not_applicable" : vpc.networkInterfaceCount > 0 ? "fail" : "pass",
      evidence: { networkInterfaceCount: vpc.networkInterfaceCount, networkInterfaces: vpc.sample },
    })),
});
