import { defineCheck } from "../types";
import { instanceArn, isRunning } from "./net";

export default defineCheck({
  id: "ec2_instances_in_unused_regions",
  title: "EC2 instances run in a region the organization does not use",
  description:
    "Instances in a region the organization has declared unused are outside everyone's view and monitoring; they are a classic sign of a compromised account mining cryptocurrency, or of forgotten, unpatched workloads.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Find out who launched the instances (CloudTrail RunInstances events in that region) and whether they are legitimate.",
      "If not: isolate them, rotate the credentials used to launch them, and terminate them.",
      "If the region is now used, remove it from the unused regions in Settings; otherwise block it with an SCP denying actions outside the approved regions.",
    ],
    cli: "aws ec2 describe-instances --region REGION --filters Name=instance-state-name,Values=running\naws ec2 terminate-instances --region REGION --instance-ids i-0123456789abcdef0",
    terraform:
      '# Deny everything outside approved regions with an SCP:\nresource "aws_organizations_policy" "region_guard" {\n  name = "deny-unused-regions"\n  type = "SERVICE_CONTROL_POLICY"\n  content = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Deny"\n      Action    = "*"\n      Resource  = "*"\n      Condition = { StringEquals = { "aws:RequestedRegion" = ["REGION"] } }\n    }]\n  })\n}',
  },
  requires: ["ec2Instances"],
  evaluate: ({ accountId, region, partition, settings, inventory }) => {
    const regionResult = { resourceId: `${accountId}/${region}/ec2-instances`, resourceType: "AWS::::Account" };
    if (!settings.unusedRegions.includes(region)) {
      return [
        { ...regionResult, status: "not_applicable", evidence: { region, unusedRegions: settings.unusedRegions } },
      ];
    }
    const running = inventory.ec2Instances.filter(isRunning);
    if (running.length === 0) {
      return [
        {
          ...regionResult,
          status: "pass",
          evidence: { region, runningInstances: 0, stoppedInstances: inventory.ec2Instances.length },
        },
      ];
    }
    return running.map((i) => ({
      resourceId: instanceArn(partition, region, accountId, i.instanceId),
      resourceType: "AWS::EC2::Instance",
      status: "fail",
      evidence: {
        region,
        state: i.state,
        publicIp: i.publicIp ?? null,
        instanceProfileArn: i.instanceProfileArn ?? null,
      },
    }));
  },
});
