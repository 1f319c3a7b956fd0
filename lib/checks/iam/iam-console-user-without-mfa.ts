import { defineCheck } from "../types";

export default defineCheck({
  id: "iam_console_user_without_mfa",
  title: "IAM user can sign in to the console without MFA",
  description:
    "A console password without MFA is one phished or reused password away from an interactive session with everything the user is allowed to do.",
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.10" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.5" },
  ],
  remediation: {
    steps: [
      "Ask the user to register an MFA device (a security key or authenticator app) under Security credentials.",
      "If the user does not need the console, delete the login profile instead.",
      "Enforce MFA with a policy that denies everything but MFA self-management while aws:MultiFactorAuthPresent is false.",
    ],
    cli: "aws iam delete-login-profile --user-name USER_NAME   # if console access is not needed\n# otherwise the user enables MFA: aws iam enable-mfa-device --user-name USER_NAME --serial-number MFA_ARN --authentication-code1 CODE1 --authentication-code2 CODE2",
    terraform:
      'resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "USER_NAME"\n}\n# Then associate it with the user (aws iam enable-mfa-device), or remove aws_iam_user_login_profile for the user.',
  },
  requires: ["iamCredentialReport"],
  evaluate: ({ inventory }) =>
    inventory.iamCredentialReport.entries
      .filter((e) => !e.root)
      .map((e) => ({
        resourceId: e.arn,
        resourceType: "AWS::IAM::User",
        status: e.passwordEnabled !== true ? "not_applicable" : e.mfaActive ? "pass" : "fail",
        evidence: { user: e.user, passwordEnabled: e.passwordEnabled, mfaActive: e.mfaActive },
      })),
});
