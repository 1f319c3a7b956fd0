import { setCostIncidentVerdict, upsertCostDaily } from "@/lib/db/queries/costs";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import {
  COST_DAYS,
  demoBaseCost,
  demoCostEvents,
  demoCosts,
  demoMonthSpend,
  demoRootCause,
  type DemoAccountRef,
} from "@/lib/demo/activity";
import { redetectAccountCosts } from "./cost-incidents";
import { COST_TOTAL_SERVICE } from "@/lib/db/schema";
import { demoLastDay } from "@/lib/domain/demo";
import { loadIncidentMemory } from "@/lib/db/queries/costs";
import type { GlobalInventory } from "@/lib/aws/inventory";
import { DEMO_DAYS } from "@/lib/demo/organization";

const DAY_MS = 86_400_000;
const HOME_REGION = "us-east-1";

/**
 * The demo organization's 13 months of cost, through the same path a Cost Explorer collection takes:
 * daily rows written, incidents re-detected per account (root causes from the story), then the
 * verdicts the story gives (a planned migration) recorded and the account re-detected with them.
 */
export async function loadDemoCosts(
  db: Db,
  p: {
    accounts: readonly DemoAccountRef[];
    byName: (name: string) => string | undefined;
    unusedRegions: readonly string[];
    unused: string;
    now: Date;
  },
): Promise<void> {
  const today = demoLastDay(p.now);
  const dayOf = (index: number) => new Date(today - (COST_DAYS - 1 - index) * DAY_MS).toISOString().slice(0, 10);
  const agoOf = (day: string) => Math.round((today - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
  const events = demoCostEvents(p.byName, p.unused, HOME_REGION);
  for (const account of p.accounts) {
    const rows = demoCosts(account, COST_DAYS, events).map((c) => ({
      accountId: account.id,
      day: dayOf(c.day),
      service: c.service,
      amount: c.amount,
    }));
    await upsertCostDaily(db, rows);
    const rootCause = async (q: { from: string; to: string }) =>
      demoRootCause(account.id, agoOf(q.from), agoOf(q.to), events, (s) => demoBaseCost(account.environment, s));
    await redetectAccountCosts(db, account.id, { unusedRegions: p.unusedRegions, rootCause, now: p.now });
    const verdicts = events.filter((e) => e.account === account.id && e.verdict);
    if (verdicts.length === 0) continue;
    const memory = await loadIncidentMemory(db, account.id);
    for (const e of verdicts) {
      // The story's verdict goes on the incidents of that service and the account total that cover its start.
      const start = dayOf(COST_DAYS - 1 - e.ago);
      for (const m of memory.filter((m) => m.service === e.service || m.service === COST_TOTAL_SERVICE)) {
        if (Math.abs(Date.parse(m.startDay) - Date.parse(start)) > 2 * DAY_MS) continue;
        await setCostIncidentVerdict(db, ALL_ACCOUNTS, m.id, {
          verdict: e.verdict!.verdict,
          note: e.verdict!.note,
          by: "demo",
          at: p.now,
        });
      }
    }
    await redetectAccountCosts(db, account.id, { unusedRegions: p.unusedRegions, rootCause, now: p.now });
  }
}

/**
 * Fills a demo account's monthly cost budgets and billing alarms with what AWS would report on demo day
 * `d`, from the same daily cost the Costs page shows. The management account's watch the whole
 * organization's bill, as an unfiltered budget and EstimatedCharges do in a payer account.
 */
export function demoBudgetSpend(p: {
  accounts: readonly DemoAccountRef[];
  byName: (name: string) => string | undefined;
  unused: string;
  managementAccountId: string;
}) {
  const events = demoCostEvents(p.byName, p.unused, HOME_REGION);
  const totals = new Map<string, number[]>();
  const org = new Array<number>(COST_DAYS).fill(0);
  for (const account of p.accounts) {
    const daily = new Array<number>(COST_DAYS).fill(0);
    for (const c of demoCosts(account, COST_DAYS, events)) daily[c.day]! += c.amount;
    totals.set(account.id, daily);
    daily.forEach((v, i) => (org[i]! += v));
  }
  return (accountId: string, d: number, at: Date, global: Pick<GlobalInventory, "budgets" | "billingAlarms">) => {
    const daily = accountId === p.managementAccountId ? org : totals.get(accountId);
    if (!daily) return;
    const spend = demoMonthSpend(daily, COST_DAYS - DEMO_DAYS + d, at);
    global.budgets = global.budgets.map((b) =>
      b.type === "COST" && b.timeUnit === "MONTHLY"
        ? { ...b, actualSpend: spend.actual.toFixed(2), forecastedSpend: spend.forecast.toFixed(2) }
        : b,
    );
    global.billingAlarms = global.billingAlarms.map((a) =>
      a.threshold === undefined ? a : { ...a, state: spend.actual > a.threshold ? "ALARM" : "OK" },
    );
  };
}
