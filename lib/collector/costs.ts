import type { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { getDailyCosts, getRootCause, shiftDay } from "@/lib/aws/costexplorer/costexplorer";
import { DEFAULT_REFETCH_DAYS, type CostMetric, type RequestCounter } from "@/lib/aws/costexplorer/types";

export { DEFAULT_REFETCH_DAYS };
import { knownAccountIds, lastCostDay, refreshRollupCosts, replaceCostDays } from "@/lib/db/queries/costs";
import type { Db } from "@/lib/db/types";
import { redetectAccountCosts } from "./cost-incidents";

export type CostCollectionOptions = {
  metric?: CostMetric;
  /** Recent days re-fetched on each run: Cost Explorer restates them while estimates settle. */
  refetchDays?: number;
  /** Months of history the first run backfills (Cost Explorer keeps 13). */
  backfillMonths?: number;
  unusedRegions: readonly string[];
  now?: Date;
  signal?: AbortSignal;
  /** Counts every request, so a failed collection still reports what it was billed for. */
  counter?: RequestCounter;
};

export type CostCollectionResult = {
  from: string;
  to: string;
  backfill: boolean;
  /** Cost Explorer requests sent (each page is one, billed $0.01). */
  requests: number;
  lines: number;
  accounts: number;
  /** Linked accounts Cost Explorer reported that the organization does not know. */
  unknownAccounts: number;
  incidents: number;
  rootCauseRequests: number;
  /** Root-cause queries that failed: their incidents are stored without a root cause. */
  rootCauseFailures: number;
};

/**
 * One cost collection from the management account: 13 months the first time, then the last days Cost
 * Explorer may restate, through yesterday; those days replace what was held, then incidents are re-detected.
 */
export async function collectCosts(
  db: Db,
  ce: CostExplorerClient,
  opts: CostCollectionOptions,
): Promise<CostCollectionResult> {
  const metric = opts.metric ?? "UnblendedCost";
  const now = opts.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const last = await lastCostDay(db);
  const backfill = last === null;
  const months = opts.backfillMonths ?? 13;
  const firstOfBackfill = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const from = backfill
    ? firstOfBackfill.toISOString().slice(0, 10)
    : shiftDay(last < today ? last : shiftDay(today, -1), -((opts.refetchDays ?? DEFAULT_REFETCH_DAYS) - 1));
  const to = shiftDay(today, -1);
  const counter: RequestCounter = opts.counter ?? { requests: 0 };
  const before = counter.requests;
  const lines = await getDailyCosts(ce, { start: from, end: today, metric }, counter, opts.signal);
  const known = await knownAccountIds(db, [...new Set(lines.map((l) => l.accountId))]);
  const kept = lines.filter((l) => known.has(l.accountId));
  await db.transaction(async (tx) => replaceCostDays(tx, { from, to }, kept));
  const accounts = [...known];
  const dataRequests = counter.requests;
  let incidents = 0;
  let rootCauseFailures = 0;
  for (const accountId of accounts) {
    const result = await redetectAccountCosts(db, accountId, {
      unusedRegions: opts.unusedRegions,
      now,
      // A failed lookup leaves that incident without a root cause; the costs already stored stay.
      rootCause: async (q) => {
        try {
          return { source: "cost_explorer", lines: await getRootCause(ce, { ...q, metric }, counter, opts.signal) };
        } catch {
          rootCauseFailures++;
          return null;
        }
      },
    });
    incidents += result.incidents;
  }
  await refreshRollupCosts(db, accounts);
  return {
    from,
    to,
    backfill,
    requests: counter.requests - before,
    lines: kept.length,
    accounts: accounts.length,
    unknownAccounts: new Set(lines.filter((l) => !known.has(l.accountId)).map((l) => l.accountId)).size,
    incidents,
    rootCauseRequests: counter.requests - dataRequests,
    rootCauseFailures,
  };
}
