import { GUARDDUTY_FEATURE_LABELS, guardDutyFeatureEnabled } from "@/lib/domain/guardduty";
import { defineCheck } from "../types";

export default defineCheck({
  id: "guardduty_required_feature_disabled",
  title: "A GuardDuty protection plan the organization requires is off",
  description:
    "An enabled detector without a required protection plan (runtime monitoring, S3 data events, malware protection…) misses the attacks that plan detects: compromised containers, data exfiltration from buckets, malware on volumes.",
  severity: "medium",
  service: "guardduty",
  scope: "regional",
  frameworks: [5, 6, 7, 8, 9, 10, 11, 12].map((n) => ({
    framework: "AWS Foundational Security Best Practices",
    control: `GuardDuty.${n}`,
  })),
  remediation: {
    steps: [
      "From the delegated administrator, turn the plan on for all member accounts (auto-enable) in every region.",
      "Or, for one detector, enable the feature under GuardDuty › Protection plans.",
      "The required plans are listed on Settings › Checks.",
    ],
    cli: "aws guardduty update-detector --detector-id DETECTOR_ID --region REGION \\\n  --features Name=RUNTIME_MONITORING,Status=ENABLED",
    terraform:
      'resource "aws_guardduty_detector_feature" "runtime" {\n  detector_id = aws_guardduty_detector.this.id\n  name        = "RUNTIME_MONITORING"\n  status      = "ENABLED"\n}',
  },
  requires: ["guardDutyDetectors"],
  evaluate: ({ accountId, region, partition, settings, inventory }) =>
    inventory.guardDutyDetectors
      .filter((d) => d.status === "ENABLED")
      .flatMap((d) =>
        settings.guardDutyRequiredFeatures.map((feature) => {
          const enabled = guardDutyFeatureEnabled(d, feature);
          return {
            resourceId: `arn:${partition}:guardduty:${region}:${accountId}:detector/${d.detectorId}#${feature}`,
            resourceType: "AWS::GuardDuty::Detector",
            status:
              enabled === undefined ? ("not_applicable" as const) : enabled ? ("pass" as const) : ("fail" as const),
            evidence: {
              detectorId: d.detectorId,
              feature,
              plan: GUARDDUTY_FEATURE_LABELS[feature],
              reason: enabled === undefined ? "GuardDuty did not report this plan's status" : undefined,
            },
          };
        }),
      ),
});
