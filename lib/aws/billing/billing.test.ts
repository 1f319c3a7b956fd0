import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listBillingAlarms, listBudgets } from "./billing";

const budgetsMock = mockClient(BudgetsClient);
const cwMock = mockClient(CloudWatchClient);
afterEach(() => {
  budgetsMock.reset();
  cwMock.reset();
});

const creds = { accessKeyId: "a", secretAccessKey: "b" };
const err = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: status } });

describe("listBudgets", () => {
  const client = () => new BudgetsClient({ region: "us-east-1", credentials: creds });
  it("lists the account's budgets across pages", async () => {
    budgetsMock
      .on(DescribeBudgetsCommand)
      .resolvesOnce({
        Budgets: [
          {
            BudgetName: "monthly",
            BudgetType: "COST",
            TimeUnit: "MONTHLY",
            BudgetLimit: { Amount: "100", Unit: "USD" },
            CalculatedSpend: {
              ActualSpend: { Amount: "62.5", Unit: "USD" },
              ForecastedSpend: { Amount: "118.2", Unit: "USD" },
            },
          },
        ],
        NextToken: "t",
      })
      .resolvesOnce({ Budgets: [{ BudgetName: "ri", BudgetType: "RI_UTILIZATION", TimeUnit: "MONTHLY" }] });
    expect(await listBudgets(client(), "111122223333")).toEqual([
      {
        name: "monthly",
        type: "COST",
        timeUnit: "MONTHLY",
        limitAmount: "100",
        limitUnit: "USD",
        actualSpend: "62.5",
        forecastedSpend: "118.2",
      },
      { name: "ri", type: "RI_UTILIZATION", timeUnit: "MONTHLY", limitAmount: undefined, limitUnit: undefined },
    ]);
    const calls = budgetsMock.commandCalls(DescribeBudgetsCommand);
    expect(calls[0]?.args[0].input).toMatchObject({ AccountId: "111122223333" });
    expect(calls[1]?.args[0].input).toMatchObject({ AccountId: "111122223333", NextToken: "t" });
  });
  it("answers NotFoundException (no budgets) as an empty list and lets AccessDenied propagate", async () => {
    budgetsMock
      .on(DescribeBudgetsCommand)
      .rejectsOnce(err("NotFoundException", 400))
      .rejectsOnce(err("AccessDeniedException", 400));
    expect(await listBudgets(client(), "111122223333")).toEqual([]);
    await expect(listBudgets(client(), "111122223333")).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});

describe("listBillingAlarms", () => {
  const client = () => new CloudWatchClient({ region: "us-east-1", credentials: creds });
  it("keeps only alarms on AWS/Billing EstimatedCharges, across pages, including metric-math alarms", async () => {
    cwMock
      .on(DescribeAlarmsCommand)
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: "bill",
            AlarmArn: "arn:a",
            Namespace: "AWS/Billing",
            MetricName: "EstimatedCharges",
            Dimensions: [{ Name: "Currency", Value: "USD" }],
            StateValue: "OK",
            Threshold: 100,
            ActionsEnabled: true,
            AlarmActions: ["arn:sns"],
          },
          { AlarmName: "cpu", Namespace: "AWS/EC2", MetricName: "CPUUtilization" },
        ],
        NextToken: "t",
      })
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: "math",
            Metrics: [
              {
                Id: "m1",
                MetricStat: {
                  Metric: { Namespace: "AWS/Billing", MetricName: "EstimatedCharges" },
                  Period: 21600,
                  Stat: "Maximum",
                },
              },
            ],
          },
        ],
      });
    expect(await listBillingAlarms(client())).toEqual([
      {
        name: "bill",
        arn: "arn:a",
        metric: "EstimatedCharges (USD)",
        state: "OK",
        threshold: 100,
        actionsEnabled: true,
        alarmActions: ["arn:sns"],
      },
      {
        name: "math",
        arn: undefined,
        metric: "metric math on EstimatedCharges",
        state: undefined,
        threshold: undefined,
        actionsEnabled: true,
        alarmActions: [],
      },
    ]);
    expect(cwMock.commandCalls(DescribeAlarmsCommand)[1]?.args[0].input).toMatchObject({ NextToken: "t" });
  });
  it("names the service a per-service billing alarm watches", async () => {
    cwMock.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: "ec2-bill",
          Namespace: "AWS/Billing",
          MetricName: "EstimatedCharges",
          Dimensions: [
            { Name: "ServiceName", Value: "AmazonEC2" },
            { Name: "Currency", Value: "USD" },
          ],
          StateValue: "ALARM",
          Threshold: 500,
        },
      ],
    });
    expect(await listBillingAlarms(client())).toMatchObject([
      { name: "ec2-bill", metric: "EstimatedCharges, AmazonEC2 (USD)", state: "ALARM", threshold: 500 },
    ]);
  });
  it("lets AccessDenied propagate", async () => {
    cwMock.on(DescribeAlarmsCommand).rejects(err("AccessDenied", 403));
    await expect(listBillingAlarms(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
