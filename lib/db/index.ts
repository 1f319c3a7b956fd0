import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type DatabaseHandle } from "./open";

// One handle per server process. Kept on globalThis so dev-mode module reloads do not open the
// embedded database twice (PGlite holds its folder exclusively).
const holder = globalThis as typeof globalThis & { __postureDb?: Promise<DatabaseHandle> };

/** The app's database, migrated on first use: Postgres when DATABASE_URL is set, else embedded PGlite. */
export function getDatabase(): Promise<DatabaseHandle> {
  holder.__postureDb ??= openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.POSTURE_DATA_DIR,
    poolMax: env.DATABASE_POOL_MAX,
  }).catch((err: unknown) => {
    holder.__postureDb = undefined;
    throw err;
  });
  return holder.__postureDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}

export type { Db, DatabaseMode } from "./types";
