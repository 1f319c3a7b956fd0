import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { classifyAwsError } from "../errors";
import { getDailyCosts, getRootCause, serviceOfUsageType } from "./costexplorer";

const ceMock = mockClient(CostExplorerClient);
afterEach(() => ceMock.reset());
const client = () =>
  new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

const group = (keys: string[], amount: string, unit = "USD") => ({
  Keys: keys,
  Metrics: { UnblendedCost: { Amount: amount, Unit: unit } },
});

describe("getDailyCosts", () => {
  it("reads every page, counting each as a request, and keeps credits and the currency", async () => {
    ceMock
      .on(GetCostAndUsageCommand)
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: "2026-11-01", End: "2026-11-02" },
            Groups: [group(["111111111111", "Amazon EC2"], "120.5"), group(["111111111111", "Tax"], "0")],
          },
        ],
        NextPageToken: "page-2",
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: "2026-11-01", End: "2026-11-02" },
            Groups: [group(["222222222222", "Amazon EC2"], "-650", "EUR")],
          },
        ],
      });
    const counter = { requests: 0 };
    const lines = await getDailyCosts(
      client(),
      { start: "2026-11-01", end: "2026-11-02", metric: "UnblendedCost" },
      counter,
    );
    expect(lines).toEqual([
      { accountId: "111111111111", day: "2026-11-01", service: "Amazon EC2", amount: 120.5, currency: "USD" },
      { accountId: "222222222222", day: "2026-11-01", service: "Amazon EC2", amount: -650, currency: "EUR" },
    ]);
    expect(counter.requests).toBe(2);
    const calls = ceMock.commandCalls(GetCostAndUsageCommand);
    expect(calls[0]!.args[0].input).toMatchObject({
      Granularity: "DAILY",
      Metrics: ["UnblendedCost"],
      TimePeriod: { Start: "2026-11-01", End: "2026-11-02" },
      GroupBy: [
        { Type: "DIMENSION", Key: "LINKED_ACCOUNT" },
        { Type: "DIMENSION", Key: "SERVICE" },
      ],
    });
    expect(calls[1]!.args[0].input.NextPageToken).toBe("page-2");
  });

  it("reads the configured metric", async () => {
    ceMock.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: "2026-11-01", End: "2026-11-02" },
          Groups: [{ Keys: ["111111111111", "Amazon EC2"], Metrics: { AmortizedCost: { Amount: "9", Unit: "USD" } } }],
        },
      ],
    });
    const lines = await getDailyCosts(
      client(),
      { start: "2026-11-01", end: "2026-11-02", metric: "AmortizedCost" },
      { requests: 0 },
    );
    expect(lines.map((l) => l.amount)).toEqual([9]);
  });

  it("fails with AccessDenied when the management account refuses Cost Explorer", async () => {
    const denied = Object.assign(new Error("User is not authorized to perform: ce:GetCostAndUsage"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
    });
    ceMock.on(GetCostAndUsageCommand).rejects(denied);
    const err = await getDailyCosts(
      client(),
      { start: "2026-11-01", end: "2026-11-02", metric: "UnblendedCost" },
      { requests: 0 },
    ).catch((e: unknown) => e);
    expect(classifyAwsError(err).code).toBe("AccessDenied");
  });
});

describe("getRootCause", () => {
  it("names the usage types and regions that rose over the week before, largest first", async () => {
    const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}`;
    const results = Array.from({ length: 9 }, (_, i) => ({
      TimePeriod: { Start: day(i + 1), End: day(i + 2) },
      Groups: [
        group(["BoxUsage:m7g.large", "us-east-1"], "100"),
        ...(i >= 7 ? [group(["APS2-BoxUsage:g5.12xlarge", "ap-southeast-2"], "1870")] : []),
      ],
    }));
    ceMock.on(GetCostAndUsageCommand).resolves({ ResultsByTime: results });
    const counter = { requests: 0 };
    const lines = await getRootCause(
      client(),
      { accountId: "111111111111", from: day(8), to: day(9), metric: "UnblendedCost" },
      counter,
    );
    expect(lines).toEqual([
      {
        service: "Amazon Elastic Compute Cloud - Compute",
        usageType: "APS2-BoxUsage:g5.12xlarge",
        region: "ap-southeast-2",
        amount: 3740,
        delta: 3740,
      },
    ]);
    expect(counter.requests).toBe(1);
    expect(ceMock.commandCalls(GetCostAndUsageCommand)[0]!.args[0].input).toMatchObject({
      TimePeriod: { Start: day(1), End: day(10) },
      Filter: { Dimensions: { Key: "LINKED_ACCOUNT", Values: ["111111111111"] } },
    });
  });

  it("knows the service of common usage types", () => {
    expect(serviceOfUsageType("Multi-AZUsage:db.r6i.8xlarge")).toBe("Amazon Relational Database Service");
    expect(serviceOfUsageType("USE2-Lambda-GB-Second")).toBe("AWS Lambda");
    expect(serviceOfUsageType("Something")).toBe("");
  });
});
