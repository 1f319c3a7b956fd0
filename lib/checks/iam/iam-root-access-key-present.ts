import { defineCheck } from "../types";

export default defineCheck({
  id: "iam_root_access_key_present",
  title: "Root user has access keys",
  description:
    "Access keys on the root user give unrestricted, unscoped, non-revocable-by-policy access to the whole account. A leaked root key is a full account takeover.",
  severity: "critical",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.4" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.4" },
  ],
  remediation: {
    steps: [
      "Sign in as the root user and open Security credentials.",
      "Delete every access key listed there (deactivate first if something might still use it, and watch CloudTrail).",
      "Use IAM roles or IAM Identity Center for programmatic access instead.",
    ],
    cli: "# Root keys can only be deleted by the root user itself:\naws iam delete-access-key --access-key-id AKIA... # run with root credentials",
    terraform:
      "# Root keys are not manageable with Terraform; delete them in the console and enforce with an SCP:\n# deny iam:CreateAccessKey for arn:aws:iam::*:root",
  },
  requires: ["iamAccountSummary"],
  evaluate: ({ accountId, partition, inventory }) => {
    const summary = inventory.iamAccountSummary;
    return [
      {
        resourceId: `arn:${partition}:iam::${accountId}:root`,
        resourceType: "AWS::IAM::Root",
        status: summary.accountAccessKeysPresent ? "fail" : "pass",
        evidence: { AccountAccessKeysPresent: summary.raw.AccountAccessKeysPresent ?? 0 },
      },
    ];
  },
});
