import { paginateDescribeBudgets, type BudgetsClient } from "@aws-sdk/client-budgets";
import { paginateDescribeAlarms, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { throwIfDeadline } from "../errors";
import type { BillingAlarm, Budget } from "./types";

/** The account's AWS Budgets budgets. */
export async function listBudgets(budgets: BudgetsClient, accountId: string, signal?: AbortSignal): Promise<Budget[]> {
  const out: Budget[] = [];
  try {
    for await (const page of paginateDescribeBudgets({ client: budgets, pageSize: 100 }, { AccountId: accountId })) {
      throwIfDeadline(signal);
      for (const b of page.Budgets ?? []) {
        out.push({
          name: b.BudgetName ?? "",
          type: b.BudgetType ?? "",
          timeUnit: b.TimeUnit,
          limitAmount: b.BudgetLimit?.Amount,
          limitUnit: b.BudgetLimit?.Unit,
          ...(b.CalculatedSpend?.ActualSpend ? { actualSpend: b.CalculatedSpend.ActualSpend.Amount } : {}),
          ...(b.CalculatedSpend?.ForecastedSpend ? { forecastedSpend: b.CalculatedSpend.ForecastedSpend.Amount } : {}),
        });
      }
    }
  } catch (err) {
    // Budgets answers NotFoundException for an account without any budget.
    if ((err as { name?: string }).name !== "NotFoundException") throw err;
  }
  return out;
}

const isBillingMetric = (namespace?: string, metric?: string) =>
  namespace === "AWS/Billing" && metric === "EstimatedCharges";

/** "EstimatedCharges (USD)", or with the service it is limited to: "EstimatedCharges, AmazonEC2 (USD)". */
function billingMetricLabel(metric: string, dimensions: readonly { Name?: string; Value?: string }[] = []): string {
  const dim = (name: string) => dimensions.find((d) => d.Name === name)?.Value;
  const service = dim("ServiceName");
  const currency = dim("Currency");
  return `${metric}${service ? `, ${service}` : ""}${currency ? ` (${currency})` : ""}`;
}

/** CloudWatch alarms on AWS/Billing EstimatedCharges. Billing metrics exist only in us-east-1: pass that region's client. */
export async function listBillingAlarms(cloudwatch: CloudWatchClient, signal?: AbortSignal): Promise<BillingAlarm[]> {
  const out: BillingAlarm[] = [];
  for await (const page of paginateDescribeAlarms(
    { client: cloudwatch, pageSize: 100 },
    { AlarmTypes: ["MetricAlarm"] },
  )) {
    throwIfDeadline(signal);
    for (const a of page.MetricAlarms ?? []) {
      // A metric-math alarm names its metrics in Metrics[] instead.
      const onBilling =
        isBillingMetric(a.Namespace, a.MetricName) ||
        (a.Metrics ?? []).some((m) =>
          isBillingMetric(m.MetricStat?.Metric?.Namespace, m.MetricStat?.Metric?.MetricName),
        );
      if (!onBilling) continue;
      out.push({
        name: a.AlarmName ?? "",
        arn: a.AlarmArn,
        metric: a.MetricName ? billingMetricLabel(a.MetricName, a.Dimensions) : "metric math on EstimatedCharges",
        state: a.StateValue,
        threshold: a.Threshold,
        actionsEnabled: a.ActionsEnabled !== false,
        alarmActions: a.AlarmActions ?? [],
      });
    }
  }
  return out;
}
