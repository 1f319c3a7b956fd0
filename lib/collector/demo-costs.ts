import { setCostIncidentVerdict, upsertCostDaily } from "@/lib/db/queries/costs";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import {
  COST_DAYS,
  demoBaseCost,
  demoCostEvents,
  demoCosts,
  demoRootCause,
  type DemoAccountRef,
} from "@/lib/demo/activity";
import { redetectAccountCosts } from "./cost-incidents";
import { COST_TOTAL_SERVICE } from "@/lib/db/schema";
import { demoLastDay } from "@/lib/domain/demo";
import { loadIncidentMemory } from "@/lib/db/queries/costs";

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
