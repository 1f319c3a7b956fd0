import { defineCheck } from "../types";

// Only these analyzer kinds report external access; unused- and internal-access analyzers do not.
const EXTERNAL_ACCESS = new Set(["ACCOUNT", "ORGANIZATION"]);

export default defineCheck({
  id: "access_analyzer_disabled",
  title: "IAM Access Analyzer is not enabled in the region",
  description:
    "Without an active external access analyzer, buckets, keys, roles and other resources shared outside the account or organization in this region go unnoticed.",
  severity: "low",
  service: "accessanalyzer",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.18" },
    { framework: "AWS Foundational Security Best Practices", control: "IAM.28" },
  ],
  remediation: {
    steps: [
      "Create an external access analyzer in every enabled region (an organization analyzer from the delegated administrator covers every member).",
      "Review its findings and archive the intended ones.",
    ],
    cli: "aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT --region REGION",
    terraform:
      'resource "aws_accessanalyzer_analyzer" "this" {\n  analyzer_name = "account-analyzer"\n  type          = "ACCOUNT"\n}',
  },
  requires: ["accessAnalyzers"],
  evaluate: ({ accountId, region, inventory }) => {
    const analyzers = inventory.accessAnalyzers;
    const active = analyzers.filter((a) => a.status === "ACTIVE" && EXTERNAL_ACCESS.has(a.type));
    return [
      {
        resourceId: `${accountId}/${region}/access-analyzer`,
        resourceType: "AWS::AccessAnalyzer::Analyzer",
        status: active.length > 0 ? "pass" : "fail",
        evidence: {
          activeExternalAccessAnalyzers: active.map((a) => a.arn),
          analyzers: analyzers.map((a) => ({ name: a.name, type: a.type, status: a.status })),
        },
      },
    ];
  },
});
