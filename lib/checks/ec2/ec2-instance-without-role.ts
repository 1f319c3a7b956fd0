import { defineCheck } from "../types";
import { instanceArn, isRunning } from "./net";

export default defineCheck({
  id: "ec2_instance_without_role",
  title: "Running EC2 instance has no IAM role",
  description:
    "An instance without an instance profile cannot get short-lived credentials from AWS, so whatever runs on it that calls AWS tends to carry long-lived access keys on disk, where they leak and never rotate.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "2.16" }],
  remediation: {
    steps: [
      "Create an IAM role for the workload with only the permissions it needs, and an instance profile for it.",
      "Attach the instance profile to the instance (no restart needed).",
      "Remove any access keys stored on the instance and deactivate them in IAM.",
    ],
    cli: "aws ec2 associate-iam-instance-profile --instance-id i-0123456789abcdef0 --iam-instance-profile Name=MY_INSTANCE_PROFILE",
    terraform:
      'resource "aws_iam_instance_profile" "app" {\n  name = "app"\n  role = aws_iam_role.app.name\n}\n\nresource "aws_instance" "app" {\n  # ...\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}',
  },
  requires: ["ec2Instances"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.ec2Instances.map((i) => ({
      resourceId: instanceArn(partition, region, accountId, i.instanceId),
      resourceType: "AWS::EC2::Instance",
      // A stopped instance runs no code that could need credentials.
      status: !isRunning(i) ? "not_applicable" : i.instanceProfileArn ? "pass" : "fail",
      evidence: { state: i.state, instanceProfileArn: i.instanceProfileArn ?? null },
    })),
});
