import { defineCheck } from "../types";

export default defineCheck({
  id: "guardduty_disabled_in_region",
  title: "GuardDuty is not enabled in this region",
  description:
    "Without an enabled GuardDuty detector, compromised credentials, crypto-mining and reconnaissance in this region go undetected; attackers favour regions nobody watches.",
  severity: "high",
  service: "guardduty",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "GuardDuty.1" }],
  remediation: {
    steps: [
      "Enable GuardDuty in every region, including regions you do not use.",
      "In an organization, delegate a GuardDuty administrator account and turn on auto-enable for all member accounts.",
    ],
    cli: "aws guardduty create-detector --enable --region REGION\n# or, for a disabled detector:\naws guardduty update-detector --detector-id DETECTOR_ID --enable --region REGION",
    terraform: 'resource "aws_guardduty_detector" "this" {\n  enable = true\n}',
  },
  requires: ["guardDutyDetectors"],
  evaluate: ({ accountId, region, partition, inventory }) => {
    const detectors = inventory.guardDutyDetectors;
    const first = detectors[0];
    const enabled = detectors.filter((d) => d.status === "ENABLED");
    return [
      {
        resourceId: first
          ? `arn:${partition}:guardduty:${region}:${accountId}:detector/${first.detectorId}`
          : `${accountId}/${region}/guardduty`,
        resourceType: "AWS::GuardDuty::Detector",
        status: enabled.length > 0 ? "pass" : "fail",
        evidence: {
          detectors: detectors.map((d) => ({ detectorId: d.detectorId, status: d.status })),
          reason: detectors.length === 0 ? "no detector" : undefined,
        },
      },
    ];
  },
});
