import { eq } from "drizzle-orm";
import { settings } from "../schema";
import type { Db } from "../types";

/** The settings row holding the check settings an admin saved (lib/checks/settings.ts validates them). */
export const CHECK_SETTINGS_KEY = "checks";

export async function getSetting(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function putSetting(db: Db, key: string, value: unknown, updatedBy?: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedBy })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date(), updatedBy } });
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.delete(settings).where(eq(settings.key, key));
}

/** Stores `value` under `key` unless a value is there already; answers the value in force. */
export async function seedSetting(db: Db, key: string, value: unknown): Promise<unknown> {
  await db.insert(settings).values({ key, value }).onConflictDoNothing();
  return getSetting(db, key);
}
