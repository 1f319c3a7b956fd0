import type { CollectedInventory } from "@/lib/aws/inventory";
import type { BillingAlarm, Budget } from "@/lib/aws/billing/types";
import type { BillingWatchRow } from "@/lib/db/queries/budgets";

// A global unit's budgets and billing alarms as the rows the account's snapshot stores. A key the unit
// did not read (its reader failed) stays undefined, so the rows of its last successful read are kept.

export type UnitBilling = { budgets?: BillingWatchRow[]; alarms?: BillingWatchRow[] };

const amount = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export function budgetRow(b: Budget): BillingWatchRow {
  return {
    name: b.name,
    budgetType: b.type || null,
    timeUnit: b.timeUnit ?? null,
    limitAmount: amount(b.limitAmount),
    limitUnit: b.limitUnit ?? null,
    actualSpend: amount(b.actualSpend),
    forecastedSpend: amount(b.forecastedSpend),
  };
}

/** Alarm actions are SNS topic ARNs: only how many are kept. */
export function billingAlarmRow(a: BillingAlarm): BillingWatchRow {
  return {
    name: a.name,
    threshold: a.threshold ?? null,
    state: a.state ?? null,
    metric: a.metric ?? null,
    actionsEnabled: a.actionsEnabled,
    actions: a.alarmActions.length,
  };
}

/** Nothing when the unit read neither key (a regional unit, or both reads failed). */
export function unitBilling(inventory: CollectedInventory): UnitBilling | undefined {
  const { budgets, billingAlarms } = inventory;
  if (!budgets && !billingAlarms) return undefined;
  return {
    ...(budgets ? { budgets: budgets.map(budgetRow) } : {}),
    ...(billingAlarms ? { alarms: billingAlarms.map(billingAlarmRow) } : {}),
  };
}
