import { defineCheck } from "../types";
import { daysBetween, iso } from "./policy";

const WINDOW_DAYS = 90;

export default defineCheck({
  id: "iam_root_recently_used",
  title: "Root user was used in the last 90 days",
  description:
    "The root user cannot be limited by IAM policies, so every use of it is an unrestricted session. Regular use means its credentials are handled often and are more likely to leak.",
  severity: "high",
  service: "iam",
  scope: "global",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "2.7" }],
  remediation: {
    steps: [
      "Find out in CloudTrail (userIdentity.type = Root) who used the root user and for what.",
      "Move that work to IAM Identity Center or IAM roles; keep root for the few tasks that require it.",
      "Delete any root access keys and keep the root password and MFA device locked away.",
    ],
    cli: 'aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50 --query "Events[].{time:EventTime,name:EventName}"',
    terraform:
      '# Alert on root use instead of relying on review:\nresource "aws_cloudwatch_log_metric_filter" "root_use" {\n  name           = "root-usage"\n  log_group_name = "CLOUDTRAIL_LOG_GROUP"\n  pattern        = "{ $.userIdentity.type = \\"Root\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\"AwsServiceEvent\\" }"\n  metric_transformation {\n    name      = "RootUsage"\n    namespace = "CISBenchmark"\n    value     = "1"\n  }\n}',
  },
  requires: ["iamCredentialReport"],
  evaluate: ({ inventory }) => {
    const report = inventory.iamCredentialReport;
    const root = report.entries.find((e) => e.root);
    // Without a root row (some emulators) there is nothing to judge.
    if (!root) return [];
    const uses = [
      { credential: "password", lastUsed: root.passwordLastUsed },
      { credential: "access_key_1", lastUsed: root.accessKeys[0].lastUsed },
      { credential: "access_key_2", lastUsed: root.accessKeys[1].lastUsed },
    ];
    const recent = uses.filter((u) => u.lastUsed && daysBetween(u.lastUsed, report.generatedAt) <= WINDOW_DAYS);
    return [
      {
        resourceId: root.arn,
        resourceType: "AWS::IAM::Root",
        status: recent.length > 0 ? "fail" : "pass",
        evidence: {
          reportGeneratedAt: iso(report.generatedAt),
          windowDays: WINDOW_DAYS,
          lastUsed: Object.fromEntries(uses.map((u) => [u.credential, iso(u.lastUsed)])),
          recentlyUsed: recent.map((u) => u.credential),
        },
      },
    ];
  },
});
