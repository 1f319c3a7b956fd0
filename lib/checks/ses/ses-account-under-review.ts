import { defineCheck } from "../types";
import { sesLinks, sesResource } from "./shared";

export default defineCheck({
  id: "ses_account_under_review",
  title: "AWS has put the account's SES sending under review",
  description:
    "SES enforcement is not HEALTHY: AWS saw bounces, complaints or abuse (PROBATION) or stopped the account's sending (SHUTDOWN). It is also what follows a leaked key sending phishing.",
  severity: "critical",
  service: "ses",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Open the investigation of who sent through SES in this account and region; if a key was leaked, deactivate it first.",
      "Read AWS's notice (Service quotas / SES account dashboard, the root e-mail) and answer the review with what was fixed.",
    ],
    cli: "aws sesv2 get-account --region REGION",
    terraform:
      'resource "aws_cloudwatch_metric_alarm" "ses_bounce_rate" {\n  alarm_name          = "ses-bounce-rate"\n  namespace           = "AWS/SES"\n  metric_name         = "Reputation.BounceRate"\n  statistic           = "Maximum"\n  period              = 3600\n  evaluation_periods  = 1\n  threshold           = 0.025\n  comparison_operator = "GreaterThanThreshold"\n  alarm_actions       = ["SNS_TOPIC_ARN"]\n}',
  },
  requires: ["ses"],
  evaluate: ({ accountId, region, inventory }) => {
    const account = inventory.ses.account;
    if (!account?.enforcementStatus) return [];
    return [
      {
        ...sesResource(accountId, region),
        status: account.enforcementStatus === "HEALTHY" ? "pass" : "fail",
        evidence: {
          enforcementStatus: account.enforcementStatus,
          sendingEnabled: account.sendingEnabled,
          productionAccess: account.productionAccess,
          ...sesLinks(accountId, region),
        },
      },
    ];
  },
});
