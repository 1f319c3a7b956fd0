import { defineCheck } from "../types";
import { instanceArn } from "./net";

export default defineCheck({
  id: "ec2_imdsv1_allowed",
  title: "EC2 instance allows IMDSv1",
  description:
    "With IMDSv1 the instance's role credentials can be read with a single unauthenticated GET, so any server-side request forgery or open proxy on the instance hands them to an attacker. IMDSv2's session tokens block that.",
  severity: "high",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.7" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.8" },
  ],
  remediation: {
    steps: [
      "Check that the software on the instance uses an AWS SDK or agent version that supports IMDSv2 (the MetadataNoToken CloudWatch metric shows IMDSv1 use).",
      "Require tokens on the instance (no restart needed).",
      "Make IMDSv2 the default for new instances: set the account's instance metadata defaults and HttpTokens=required in launch templates.",
    ],
    cli: "aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 --http-tokens required --http-endpoint enabled\naws ec2 modify-instance-metadata-defaults --http-tokens required --region REGION",
    terraform:
      'resource "aws_instance" "app" {\n  # ...\n  metadata_options {\n    http_endpoint = "enabled"\n    http_tokens   = "required"\n  }\n}',
  },
  requires: ["ec2Instances"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.ec2Instances.map((i) => {
      const m = i.metadataOptions;
      // Without the options we cannot tell; a disabled endpoint serves neither version.
      const status = !m?.httpTokens
        ? "not_applicable"
        : m.httpEndpoint === "disabled"
          ? "pass"
          : m.httpTokens === "required"
            ? "pass"
            : "fail";
      return {
        resourceId: instanceArn(partition, region, accountId, i.instanceId),
        resourceType: "AWS::EC2::Instance",
        status,
        evidence: { state: i.state, httpTokens: m?.httpTokens ?? null, httpEndpoint: m?.httpEndpoint ?? null },
      };
    }),
});
