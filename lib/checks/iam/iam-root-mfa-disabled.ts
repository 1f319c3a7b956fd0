import { defineCheck } from "../types";

export default defineCheck({
  id: "iam_root_mfa_disabled",
  title: "Root user has no MFA",
  description:
    "Without MFA, the root user's password alone opens the whole account; phishing or password reuse is enough to lose it.",
  severity: "critical",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.5" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.9" },
  ],
  remediation: {
    steps: [
      "Sign in as the root user and open Security credentials.",
      "Assign an MFA device, preferably a hardware security key; keep a second device in a safe.",
      "In an organization, consider centralized root access management to remove member-account root credentials.",
    ],
    cli: "aws iam enable-mfa-device --user-name root ... # root MFA is set in the console as the root user",
    terraform: "# Root MFA cannot be managed by Terraform; enable it in the console.",
  },
  requires: ["iamAccountSummary"],
  evaluate: ({ accountId, partition, inventory }) => {
    const summary = inventory.iamAccountSummary;
    return [
      {
        resourceId: `arn:${partition}:iam::${accountId}:root`,
        resourceType: "AWS::IAM::Root",
        status: summary.accountMfaEnabled ? "pass" : "fail",
        evidence: { AccountMFAEnabled: summary.raw.AccountMFAEnabled ?? 0 },
      },
    ];
  },
});
