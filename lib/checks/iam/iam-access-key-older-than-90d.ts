import { defineCheck } from "../types";
import { daysBetween, iso } from "./policy";

const MAX_AGE_DAYS = 90;

export default defineCheck({
  id: "iam_access_key_older_than_90d",
  title: "Active IAM access key is older than 90 days",
  description:
    "Long-lived access keys end up in scripts, laptops and CI logs. A key that is never rotated stays valid for as long as any of those copies exists.",
  severity: "medium",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.12" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.3" },
  ],
  remediation: {
    steps: [
      "Create a second access key for the user and switch every consumer to it.",
      "Deactivate the old key, watch for failures (its last-used date), then delete it.",
      "Prefer roles (instance profiles, IAM Roles Anywhere, OIDC federation) over access keys.",
    ],
    cli: "aws iam create-access-key --user-name USER_NAME\naws iam update-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID --status Inactive\naws iam delete-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID",
    terraform:
      '# Rotate by replacing the key resource (e.g. terraform apply -replace=aws_iam_access_key.user):\nresource "aws_iam_access_key" "user" {\n  user = "USER_NAME"\n}',
  },
  requires: ["iamCredentialReport"],
  evaluate: ({ inventory }) => {
    const report = inventory.iamCredentialReport;
    return report.entries
      .filter((e) => !e.root)
      .map((e) => {
        const keys = e.accessKeys
          .map((k, i) => ({ key: `access_key_${i + 1}`, active: k.active, createdAt: k.lastRotated }))
          .filter((k) => k.active)
          .map((k) => ({
            key: k.key,
            createdAt: iso(k.createdAt),
            ageDays: k.createdAt ? daysBetween(k.createdAt, report.generatedAt) : null,
          }));
        const old = keys.filter((k) => k.ageDays !== null && k.ageDays > MAX_AGE_DAYS);
        const unknown = keys.filter((k) => k.ageDays === null);
        const status = old.length > 0 ? "fail" : keys.length === 0 || unknown.length > 0 ? "not_applicable" : "pass";
        return {
          resourceId: e.arn,
          resourceType: "AWS::IAM::User",
          status,
          evidence: { user: e.user, maxAgeDays: MAX_AGE_DAYS, activeKeys: keys },
        };
      });
  },
});
