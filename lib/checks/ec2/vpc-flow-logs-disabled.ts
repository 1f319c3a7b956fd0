import { defineCheck } from "../types";
import { ownedBy, vpcArn } from "./net";

export default defineCheck({
  id: "vpc_flow_logs_disabled",
  title: "VPC has no active flow log",
  description:
    "Without VPC flow logs there is no record of which addresses talked to which resources, so an intrusion, data exfiltration or a misrouted connection cannot be investigated after the fact.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.7" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.6" },
  ],
  remediation: {
    steps: [
      "Create a flow log on the VPC (traffic type ALL, or at least REJECT) delivering to CloudWatch Logs or to the central log-archive S3 bucket.",
      "If a flow log exists but is not ACTIVE, check its delivery role and destination permissions.",
    ],
    cli: "aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-... --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::LOG_ARCHIVE_BUCKET/vpc-flow-logs/",
    terraform:
      'resource "aws_flow_log" "vpc" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::LOG_ARCHIVE_BUCKET/vpc-flow-logs/"\n}',
  },
  requires: ["vpcs", "flowLogs"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.vpcs.map((vpc) => {
      const logs = inventory.flowLogs.filter((f) => f.resourceId === vpc.vpcId);
      // A flow log of accepted traffic only misses the rejected probes CIS asks to see.
      const active = logs.filter((f) => f.status === "ACTIVE" && f.trafficType !== "ACCEPT");
      return {
        resourceId: vpcArn(partition, region, accountId, vpc.vpcId),
        resourceType: "AWS::EC2::VPC",
        // A participant cannot see the owner's flow logs of a VPC shared in through RAM.
        status: !ownedBy(accountId, vpc) ? "not_applicable" : active.length > 0 ? "pass" : "fail",
        evidence: {
          isDefault: vpc.isDefault,
          ownerId: vpc.ownerId,
          flowLogs: logs.map((f) => ({
            flowLogId: f.flowLogId,
            status: f.status,
            deliverLogsStatus: f.deliverLogsStatus,
            trafficType: f.trafficType,
          })),
        },
      };
    }),
});
