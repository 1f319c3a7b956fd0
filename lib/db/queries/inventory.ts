import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Environment } from "@/lib/domain/vocabulary";
import { awsAccounts, collectionRuns, inventoryItems, runUnits } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";

export async function listRunInventory(db: Db, runId: string) {
  return (
    db
      .select({
        accountId: inventoryItems.accountId,
        environment: awsAccounts.environment,
        region: inventoryItems.region,
        key: inventoryItems.key,
        data: inventoryItems.data,
      })
      .from(inventoryItems)
      .innerJoin(awsAccounts, eq(awsAccounts.id, inventoryItems.accountId))
      .where(eq(inventoryItems.runId, runId))
      // A stable order, so organization-wide checks list what they found the same way every time.
      .orderBy(asc(inventoryItems.accountId), asc(inventoryItems.region), asc(inventoryItems.key))
  );
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
    .where(eq(runUnits.runId, runId))
    .orderBy(asc(runUnits.accountId), asc(runUnits.region));
}

/** Drops inventory kept for finished runs other than `runId`: organization-wide checks need only the latest. */
export async function deleteInventoryOfOtherFinishedRuns(tx: Tx, runId: string): Promise<void> {
  const finished = tx
    .select({ id: collectionRuns.id })
    .from(collectionRuns)
    .where(
      and(
        ne(collectionRuns.id, runId),
        inArray(collectionRuns.status, ["succeeded", "partial", "failed", "stuck", "cancelled"]),
      ),
    );
  await tx.delete(inventoryItems).where(inArray(inventoryItems.runId, finished));
}
