import { defineCheck } from "../types";

export default defineCheck({
  id: "cloudtrail_validation_or_kms_off",
  title: "CloudTrail trail lacks log file validation or KMS encryption",
  description:
    "Without log file validation, deleted or edited log files go unnoticed; without SSE-KMS, anyone who can read the log bucket can read every API call recorded. Either weakens the audit trail an investigation depends on.",
  severity: "medium",
  service: "cloudtrail",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.2" },
    { framework: "CIS AWS Foundations v7.0", control: "4.5" },
    { framework: "AWS Foundational Security Best Practices", control: "CloudTrail.4" },
    { framework: "AWS Foundational Security Best Practices", control: "CloudTrail.2" },
  ],
  remediation: {
    steps: [
      "Create a customer-managed KMS key whose policy lets CloudTrail encrypt and only log readers decrypt.",
      "Update the trail to enable log file validation and encrypt with that key.",
    ],
    cli: "aws cloudtrail update-trail --name TRAIL_NAME --enable-log-file-validation --kms-key-id KMS_KEY_ARN",
    terraform:
      'resource "aws_cloudtrail" "this" {\n  # ...\n  enable_log_file_validation = true\n  kms_key_id                 = aws_kms_key.cloudtrail.arn\n}',
  },
  requires: ["cloudTrails"],
  evaluate: ({ accountId, inventory }) =>
    inventory.cloudTrails.map((t) => {
      const base = { resourceId: t.arn, resourceType: "AWS::CloudTrail::Trail" };
      // An organization trail seen from a member is fixed (and assessed) in the account that owns it.
      if (t.ownerAccountId !== accountId) {
        return {
          ...base,
          status: "not_applicable" as const,
          evidence: { ownerAccountId: t.ownerAccountId, isOrganizationTrail: t.isOrganizationTrail },
        };
      }
      const ok = t.logFileValidationEnabled && Boolean(t.kmsKeyId);
      return {
        ...base,
        status: ok ? ("pass" as const) : ("fail" as const),
        evidence: { logFileValidationEnabled: t.logFileValidationEnabled, kmsKeyId: t.kmsKeyId ?? null },
      };
    }),
});
