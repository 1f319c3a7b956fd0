import { defineCheck } from "../types";

export default defineCheck({
  id: "securityhub_disabled",
  title: "Security Hub is not enabled in this region",
  description:
    "Without Security Hub, findings from GuardDuty, Inspector, Macie and AWS's own security standards in this region are not collected or checked in one place, so problems there are easy to miss.",
  severity: "medium",
  service: "securityhub",
  scope: "regional",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "5.16" }],
  remediation: {
    steps: [
      "Enable Security Hub in the region (AWS Config recording is a prerequisite for most controls).",
      "In an organization, designate a delegated administrator and use central configuration to enable it in every account and region.",
    ],
    cli: "aws securityhub enable-security-hub --enable-default-standards --region REGION",
    terraform: 'resource "aws_securityhub_account" "this" {\n  enable_default_standards = true\n}',
  },
  requires: ["securityHub"],
  evaluate: ({ accountId, region, partition, inventory }) => {
    const hub = inventory.securityHub;
    return [
      {
        resourceId: hub.hubArn ?? `arn:${partition}:securityhub:${region}:${accountId}:hub/default`,
        resourceType: "AWS::SecurityHub::Hub",
        status: hub.enabled ? "pass" : "fail",
        evidence: { enabled: hub.enabled, subscribedAt: hub.subscribedAt ?? null },
      },
    ];
  },
});
