import { billingResourceId } from "@/lib/domain/budgets";
import { defineCheck } from "../types";

export default defineCheck({
  id: "billing_alarm_or_budget_missing",
  title: "No budget or billing alarm watches the account's spend",
  description:
    "With neither an AWS Budgets budget nor a CloudWatch billing alarm, runaway spend from a leaked key running crypto-miners or a misconfigured workload is noticed only when the invoice arrives.",
  severity: "medium",
  service: "budgets",
  scope: "global",
  frameworks: [{ framework: "AWS Well-Architected Cost Optimization", control: "COST02-BP05" }],
  remediation: {
    steps: [
      "Create a monthly cost budget with an email or SNS notification at, say, 80% actual and 100% forecasted spend.",
      "Alternatively (payer account) enable billing alerts and create a CloudWatch alarm on AWS/Billing EstimatedCharges in us-east-1.",
    ],
    cli: 'aws budgets create-budget --account-id ACCOUNT_ID \\\n  --budget \'{"BudgetName":"monthly","BudgetType":"COST","TimeUnit":"MONTHLY","BudgetLimit":{"Amount":"100","Unit":"USD"}}\' \\\n  --notifications-with-subscribers \'[{"Notification":{"NotificationType":"ACTUAL","ComparisonOperator":"GREATER_THAN","Threshold":80},"Subscribers":[{"SubscriptionType":"EMAIL","Address":"EMAIL"}]}]\'',
    terraform:
      'resource "aws_budgets_budget" "monthly" {\n  name         = "monthly"\n  budget_type  = "COST"\n  limit_amount = "100"\n  limit_unit   = "USD"\n  time_unit    = "MONTHLY"\n  notification {\n    comparison_operator        = "GREATER_THAN"\n    threshold                  = 80\n    threshold_type             = "PERCENTAGE"\n    notification_type          = "ACTUAL"\n    subscriber_email_addresses = ["EMAIL"]\n  }\n}',
  },
  requires: ["budgets", "billingAlarms"],
  evaluate: ({ accountId, inventory }) => {
    const budgets = inventory.budgets;
    const alarms = inventory.billingAlarms;
    return [
      {
        resourceId: billingResourceId(accountId),
        resourceType: "AWS::::Account",
        status: budgets.length > 0 || alarms.length > 0 ? "pass" : "fail",
        evidence: { budgets: budgets.map((b) => b.name), billingAlarms: alarms.map((a) => a.name) },
      },
    ];
  },
});
