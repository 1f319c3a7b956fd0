import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { accountBudgets, awsAccounts, billingWatchReads, type BillingWatchKind } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";
import { inScope, type AccountScope } from "./scope";

/** One budget or billing alarm as the collector stores it (the account, read time and run come from the snapshot). */
export type BillingWatchRow = Omit<typeof accountBudgets.$inferInsert, "accountId" | "kind" | "readAt" | "lastRunId">;

/**
 * Replaces an account's budgets and its billing alarms, each kind only when it was read this time
 * (undefined: its read failed or was not asked for, and the rows of the last successful read stay).
 */
export async function replaceBillingWatch(
  tx: Db | Tx,
  params: {
    accountId: string;
    runId: string | null;
    now: Date;
    budgets?: readonly BillingWatchRow[];
    alarms?: readonly BillingWatchRow[];
  },
): Promise<void> {
  const { accountId, runId, now } = params;
  for (const [kind, rows] of [
    ["budget", params.budgets],
    ["billing_alarm", params.alarms],
  ] as const) {
    if (!rows) continue;
    await tx.delete(accountBudgets).where(and(eq(accountBudgets.accountId, accountId), eq(accountBudgets.kind, kind)));
    // Names are unique per account for budgets and per region for alarms (billing alarms live in one region).
    const unique = [...new Map(rows.map((r) => [r.name, r])).values()];
    if (unique.length > 0)
      await tx
        .insert(accountBudgets)
        .values(unique.map((r) => ({ ...r, accountId, kind, readAt: now, lastRunId: runId })));
    await tx
      .insert(billingWatchReads)
      .values({ accountId, kind, readAt: now, lastRunId: runId })
      .onConflictDoUpdate({
        target: [billingWatchReads.accountId, billingWatchReads.kind],
        set: { readAt: now, lastRunId: runId },
      });
  }
}

export type BillingWatchItem = {
  kind: BillingWatchKind;
  name: string;
  budgetType: string | null;
  timeUnit: string | null;
  limitAmount: number | null;
  limitUnit: string | null;
  actualSpend: number | null;
  forecastedSpend: number | null;
  threshold: number | null;
  state: string | null;
  metric: string | null;
  actionsEnabled: boolean | null;
  actions: number | null;
};

export type AccountBillingWatch = {
  accountId: string;
  accountName: string;
  environment: string;
  isManagement: boolean;
  lastCollectedAt: Date | null;
  /** The last successful read of each kind; null: never read. */
  budgetsReadAt: Date | null;
  alarmsReadAt: Date | null;
  budgets: BillingWatchItem[];
  alarms: BillingWatchItem[];
};

/**
 * Budgets and billing alarms of the accounts in scope (optionally one account or one environment),
 * every active account listed, read or not, by name.
 */
export async function listBillingWatch(
  db: Db,
  scope: AccountScope,
  f: { accountId?: string; environment?: string } = {},
): Promise<AccountBillingWatch[]> {
  const accounts = await db
    .select({
      accountId: awsAccounts.id,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      isManagement: awsAccounts.isManagement,
      lastCollectedAt: awsAccounts.lastCollectedAt,
    })
    .from(awsAccounts)
    .where(
      and(
        inScope(awsAccounts.id, scope),
        eq(awsAccounts.status, "active"),
        f.accountId ? eq(awsAccounts.id, f.accountId) : undefined,
        f.environment ? sql`${awsAccounts.environment} = ${f.environment}` : undefined,
      ),
    )
    .orderBy(asc(awsAccounts.name));
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.accountId);
  const [reads, items] = await Promise.all([
    db.select().from(billingWatchReads).where(inArray(billingWatchReads.accountId, ids)),
    db.select().from(accountBudgets).where(inArray(accountBudgets.accountId, ids)).orderBy(asc(accountBudgets.name)),
  ]);
  const readAt = (accountId: string, kind: BillingWatchKind) =>
    reads.find((r) => r.accountId === accountId && r.kind === kind)?.readAt ?? null;
  const item = (r: (typeof items)[number]): BillingWatchItem => ({
    kind: r.kind,
    name: r.name,
    budgetType: r.budgetType,
    timeUnit: r.timeUnit,
    limitAmount: r.limitAmount,
    limitUnit: r.limitUnit,
    actualSpend: r.actualSpend,
    forecastedSpend: r.forecastedSpend,
    threshold: r.threshold,
    state: r.state,
    metric: r.metric,
    actionsEnabled: r.actionsEnabled,
    actions: r.actions,
  });
  return accounts.map((a) => ({
    ...a,
    budgetsReadAt: readAt(a.accountId, "budget"),
    alarmsReadAt: readAt(a.accountId, "billing_alarm"),
    budgets: items.filter((i) => i.accountId === a.accountId && i.kind === "budget").map(item),
    alarms: items.filter((i) => i.accountId === a.accountId && i.kind === "billing_alarm").map(item),
  }));
}
