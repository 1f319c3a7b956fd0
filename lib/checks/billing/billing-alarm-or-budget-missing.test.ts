import { describe, expect, it } from "vitest";
import check from "./billing-alarm-or-budget-missing";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";

const budget = { name: "monthly", type: "COST", timeUnit: "MONTHLY", limitAmount: "100", limitUnit: "USD" };
const alarm = {
  name: "bill-over-100",
  state: "OK",
  threshold: 100,
  actionsEnabled: true,
  alarmActions: ["arn:aws:sns:us-east-1:111122223333:billing"],
};

describe("billing_alarm_or_budget_missing", () => {
  it("passes with a budget or a billing alarm", () => {
    expect(check.evaluate(ctx({ budgets: [budget], billingAlarms: [] }))[0]).toMatchObject({
      resourceId: `${ACCOUNT}/billing-monitoring`,
      status: "pass",
      evidence: { budgets: ["monthly"] },
    });
    expect(check.evaluate(ctx({ budgets: [], billingAlarms: [alarm] }))[0]?.status).toBe("pass");
  });
  it("fails with neither", () => {
    expect(check.evaluate(ctx({ budgets: [], billingAlarms: [] }))[0]).toMatchObject({
      status: "fail",
      evidence: { budgets: [], billingAlarms: [] },
    });
  });
  it("is not evaluated unless both were read", () => {
    expect(evaluateUnit([check], ctx({ budgets: [] }))).toEqual([]);
    expect(evaluateUnit([check], ctx({ billingAlarms: [] }))).toEqual([]);
  });
});
