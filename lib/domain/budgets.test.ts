import { describe, expect, it } from "vitest";
import { billingFindingUrl, billingWatchState, budgetHealth, isStaleRead, watchRank } from "./budgets";

describe("budgetHealth", () => {
  const b = (limitAmount: number | null, actualSpend: number | null, forecastedSpend: number | null) => ({
    limitAmount,
    actualSpend,
    forecastedSpend,
  });
  it("is over at or past the limit, at risk when only the forecast passes it, ok below", () => {
    expect(budgetHealth(b(100, 100, 150))).toBe("over");
    expect(budgetHealth(b(100, 62, 118))).toBe("at_risk");
    expect(budgetHealth(b(100, 62, 99))).toBe("ok");
    expect(budgetHealth(b(100, 62, null))).toBe("ok");
  });
  it("is unknown without a limit or a spend", () => {
    expect(budgetHealth(b(null, 5, 5))).toBe("unknown");
    expect(budgetHealth(b(0, 5, 5))).toBe("unknown");
    expect(budgetHealth(b(100, null, 500))).toBe("unknown");
  });
});

describe("billingWatchState", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  it("is none only when both kinds were read and neither exists", () => {
    expect(billingWatchState({ budgetsReadAt: at, alarmsReadAt: at, budgets: [], alarms: [] })).toBe("none");
    expect(billingWatchState({ budgetsReadAt: at, alarmsReadAt: null, budgets: [], alarms: [] })).toBe("not_read");
    expect(billingWatchState({ budgetsReadAt: null, alarmsReadAt: at, budgets: [], alarms: [{}] })).toBe("watched");
  });
});

describe("isStaleRead", () => {
  it("is stale when the account was collected after the read", () => {
    const read = new Date("2026-01-01T06:00:00Z");
    expect(isStaleRead(read, new Date("2026-01-02T06:00:00Z"))).toBe(true);
    expect(isStaleRead(read, read)).toBe(false);
    expect(isStaleRead(null, read)).toBe(false);
  });
});

describe("watchRank", () => {
  it("puts an account over budget before one at risk, one with no watch, and a healthy one", () => {
    const over = watchRank({ state: "watched", budgets: [{ limitAmount: 10, actualSpend: 20, forecastedSpend: 30 }] });
    const risk = watchRank({ state: "watched", budgets: [{ limitAmount: 10, actualSpend: 5, forecastedSpend: 30 }] });
    const none = watchRank({ state: "none", budgets: [] });
    const fine = watchRank({ state: "watched", budgets: [{ limitAmount: 10, actualSpend: 5, forecastedSpend: 8 }] });
    expect([over, risk, none, fine]).toEqual([...[over, risk, none, fine]].sort((a, b) => a - b));
    expect(new Set([over, risk, none, fine]).size).toBe(4);
  });
});

describe("billingFindingUrl", () => {
  it("is the page of the finding the billing check files for the account", async () => {
    const { findingId } = await import("./finding-id");
    expect(billingFindingUrl("111122223333")).toBe(
      `/findings/${findingId({
        checkId: "billing_alarm_or_budget_missing",
        accountId: "111122223333",
        region: "global",
        resourceId: "111122223333/billing-monitoring",
      })}`,
    );
  });
});
