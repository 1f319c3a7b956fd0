import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { newCallStats } from "@/lib/aws/clients";
import { billingReaders } from "@/lib/aws/billing/readers";
import type { AccountClients } from "@/lib/aws/factory";
import { assembleAccountSnapshot, NOTHING_EVALUATED } from "./assemble";
import { unitBilling } from "./budgets";
import { runUnit } from "./unit";

const budgetsMock = mockClient(BudgetsClient);
const cwMock = mockClient(CloudWatchClient);
afterEach(() => {
  budgetsMock.reset();
  cwMock.reset();
});

const credentials = { accessKeyId: "a", secretAccessKey: "b" };
const clients = {
  client: (Ctor: new (c: object) => unknown, region: string) => new Ctor({ region, credentials }),
} as unknown as AccountClients;
const err = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: status } });
const alarm = {
  AlarmName: "bill-over-500",
  Namespace: "AWS/Billing",
  MetricName: "EstimatedCharges",
  Dimensions: [{ Name: "Currency", Value: "USD" }],
  StateValue: "ALARM" as const,
  Threshold: 500,
  AlarmActions: ["arn:aws:sns:us-east-1:111122223333:finance"],
};

const collect = () =>
  runUnit({
    region: "global",
    collectors: billingReaders,
    context: { clients, accountId: "111122223333", homeRegion: "us-east-1" },
    stats: newCallStats(),
    deadlineMs: 5000,
  });

describe("budgets and billing alarms, read by the global unit into stored rows", () => {
  it("maps every page of budgets and the billing alarms to rows", async () => {
    budgetsMock
      .on(DescribeBudgetsCommand)
      .resolvesOnce({
        Budgets: [
          {
            BudgetName: "monthly",
            BudgetType: "COST",
            TimeUnit: "MONTHLY",
            BudgetLimit: { Amount: "1000.0", Unit: "USD" },
            CalculatedSpend: {
              ActualSpend: { Amount: "640.25", Unit: "USD" },
              ForecastedSpend: { Amount: "1210.5", Unit: "USD" },
            },
          },
        ],
        NextToken: "p2",
      })
      .resolvesOnce({
        Budgets: [{ BudgetName: "ri-utilization", BudgetType: "RI_UTILIZATION", TimeUnit: "MONTHLY" }],
      });
    cwMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm] });
    const run = await collect();
    expect(run.record.status).toBe("ok");
    expect(unitBilling(run.inventory)).toEqual({
      budgets: [
        {
          name: "monthly",
          budgetType: "COST",
          timeUnit: "MONTHLY",
          limitAmount: 1000,
          limitUnit: "USD",
          actualSpend: 640.25,
          forecastedSpend: 1210.5,
        },
        {
          name: "ri-utilization",
          budgetType: "RI_UTILIZATION",
          timeUnit: "MONTHLY",
          limitAmount: null,
          limitUnit: null,
          actualSpend: null,
          forecastedSpend: null,
        },
      ],
      alarms: [
        {
          name: "bill-over-500",
          threshold: 500,
          state: "ALARM",
          metric: "EstimatedCharges (USD)",
          actionsEnabled: true,
          actions: 1,
        },
      ],
    });
    expect(budgetsMock.commandCalls(DescribeBudgetsCommand)).toHaveLength(2);
  });

  it("stores none when Budgets answers NotFoundException (an account without budgets)", async () => {
    budgetsMock.on(DescribeBudgetsCommand).rejects(err("NotFoundException", 400));
    cwMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const run = await collect();
    expect(run.record.status).toBe("ok");
    expect(unitBilling(run.inventory)).toEqual({ budgets: [], alarms: [] });
  });

  it("keeps going when Budgets is denied: the alarms are stored, the budgets left as last read", async () => {
    budgetsMock.on(DescribeBudgetsCommand).rejects(err("AccessDeniedException", 403));
    cwMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm] });
    const run = await collect();
    expect(run.record).toMatchObject({ status: "partial", errorCode: "AccessDenied" });
    expect(run.record.errorMessage).toMatch(/^budgets: /);
    const billing = unitBilling(run.inventory);
    expect(billing).not.toHaveProperty("budgets");
    expect(billing?.alarms).toHaveLength(1);
    const snap = assembleAccountSnapshot({
      runId: "r",
      accountId: "111122223333",
      now: new Date(),
      units: [{ record: run.record, evaluation: NOTHING_EVALUATED, billing }],
    });
    expect(snap.billing).toEqual({ alarms: billing!.alarms });
  });

  it("stores nothing when both reads fail", async () => {
    budgetsMock.on(DescribeBudgetsCommand).rejects(err("AccessDeniedException", 403));
    cwMock.on(DescribeAlarmsCommand).rejects(err("AccessDenied", 403));
    const run = await collect();
    expect(run.record.status).toBe("failed");
    expect(unitBilling(run.inventory)).toBeUndefined();
  });
});
