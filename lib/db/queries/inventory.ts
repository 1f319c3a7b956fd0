import { and, eq, inArray, ne } from "drizzle-orm";
import type { Environment } from "@/lib/domain/vocabulary";
import { awsAccounts, collectionRuns, inventoryItems, runUnits } from "../schema";
import type { Db } from "../types";
import { applyFindings, refreshDailyRollup, upsertCheckStats, type CheckStat, type FailedResult } from "./snapshot";

export async function listRunInventory(db: Db, runId: string) {
  return db
    .select({
      accountId: inventoryItems.accountId,
      environment: awsAccounts.environment,
      region: inventoryItems.region,
      key: inventoryItems.key,
      data: inventoryItems.data,
    })
    .from(inventoryItems)
    .innerJoin(awsAccounts, eq(awsAccounts.id, inventoryItems.accountId))
    .where(eq(inventoryItems.runId, runId));
}

export type RunInventoryRow = {
  accountId: string;
  environment: Environment;
  region: string;
  key: string;
  data: unknown;
};

/** Every unit of a run (account × region), whatever its outcome. */
export async function listRunUnitScopes(
  db: Db,
  runId: string,
): Promise<{ accountId: string; environment: Environment; region: string }[]> {
  return db
    .select({ accountId: runUnits.accountId, environment: awsAccounts.environment, region: runUnits.region })
    .from(runUnits)
    .innerJoin(awsAccounts, eq(awsAccounts.id, runUnits.accountId))
    .where(eq(runUnits.runId, runId));
}

/**
 * Writes the results of organization-wide checks for every account at once, then drops inventory
 * kept for earlier finished runs (only the latest is needed).
 */
export async function writeOrganizationFindings(
  db: Db,
  params: {
    runId: string;
    now: Date;
    accounts: {
      accountId: string;
      failed: FailedResult[];
      evaluated: { checkId: string; region: string }[];
      undetermined: { checkId: string; region: string; resourceId: string }[];
      stats: CheckStat[];
    }[];
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of params.accounts) {
      await applyFindings(tx, {
        runId: params.runId,
        accountId: a.accountId,
        now: params.now,
        failed: a.failed,
        evaluated: a.evaluated,
        undetermined: a.undetermined,
      });
      await upsertCheckStats(tx, { accountId: a.accountId, runId: params.runId, now: params.now, stats: a.stats });
      await refreshDailyRollup(tx, a.accountId, params.now, true);
    }
    const finished = tx
      .select({ id: collectionRuns.id })
      .from(collectionRuns)
      .where(
        and(
          ne(collectionRuns.id, params.runId),
          inArray(collectionRuns.status, ["succeeded", "partial", "failed", "stuck", "cancelled"]),
        ),
      );
    await tx.delete(inventoryItems).where(inArray(inventoryItems.runId, finished));
  });
}
