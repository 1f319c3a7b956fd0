import { count, desc, eq } from "drizzle-orm";
import { canaryEvents, canaryKeys } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

export async function listCanaryKeys(db: Db, scope: AccountScope) {
  return db
    .select({
      id: canaryKeys.id,
      accessKeyId: canaryKeys.accessKeyId,
      label: canaryKeys.label,
      plantedIn: canaryKeys.plantedIn,
      ownerAccountId: canaryKeys.ownerAccountId,
      status: canaryKeys.status,
      lastEventAt: canaryKeys.lastEventAt,
      events: count(canaryEvents.id),
    })
    .from(canaryKeys)
    .leftJoin(canaryEvents, eq(canaryEvents.canaryKeyId, canaryKeys.id))
    .where(inScope(canaryKeys.ownerAccountId, scope))
    .groupBy(canaryKeys.id)
    .orderBy(desc(canaryKeys.lastEventAt), desc(canaryKeys.createdAt));
}

export type CanaryKeyRow = Awaited<ReturnType<typeof listCanaryKeys>>[number];

export async function createCanaryKeyRow(db: Db, values: typeof canaryKeys.$inferInsert): Promise<string> {
  const [row] = await db.insert(canaryKeys).values(values).returning({ id: canaryKeys.id });
  return row!.id;
}

export async function insertCanaryEvents(db: Db, rows: (typeof canaryEvents.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(canaryEvents).values(rows).onConflictDoNothing();
}
