import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Environment } from "../enums";
import { awsAccounts, checkAccountStats, collectionRuns, inventoryItems } from "../schema";
import type { Db } from "../types";
import { applyFindings, refreshDailyRollup, type CheckStat, type FailedResult } from "./snapshot";

export async function listRunInventory(db: Db, runId: string) {
  return db
    .select({ accountId: inventoryItems.accountId, environment: awsAccounts.environment, region: inventoryItems.region, key: inventoryItems.key, data: inventoryItems.data })
    .from(inventoryItems)
    .innerJoin(awsAccounts, eq(awsAccounts.id, inventoryItems.accountId))
    .where(eq(inventoryItems.runId, runId));
}

export type RunInventoryRow = { accountId: string; environment: Environment; region: string; key: string; data: unknown };

/**
 * Writes the results of organization-wide checks for every account at once, then drops inventory
 * kept for earlier finished runs (only the latest is needed).
 */
export async function writeOrganizationFindings(
  db: Db,
  params: { runId: string; now: Date; accounts: { accountId: string; failed: FailedResult[]; evaluated: { checkId: string; region: string }[]; stats: CheckStat[] }[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of params.accounts) {
      await applyFindings(tx, { runId: params.runId, accountId: a.accountId, now: params.now, failed: a.failed, evaluated: a.evaluated });
      if (a.stats.length > 0) {
        await tx
          .insert(checkAccountStats)
          .values(a.stats.map((s) => ({ accountId: a.accountId, checkId: s.checkId, passed: s.passed, failed: s.failed, notApplicable: s.notApplicable, runId: params.runId, evaluatedAt: params.now })))
          .onConflictDoUpdate({
            target: [checkAccountStats.accountId, checkAccountStats.checkId],
            set: { passed: sql.raw("excluded.passed"), failed: sql.raw("excluded.failed"), notApplicable: sql.raw("excluded.not_applicable"), runId: params.runId, evaluatedAt: params.now },
          });
      }
      await refreshDailyRollup(tx, a.accountId, params.now, true);
    }
    const finished = tx
      .select({ id: collectionRuns.id })
      .from(collectionRuns)
      .where(and(ne(collectionRuns.id, params.runId), inArray(collectionRuns.status, ["succeeded", "partial", "failed", "stuck", "cancelled"])));
    await tx.delete(inventoryItems).where(inArray(inventoryItems.runId, finished));
  });
}
