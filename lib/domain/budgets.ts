// How a budget or the watch over an account's spend reads on a page: one rule for the Costs page and
// the account page. Pure; the stored rows come in as plain values.
import { findingId } from "./finding-id";
import { GLOBAL_REGION } from "./vocabulary";

export type BudgetHealth = "over" | "at_risk" | "ok" | "unknown";

/** Over: spent past the limit; at risk: AWS forecasts the period ends past it; unknown: no limit or no spend read. */
export function budgetHealth(b: {
  limitAmount: number | null;
  actualSpend: number | null;
  forecastedSpend: number | null;
}): BudgetHealth {
  if (b.limitAmount === null || b.limitAmount <= 0 || b.actualSpend === null) return "unknown";
  if (b.actualSpend >= b.limitAmount) return "over";
  if (b.forecastedSpend !== null && b.forecastedSpend > b.limitAmount) return "at_risk";
  return "ok";
}

export type WatchState = "watched" | "none" | "not_read";

/** None only when both budgets and billing alarms were read and neither exists (what the check fails on). */
export function billingWatchState(a: {
  budgetsReadAt: Date | null;
  alarmsReadAt: Date | null;
  budgets: readonly unknown[];
  alarms: readonly unknown[];
}): WatchState {
  if (a.budgets.length > 0 || a.alarms.length > 0) return "watched";
  return a.budgetsReadAt && a.alarmsReadAt ? "none" : "not_read";
}

/** A read older than the account's last collection: that collection could not read it, and these rows are its predecessor's. */
export function isStaleRead(readAt: Date | null, lastCollectedAt: Date | null): boolean {
  return readAt !== null && lastCollectedAt !== null && readAt.getTime() < lastCollectedAt.getTime();
}

const HEALTH_RANK: Record<BudgetHealth | WatchState, number> = {
  over: 0,
  at_risk: 1,
  none: 2,
  unknown: 3,
  ok: 3,
  watched: 3,
  not_read: 4,
};

/** Accounts needing attention first: a budget over its limit, then at risk, then no watch at all. */
export function watchRank(a: {
  budgets: readonly { limitAmount: number | null; actualSpend: number | null; forecastedSpend: number | null }[];
  state: WatchState;
}): number {
  return Math.min(HEALTH_RANK[a.state], ...a.budgets.map((b) => HEALTH_RANK[budgetHealth(b)]));
}

/** The finding `billing_alarm_or_budget_missing` files for an account (its global unit's resource). */
export const BILLING_CHECK_ID = "billing_alarm_or_budget_missing";
export const billingResourceId = (accountId: string) => `${accountId}/billing-monitoring`;

/** That finding's page: its id is the check's stable identity of the account's billing-monitoring resource. */
export function billingFindingUrl(accountId: string): string {
  const id = findingId({
    checkId: BILLING_CHECK_ID,
    accountId,
    region: GLOBAL_REGION,
    resourceId: billingResourceId(accountId),
  });
  return `/findings/${id}`;
}
