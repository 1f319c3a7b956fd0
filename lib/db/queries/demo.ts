import { isDeepStrictEqual } from "node:util";
import { count, eq } from "drizzle-orm";
import { awsAccounts } from "../schema";
import type { Db } from "../types";
import { deleteOrganization, findDemoOrganization } from "./accounts";
import { CHECK_SETTINGS_KEY, deleteSetting, getSetting, putSetting } from "./settings";

/** Written last when the demo loads: a demo organization without it was interrupted while loading. */
export const DEMO_LOADED_KEY = "demo.loaded";
/** Written when someone removes the demo: it is then never loaded again by itself. */
export const DEMO_REMOVED_KEY = "demo.removed";

export type DemoState =
  { present: false; removed: boolean } | { present: true; organizationId: string; loaded: boolean; accounts: number };

export async function getDemoState(db: Db): Promise<DemoState> {
  const org = await findDemoOrganization(db);
  if (!org) return { present: false, removed: (await getSetting(db, DEMO_REMOVED_KEY)) !== undefined };
  const [loaded, [row]] = await Promise.all([
    getSetting(db, DEMO_LOADED_KEY),
    db.select({ n: count() }).from(awsAccounts).where(eq(awsAccounts.organizationId, org.id)),
  ]);
  return { present: true, organizationId: org.id, loaded: loaded !== undefined, accounts: row?.n ?? 0 };
}

/**
 * Removes the demo organization and everything simulated for it (accounts cascade to findings,
 * runs, costs and rollups; its canary keys go too), and records the removal so that no start
 * loads it again. The check settings go too when they are still the ones the demo brought.
 */
export async function removeDemoOrganization(
  db: Db,
  params: { demoCheckSettings: unknown; by?: string; now?: Date },
): Promise<{ removed: boolean; organizationId?: string }> {
  return db.transaction(async (tx) => {
    const existing = await findDemoOrganization(tx);
    if (!existing) return { removed: false };
    await deleteOrganization(tx, existing.id);
    await deleteSetting(tx, DEMO_LOADED_KEY);
    if (isDeepStrictEqual(await getSetting(tx, CHECK_SETTINGS_KEY), params.demoCheckSettings))
      await deleteSetting(tx, CHECK_SETTINGS_KEY);
    await putSetting(tx, DEMO_REMOVED_KEY, { at: (params.now ?? new Date()).toISOString() }, params.by);
    return { removed: true, organizationId: existing.id };
  });
}
