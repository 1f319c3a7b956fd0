import { defineCheck } from "../types";
import { adminAccessOf } from "./policy";

export default defineCheck({
  id: "iam_admin_user_count_high",
  title: "Too many IAM users have administrator access",
  description:
    "Every IAM user with administrator access is a long-lived credential that can take over the account. More of them than the organization's threshold widens that blast radius and makes access hard to review.",
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [],
  remediation: {
    steps: [
      "Review the listed users and remove administrator access from those who do not need it day to day.",
      "Grant elevated access just in time through IAM Identity Center or an assumable role with MFA.",
      "Adjust the threshold on the Settings page if the organization deliberately allows more administrators.",
    ],
    cli: "aws iam detach-user-policy --user-name USER_NAME --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
    terraform:
      '# Keep administrators in one group with a reviewed member list:\nresource "aws_iam_group_membership" "admins" {\n  name  = "admins"\n  group = "ADMIN_GROUP"\n  users = ["ADMIN_1", "ADMIN_2"]\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ partition, accountId, settings, inventory }) => {
    const details = inventory.iamAuthorizationDetails;
    const threshold = settings.adminUserThreshold;
    const resource = { resourceId: `${accountId}/iam-admin-users`, resourceType: "AWS::::Account" };
    if (details.users.length === 0)
      return [{ ...resource, status: "not_applicable", evidence: { users: 0, threshold } }];
    const access = details.users.map((u) => ({ user: u.name, ...adminAccessOf(u, details, { partition, accountId }) }));
    const admins = access.filter((a) => a.grants.length > 0).map((a) => ({ user: a.user, grants: a.grants }));
    const undetermined = access.filter((a) => a.grants.length === 0 && a.unreadable.length > 0).map((a) => a.user);
    // Under the threshold only counts as a pass when every user's policies were readable.
    const status = admins.length > threshold ? "fail" : undetermined.length > 0 ? "not_applicable" : "pass";
    return [
      {
        ...resource,
        status,
        evidence: { threshold, adminCount: admins.length, adminUsers: admins, undeterminedUsers: undetermined },
      },
    ];
  },
});
