import { defineCheck } from "../types";
import { sendsPerInterval, sesLinks, sesResource } from "./shared";

/** The window judged against the two weeks before it: the leaked-key incident sent 57,000 mails in two hours. */
export const SPIKE_WINDOW_MS = 2 * 3_600_000;
/** Sends in one 15-minute interval below which nothing alarms, whatever the baseline. */
export const SPIKE_MIN_SENDS = 200;
/** How far above the baseline's busiest normal interval (its 99th percentile) a spike is. */
export const SPIKE_FACTOR = 10;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export default defineCheck({
  id: "ses_sending_spike",
  title: "SES sends far above the account's usual volume",
  description:
    "A burst of email far above what the account normally sends is how a leaked key shows up in SES: phishing or spam sent in the company's name, and AWS putting the account under review.",
  severity: "high",
  service: "ses",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Open the investigation of who called SES (SendEmail, SendRawEmail) in this account and region, and confirm with the owner.",
      "If nobody planned it: pause sending (aws sesv2 put-account-sending-attributes --no-sending-enabled), deactivate the key that sent, and rotate SMTP credentials.",
      "Review the account's cost and SES reputation dashboard; answer AWS's review if one was opened.",
    ],
    cli: "aws sesv2 put-account-sending-attributes --no-sending-enabled --region REGION",
    terraform:
      'resource "aws_cloudwatch_metric_alarm" "ses_send_spike" {\n  alarm_name          = "ses-send-spike"\n  namespace           = "AWS/SES"\n  metric_name         = "Send"\n  statistic           = "Sum"\n  period              = 900\n  evaluation_periods  = 1\n  threshold           = 1000\n  comparison_operator = "GreaterThanThreshold"\n  alarm_actions       = ["SNS_TOPIC_ARN"]\n}',
  },
  requires: ["ses"],
  evaluate: ({ accountId, region, inventory }) => {
    const ses = inventory.ses;
    if (!ses.used || ses.points.length === 0) return [];
    const last = Date.parse(ses.points.at(-1)!.timestamp) + 15 * 60_000;
    const recentFrom = last - SPIKE_WINDOW_MS;
    const recent = sendsPerInterval(ses.points, recentFrom, last);
    const baseline = sendsPerInterval(ses.points, recentFrom - 14 * 86_400_000, recentFrom).sort((a, b) => a - b);
    const normalPeak = quantile(baseline, 0.99);
    const peak = Math.max(0, ...recent);
    const threshold = Math.max(SPIKE_MIN_SENDS, SPIKE_FACTOR * normalPeak);
    return [
      {
        ...sesResource(accountId, region),
        status: peak >= threshold ? "fail" : "pass",
        evidence: {
          windowStart: new Date(recentFrom).toISOString(),
          windowEnd: new Date(last).toISOString(),
          sentInWindow: recent.reduce((a, b) => a + b, 0),
          peakPer15Minutes: peak,
          usualPeakPer15Minutes: normalPeak,
          threshold,
          sentLast24Hours: ses.account?.sentLast24Hours ?? null,
          max24HourSend: ses.account?.max24HourSend ?? null,
          ...sesLinks(accountId, region),
        },
      },
    ];
  },
});
