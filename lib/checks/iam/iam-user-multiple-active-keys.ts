import { defineCheck } from "../types";
import { iso } from "./policy";

export default defineCheck({
  id: "iam_user_multiple_active_keys",
  title: "IAM user has two active access keys",
  description:
    "Two active keys double the long-lived secrets that can leak for one user, and usually mean a rotation was started and never finished.",
  severity: "medium",
  service: "iam",
  scope: "global",
  frameworks: [],
  remediation: {
    steps: [
      "Find which key is still in use (its last-used date and service).",
      "Move every consumer to one key, then deactivate and delete the other.",
    ],
    cli: "aws iam list-access-keys --user-name USER_NAME\naws iam update-access-key --user-name USER_NAME --access-key-id UNUSED_KEY_ID --status Inactive\naws iam delete-access-key --user-name USER_NAME --access-key-id UNUSED_KEY_ID",
    terraform:
      '# Keep a single aws_iam_access_key per user:\nresource "aws_iam_access_key" "user" {\n  user = "USER_NAME"\n}',
  },
  requires: ["iamCredentialReport"],
  evaluate: ({ inventory }) =>
    inventory.iamCredentialReport.entries
      .filter((e) => !e.root)
      .map((e) => {
        const active = e.accessKeys.flatMap((k, i) =>
          k.active ? [{ key: `access_key_${i + 1}`, createdAt: iso(k.lastRotated), lastUsed: iso(k.lastUsed) }] : [],
        );
        return {
          resourceId: e.arn,
          resourceType: "AWS::IAM::User",
          status: active.length > 1 ? "fail" : active.length === 1 ? "pass" : "not_applicable",
          evidence: { user: e.user, activeKeyCount: active.length, activeKeys: active },
        };
      }),
});
