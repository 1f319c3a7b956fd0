import { defineCheck } from "../types";

const MIN_LENGTH = 14;
const MIN_REUSE_PREVENTION = 24;

export default defineCheck({
  id: "iam_password_policy_weak",
  title: "IAM password policy is missing or weak",
  description:
    "Without a strong account password policy, IAM users can set short or reused passwords that fall to guessing and credential-stuffing attacks.",
  severity: "medium",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.8" },
    { framework: "CIS AWS Foundations v7.0", control: "2.9" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.7" },
  ],
  remediation: {
    steps: [
      `Set a password policy with a minimum length of at least ${MIN_LENGTH} and reuse prevention of ${MIN_REUSE_PREVENTION}.`,
      "Require uppercase letters, lowercase letters, numbers and symbols.",
      "Better still, move people to IAM Identity Center so IAM user passwords are not needed.",
    ],
    cli: `aws iam update-account-password-policy --minimum-password-length ${MIN_LENGTH} --password-reuse-prevention ${MIN_REUSE_PREVENTION} \\\n  --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --allow-users-to-change-password`,
    terraform: `resource "aws_iam_account_password_policy" "this" {\n  minimum_password_length        = ${MIN_LENGTH}\n  password_reuse_prevention      = ${MIN_REUSE_PREVENTION}\n  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n  require_numbers                = true\n  require_symbols                = true\n  allow_users_to_change_password = true\n}`,
  },
  requires: ["iamPasswordPolicy"],
  evaluate: ({ accountId, inventory }) => {
    const p = inventory.iamPasswordPolicy;
    const resource = { resourceId: `${accountId}/password-policy`, resourceType: "AWS::IAM::AccountPasswordPolicy" };
    if (!p.configured)
      return [{ ...resource, status: "fail", evidence: { configured: false, weaknesses: ["no password policy"] } }];
    const weaknesses = [
      ...(p.minimumPasswordLength < MIN_LENGTH ? [`minimum length ${p.minimumPasswordLength} < ${MIN_LENGTH}`] : []),
      ...((p.passwordReusePrevention ?? 0) < MIN_REUSE_PREVENTION
        ? [`reuse prevention ${p.passwordReusePrevention ?? "off"} < ${MIN_REUSE_PREVENTION}`]
        : []),
      ...(!p.requireUppercase ? ["uppercase not required"] : []),
      ...(!p.requireLowercase ? ["lowercase not required"] : []),
      ...(!p.requireNumbers ? ["numbers not required"] : []),
      ...(!p.requireSymbols ? ["symbols not required"] : []),
    ];
    return [{ ...resource, status: weaknesses.length > 0 ? "fail" : "pass", evidence: { ...p, weaknesses } }];
  },
});
