import { defineCheck } from "../types";
import { isFullAdminStatement } from "./policy";

export default defineCheck({
  id: "iam_policy_full_admin_star",
  title: 'Customer-managed policy grants "*" on "*"',
  description:
    "A policy allowing every action on every resource is full administrator access. Anyone it is attached to, now or later, can take over the account.",
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.14" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.1" },
  ],
  remediation: {
    steps: [
      "Find out what the principals the policy is attached to actually do (IAM Access Advisor, CloudTrail).",
      "Publish a new default version limited to those actions and resources, or detach and delete the policy.",
      "Use the AWS-managed AdministratorAccess policy for the few roles that truly need it, so admin grants stay visible.",
    ],
    cli: "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://least-privilege.json --set-as-default",
    terraform:
      'resource "aws_iam_policy" "this" {\n  name   = "POLICY_NAME"\n  policy = data.aws_iam_policy_document.least_privilege.json # specific actions and resources, no "*" on "*"\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ partition, accountId, inventory }) =>
    inventory.iamAuthorizationDetails.policies.map((p) => {
      const base = {
        resourceId: p.arn,
        resourceType: "AWS::IAM::ManagedPolicy",
        evidence: { policyName: p.name, attachmentCount: p.attachmentCount, defaultVersionId: p.defaultVersionId },
      };
      if (!p.document)
        return {
          ...base,
          status: "not_applicable",
          evidence: { ...base.evidence, reason: "default version document could not be parsed" },
        };
      const admin = p.document.statements.filter((st) => isFullAdminStatement(st, { partition, accountId }));
      return {
        ...base,
        status: admin.length > 0 ? "fail" : "pass",
        evidence: { ...base.evidence, adminStatements: admin },
      };
    }),
});
