import type { PolicyDocument } from "@/lib/aws/iam/types";
import { defineCheck, type CheckResult } from "../types";
import { escalationPaths } from "./policy";

type Subject = {
  resourceId: string;
  resourceType: string;
  evidence: Record<string, unknown>;
  document: PolicyDocument;
};

export default defineCheck({
  id: "iam_policy_privilege_escalation",
  title: "IAM policy allows privilege escalation",
  description:
    'Actions such as iam:CreatePolicyVersion, iam:AttachUserPolicy or iam:PassRole with ec2:RunInstances on "*" let whoever holds the policy grant themselves more access, up to full administrator.',
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [],
  remediation: {
    steps: [
      "Remove the listed actions, or restrict their Resource to the specific users, roles or policies they are meant for.",
      "Scope iam:PassRole to named role ARNs and add an iam:PassedToService condition.",
      "Use permissions boundaries for principals that must be able to create or change IAM entities.",
    ],
    cli: "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://without-escalation.json --set-as-default\n# inline: aws iam put-role-policy --role-name ROLE_NAME --policy-name POLICY_NAME --policy-document file://without-escalation.json",
    terraform:
      'data "aws_iam_policy_document" "scoped" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = ["arn:aws:iam::ACCOUNT_ID:role/APP_ROLE"]\n    condition {\n      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["ec2.amazonaws.com"]\n    }\n  }\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ partition, accountId, inventory }) => {
    const d = inventory.iamAuthorizationDetails;
    const inline = (
      kind: "User" | "Group" | "Role",
      principal: { name: string; arn: string; inlinePolicies: { name: string; document: PolicyDocument }[] },
    ): Subject[] =>
      principal.inlinePolicies.map((p) => ({
        resourceId: `${principal.arn}/inline-policy/${p.name}`,
        resourceType: `AWS::IAM::${kind}Policy`,
        evidence: { policyName: p.name, [kind.toLowerCase()]: principal.name },
        document: p.document,
      }));
    const subjects: Subject[] = [
      ...d.policies.map((p) => ({
        resourceId: p.arn,
        resourceType: "AWS::IAM::ManagedPolicy",
        evidence: { policyName: p.name, attachmentCount: p.attachmentCount },
        document: p.document,
      })),
      ...d.users.flatMap((u) => inline("User", u)),
      ...d.groups.flatMap((g) => inline("Group", g)),
      // Service-linked roles' policies are owned by AWS and cannot be changed.
      ...d.roles.filter((r) => !r.path.startsWith("/aws-service-role/")).flatMap((r) => inline("Role", r)),
    ];
    return subjects.map((s): CheckResult => {
      const base = { resourceId: s.resourceId, resourceType: s.resourceType };
      if (!s.document)
        return {
          ...base,
          status: "not_applicable",
          evidence: { ...s.evidence, reason: "policy document could not be parsed" },
        };
      const paths = escalationPaths(s.document, { partition, accountId });
      return {
        ...base,
        status: paths.length > 0 ? "fail" : "pass",
        evidence: { ...s.evidence, escalationActions: paths },
      };
    });
  },
});
