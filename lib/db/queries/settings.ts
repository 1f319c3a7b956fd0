import { asc } from "drizzle-orm";
import { settings } from "../schema";
import type { Db } from "../types";

export async function listSettings(db: Db) {
  return db.select({ key: settings.key, value: settings.value, updatedAt: settings.updatedAt }).from(settings).orderBy(asc(settings.key));
}
