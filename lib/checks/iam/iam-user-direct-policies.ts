import { defineCheck } from "../types";

export default defineCheck({
  id: "iam_user_direct_policies",
  title: "IAM user has policies attached directly",
  description:
    "Permissions attached to individual users instead of groups or roles drift apart user by user, are forgotten when people change jobs, and make access reviews slow and error-prone.",
  severity: "low",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.13" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.2" },
  ],
  remediation: {
    steps: [
      "Create (or reuse) a group carrying the permissions the user needs, and add the user to it.",
      "Detach the managed policies from the user and delete its inline policies.",
    ],
    cli: "aws iam add-user-to-group --group-name GROUP --user-name USER\naws iam detach-user-policy --user-name USER --policy-arn POLICY_ARN\naws iam delete-user-policy --user-name USER --policy-name INLINE_POLICY",
    terraform:
      'resource "aws_iam_user_group_membership" "this" {\n  user   = aws_iam_user.this.name\n  groups = [aws_iam_group.team.name]\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ inventory }) =>
    inventory.iamAuthorizationDetails.users.map((u) => {
      const attached = u.attachedPolicies.map((p) => p.arn);
      const inline = u.inlinePolicies.map((p) => p.name);
      return {
        resourceId: u.arn,
        resourceType: "AWS::IAM::User",
        status: attached.length + inline.length > 0 ? "fail" : "pass",
        evidence: { attachedPolicies: attached, inlinePolicies: inline, groups: u.groups },
      };
    }),
});
