import { defineCheck } from "../types";
import { sesLinks, sesResource } from "./shared";

/** AWS reviews an account at these rates; the check fails at half of them, while there is time to act. */
export const AWS_REVIEW_BOUNCE_RATE = 0.05;
export const AWS_REVIEW_COMPLAINT_RATE = 0.001;
export const WARN_SHARE = 0.5;
/** Fewer sends than this over the two weeks say nothing about a rate. */
export const MIN_SENDS_FOR_RATE = 200;

export default defineCheck({
  id: "ses_bounce_or_complaint_rate_high",
  title: "SES bounce or complaint rate near AWS's review threshold",
  description:
    "AWS reviews, and may pause, an account whose bounce rate reaches 5 % or complaint rate 0.1 %. Rising rates often mean mail to bought or scraped lists, or a compromised sender; this fails at half those rates.",
  severity: "high",
  service: "ses",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Find which sender and list drive the bounces or complaints (SES reputation metrics, configuration set events).",
      "Stop sending to addresses that bounced or complained (account-level suppression list) and confirm nobody else sends through the account.",
    ],
    cli: "aws sesv2 put-account-suppression-attributes --suppressed-reasons BOUNCE COMPLAINT --region REGION",
    terraform:
      'resource "aws_sesv2_account_suppression_attributes" "this" {\n  suppressed_reasons = ["BOUNCE", "COMPLAINT"]\n}',
  },
  requires: ["ses"],
  evaluate: ({ accountId, region, inventory }) => {
    const ses = inventory.ses;
    if (!ses.used) return [];
    const sent = ses.points.reduce((a, p) => a + p.deliveryAttempts, 0);
    if (sent < MIN_SENDS_FOR_RATE) return [];
    const bounces = ses.points.reduce((a, p) => a + p.bounces, 0);
    const complaints = ses.points.reduce((a, p) => a + p.complaints, 0);
    const bounceRate = bounces / sent;
    const complaintRate = complaints / sent;
    const atReview = bounceRate >= AWS_REVIEW_BOUNCE_RATE || complaintRate >= AWS_REVIEW_COMPLAINT_RATE;
    const warn =
      bounceRate >= AWS_REVIEW_BOUNCE_RATE * WARN_SHARE || complaintRate >= AWS_REVIEW_COMPLAINT_RATE * WARN_SHARE;
    const pct = (v: number) => Math.round(v * 100_000) / 1000;
    return [
      {
        ...sesResource(accountId, region),
        status: warn ? "fail" : "pass",
        evidence: {
          level: atReview ? "at AWS's review threshold" : warn ? "approaching AWS's review threshold" : "healthy",
          sent,
          bounces,
          complaints,
          bounceRatePercent: pct(bounceRate),
          complaintRatePercent: pct(complaintRate),
          reviewAtPercent: { bounce: 5, complaint: 0.1 },
          ...sesLinks(accountId, region),
        },
      },
    ];
  },
});
