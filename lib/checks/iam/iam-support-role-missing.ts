import { defineCheck } from "../types";
import { AWS_SUPPORT_ACCESS } from "./policy";

export default defineCheck({
  id: "iam_support_role_missing",
  title: "No IAM role for AWS Support",
  description:
    "Without a role carrying AWSSupportAccess, opening and following support cases during an incident needs broader credentials than it should, or cannot be done quickly.",
  severity: "low",
  service: "iam",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.15" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.18" },
  ],
  remediation: {
    steps: [
      "Create a role that the incident responders' accounts or users can assume.",
      "Attach the AWS-managed AWSSupportAccess policy to it.",
    ],
    cli: "aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json\naws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
    terraform:
      'resource "aws_iam_role" "support" {\n  name               = "aws-support"\n  assume_role_policy = data.aws_iam_policy_document.trust_responders.json\n}\n\nresource "aws_iam_role_policy_attachment" "support" {\n  role       = aws_iam_role.support.name\n  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"\n}',
  },
  requires: ["iamAuthorizationDetails"],
  evaluate: ({ accountId, inventory }) => {
    const roles = inventory.iamAuthorizationDetails.roles
      .filter((r) => r.attachedPolicies.some((p) => AWS_SUPPORT_ACCESS.test(p.arn)))
      .map((r) => r.arn);
    return [
      {
        resourceId: `${accountId}/support-role`,
        resourceType: "AWS::::Account",
        status: roles.length > 0 ? "pass" : "fail",
        evidence: { supportRoles: roles },
      },
    ];
  },
});
