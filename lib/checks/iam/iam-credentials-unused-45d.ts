import { defineCheck } from "../types";
import { daysBetween, iso } from "./policy";

const MAX_IDLE_DAYS = 45;

export default defineCheck({
  id: "iam_credentials_unused_45d",
  title: "IAM user credentials unused for 45 days or more",
  description:
    "A password or access key nobody uses still works for whoever finds it, and its misuse is unlikely to be noticed by an owner who has moved on.",
  severity: "medium",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.11" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.22" },
  ],
  remediation: {
    steps: [
      "Confirm with the owner that the credential is no longer needed.",
      "Delete the console password (login profile) or deactivate, then delete, the access key.",
      "Remove the user altogether if it has no other use.",
    ],
    cli: "aws iam delete-login-profile --user-name USER_NAME\naws iam update-access-key --user-name USER_NAME --access-key-id KEY_ID --status Inactive",
    terraform:
      '# Remove the unused aws_iam_user_login_profile / aws_iam_access_key resources, or set:\nresource "aws_iam_access_key" "user" {\n  user   = "USER_NAME"\n  status = "Inactive"\n}',
  },
  requires: ["iamCredentialReport"],
  evaluate: ({ inventory }) => {
    const report = inventory.iamCredentialReport;
    return report.entries
      .filter((e) => !e.root)
      .map((e) => {
        // A credential never used is idle since it was created (password set, key created, else the user).
        const credentials = [
          ...(e.passwordEnabled === true
            ? [
                {
                  credential: "password",
                  lastUsed: e.passwordLastUsed,
                  since: e.passwordLastUsed ?? e.passwordLastChanged ?? e.userCreatedAt,
                },
              ]
            : []),
          ...e.accessKeys.flatMap((k, i) =>
            k.active
              ? [
                  {
                    credential: `access_key_${i + 1}`,
                    lastUsed: k.lastUsed,
                    since: k.lastUsed ?? k.lastRotated ?? e.userCreatedAt,
                  },
                ]
              : [],
          ),
        ].map((c) => ({
          credential: c.credential,
          lastUsed: iso(c.lastUsed),
          idleSince: iso(c.since),
          idleDays: c.since ? daysBetween(c.since, report.generatedAt) : null,
        }));
        const stale = credentials.filter((c) => c.idleDays !== null && c.idleDays >= MAX_IDLE_DAYS);
        const unknown = credentials.filter((c) => c.idleDays === null);
        const status =
          stale.length > 0 ? "fail" : credentials.length === 0 || unknown.length > 0 ? "not_applicable" : "pass";
        return {
          resourceId: e.arn,
          resourceType: "AWS::IAM::User",
          status,
          evidence: {
            user: e.user,
            maxIdleDays: MAX_IDLE_DAYS,
            staleCredentials: stale.map((c) => c.credential),
            credentials,
          },
        };
      });
  },
});
