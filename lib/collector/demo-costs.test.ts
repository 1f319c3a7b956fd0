import { describe, expect, it } from "vitest";
import { budgetHealth } from "@/lib/domain/budgets";
import { demoMonthSpend } from "@/lib/demo/activity";
import { DEMO_DAYS, demoInventory, demoOrganization } from "@/lib/demo/organization";
import { demoBudgetSpend } from "./demo-costs";

describe("demoMonthSpend", () => {
  it("sums the month so far and forecasts the rest at the last week's daily rate", () => {
    const daily = Array.from({ length: 40 }, () => 10);
    // The 10th of a 30-day month: 10 days spent, 20 to go at 10 a day.
    expect(demoMonthSpend(daily, 39, new Date("2026-06-10T06:00:00Z"))).toEqual({ actual: 100, forecast: 300 });
    expect(demoMonthSpend(daily, 39, new Date("2026-02-28T06:00:00Z"))).toEqual({ actual: 280, forecast: 280 });
  });
});

describe("the demo organization's budgets", () => {
  const org = demoOrganization;
  const spend = demoBudgetSpend({
    accounts: org.accounts,
    byName: (n) => org.accounts.find((a) => a.name === n)?.id,
    unused: "ap-southeast-2",
    managementAccountId: org.managementAccountId,
  });
  const last = DEMO_DAYS - 1;
  const healthOn = (date: string) => {
    const out: Record<string, string[]> = {};
    for (const a of org.accounts) {
      const inv = demoInventory(a.id, last);
      spend(a.id, last, new Date(date), inv.global);
      out[a.name] = inv.global.budgets.map((b) =>
        budgetHealth({
          limitAmount: Number(b.limitAmount),
          actualSpend: Number(b.actualSpend),
          forecastedSpend: Number(b.forecastedSpend),
        }),
      );
    }
    return out;
  };

  it.each(["2026-12-01T06:00:00Z", "2026-12-08T06:00:00Z", "2027-02-27T06:00:00Z", "2026-10-31T06:00:00Z"])(
    "on %s: web-prod's forecast passes its limit, data-dev's mining breaks its cap, sandbox-dev has none",
    (date) => {
      const h = healthOn(date);
      expect(["at_risk", "over"]).toContain(h["web-prod"]![0]);
      expect(["at_risk", "over"]).toContain(h["data-dev"]![0]);
      expect(h["sandbox-dev"]).toEqual([]);
      for (const name of ["payments-prod", "web-staging", "log-archive", "security-tooling"])
        expect(h[name], name).toEqual(["ok"]);
    },
  );

  it("reports the web-prod budget as at risk, not over, in the first half of a month", () => {
    expect(healthOn("2026-12-08T06:00:00Z")["web-prod"]).toEqual(["at_risk"]);
  });
});
