import { randomBytes } from "node:crypto";
import { BudgetsClient, DescribeBudgetsCommand, type Budget } from "@aws-sdk/client-budgets";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { runCollection } from "@/lib/collector/run";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { listBillingWatch } from "@/lib/db/queries/budgets";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import { billingWatchState, isStaleRead } from "@/lib/domain/budgets";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { randomAccountId } from "../factories";

// Budgets and billing alarms through the real collector and snapshot writer, aws-sdk-client-mock
// standing in for AWS: stored per account, replaced on each read, kept (and shown stale) when a read fails.

process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
let handle: DatabaseHandle;
const restores: (() => void)[] = [];
beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterEach(() => restores.splice(0).forEach((r) => r()));
afterAll(async () => {
  await handle.close();
});

type SdkClient = { config: { credentials: () => Promise<{ accessKeyId: string }> } };
const callerOf = async (getClient: () => unknown) =>
  (await (getClient() as SdkClient).config.credentials()).accessKeyId.replace(/^ASIA/, "");
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name}: no`), { name, $fault: "client", $metadata: { httpStatusCode: status } });

const budget = (name: string, limit: string, actual: string, forecast: string): Budget => ({
  BudgetName: name,
  BudgetType: "COST",
  TimeUnit: "MONTHLY",
  BudgetLimit: { Amount: limit, Unit: "USD" },
  CalculatedSpend: { ActualSpend: { Amount: actual, Unit: "USD" }, ForecastedSpend: { Amount: forecast, Unit: "USD" } },
});

describe("budgets and billing alarms through the collector", () => {
  it("stores each account's, replaces them on the next read, and keeps them when a read fails", async () => {
    const ids = { payer: randomAccountId(), prod: randomAccountId(), bare: randomAccountId() };
    const fake = fakeOrganization(
      [
        { id: ids.payer, name: "payer" },
        { id: ids.prod, name: "prod" },
        { id: ids.bare, name: "bare" },
      ],
      { organizationId: `o-${randomBytes(5).toString("hex")}`, managementId: ids.payer },
    );
    restores.push(fake.restore);
    const budgets = mockClient(BudgetsClient);
    const cw = mockClient(CloudWatchClient);
    restores.push(
      () => budgets.restore(),
      () => cw.restore(),
    );

    let prodBudgets: Budget[] = [budget("prod-monthly", "1000", "640", "1210"), budget("prod-db", "300", "320", "410")];
    let budgetsDenied = false;
    budgets.on(DescribeBudgetsCommand).callsFake(async (input: { AccountId: string; NextToken?: string }, get) => {
      const account = await callerOf(get);
      expect(input.AccountId).toBe(account);
      if (account === ids.prod && budgetsDenied) throw awsError("AccessDeniedException", 403);
      if (account !== ids.prod) throw awsError("NotFoundException", 400);
      // One budget per page: the collector follows NextToken.
      const at = Number(input.NextToken ?? 0);
      return {
        Budgets: prodBudgets.slice(at, at + 1),
        NextToken: at + 1 < prodBudgets.length ? String(at + 1) : undefined,
      };
    });
    cw.on(DescribeAlarmsCommand).callsFake(async (_i, get) => {
      const account = await callerOf(get);
      if (account !== ids.payer) return { MetricAlarms: [] };
      return {
        MetricAlarms: [
          {
            AlarmName: "org-over-40k",
            Namespace: "AWS/Billing",
            MetricName: "EstimatedCharges",
            Dimensions: [{ Name: "Currency", Value: "USD" }],
            StateValue: "ALARM" as const,
            Threshold: 40000,
            AlarmActions: ["arn:aws:sns:us-east-1:000000000000:finance"],
          },
        ],
      };
    });

    const deps = createCollectDeps(
      handle.db,
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9", POSTURE_REGIONS: "" }),
      { only: ["billing_alarm_or_budget_missing"] },
    );
    const members = Object.values(ids);
    const watch = async () =>
      new Map(
        (await listBillingWatch(handle.db, ALL_ACCOUNTS))
          .filter((w) => members.includes(w.accountId))
          .map((w) => [w.accountId, w]),
      );

    await runCollection(deps, { trigger: "cli" });
    let w = await watch();
    expect(w.get(ids.prod)!.budgets.map((b) => [b.name, b.limitAmount, b.actualSpend, b.forecastedSpend])).toEqual([
      ["prod-db", 300, 320, 410],
      ["prod-monthly", 1000, 640, 1210],
    ]);
    expect(w.get(ids.payer)!.alarms).toEqual([
      expect.objectContaining({
        name: "org-over-40k",
        threshold: 40000,
        state: "ALARM",
        metric: "EstimatedCharges (USD)",
        actions: 1,
      }),
    ]);
    expect(billingWatchState(w.get(ids.bare)!)).toBe("none");
    // The same read filed the finding the Costs page links to.
    const [finding] = await handle.db
      .select({ status: s.findings.status, resourceId: s.findings.resourceId })
      .from(s.findings)
      .where(and(eq(s.findings.accountId, ids.bare), eq(s.findings.checkId, "billing_alarm_or_budget_missing")));
    expect(finding).toEqual({ status: "NEW", resourceId: `${ids.bare}/billing-monitoring` });

    // Next run: one budget deleted in AWS goes; then Budgets is denied and the last read stays, stale.
    prodBudgets = [budget("prod-monthly", "1000", "700", "1100")];
    await runCollection(deps, { trigger: "cli" });
    w = await watch();
    expect(w.get(ids.prod)!.budgets.map((b) => [b.name, b.actualSpend])).toEqual([["prod-monthly", 700]]);
    expect(isStaleRead(w.get(ids.prod)!.budgetsReadAt, w.get(ids.prod)!.lastCollectedAt)).toBe(false);

    budgetsDenied = true;
    await runCollection(deps, { trigger: "cli" });
    w = await watch();
    const prod = w.get(ids.prod)!;
    expect(prod.budgets.map((b) => [b.name, b.actualSpend])).toEqual([["prod-monthly", 700]]);
    expect(isStaleRead(prod.budgetsReadAt, prod.lastCollectedAt)).toBe(true);
    expect(isStaleRead(prod.alarmsReadAt, prod.lastCollectedAt)).toBe(false);
    const units = await handle.db
      .select({ status: s.runUnits.status, code: s.runUnits.errorCode })
      .from(s.runUnits)
      .where(and(eq(s.runUnits.accountId, ids.prod), eq(s.runUnits.region, "global")));
    expect(units.some((u) => u.status === "partial" && u.code === "AccessDenied")).toBe(true);

    // A reader scoped to the prod account sees only its own.
    const scoped = await listBillingWatch(handle.db, scopeToAccounts([ids.prod]));
    expect(scoped.map((r) => r.accountId)).toEqual([ids.prod]);
    const rows = await handle.db.select().from(s.accountBudgets).where(inArray(s.accountBudgets.accountId, members));
    expect(rows.map((r) => r.kind).sort()).toEqual(["billing_alarm", "budget"]);
  });
});
