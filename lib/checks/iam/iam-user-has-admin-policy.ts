import { defineCheck } from "../types";
import { adminAccessOf } from "./policy";

export default defineCheck({
  id: "iam_user_has_admin_policy",
  title: "IAM user has administrator access",
  description:
    'A user with AdministratorAccess or a "*" on "*" policy, directly or through a group, can do anything in the account; its long-lived password or keys are a full-account credential.',
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "2.14" }],
  remediation: {
    steps: [
      "Confirm the user really needs administrator access; most do not.",
      'Replace AdministratorAccess or the "*" policy with a least-privilege policy, or remove the user from the admin group.',
      "Give people administrator access through IAM Identity Center permission sets or an assumable role with MFA instead of a user.",
    ],
    cli: "aws iam detach-user-policy --user-name USER_NAME --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\naws iam remove-user-from-group --user-name USER_NAME --group-name ADMIN_GROUP",
    terraform:
      '# Remove the admin attachment and grant a scoped policy instead:\nresource "aws_iam_user_policy_attachment" "scoped" {\n  user       = "USER_NAME"\n  policy_arn = aws_iam_policy.least_privilege.arn\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ partition, accountId, inventory }) => {
    const details = inventory.iamAuthorizationDetails;
    return details.users.map((u) => {
      const { grants, unreadable } = adminAccessOf(u, details, { partition, accountId });
      // A user whose policies could not all be read is not known to be safe.
      const status = grants.length > 0 ? "fail" : unreadable.length > 0 ? "not_applicable" : "pass";
      return {
        resourceId: u.arn,
        resourceType: "AWS::IAM::User",
        status,
        evidence: { user: u.name, groups: u.groups, adminGrants: grants, unreadablePolicies: unreadable },
      };
    });
  },
});
