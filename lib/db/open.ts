import { mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";
import { MIGRATIONS_FOLDER } from "./migrations";
import type { DatabaseMode, Db } from "./types";

export type DatabaseHandle = {
  db: Db;
  mode: DatabaseMode;
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** postgres:// URL → server mode; absent → embedded PGlite. */
  url?: string;
  /** Embedded mode: the folder that holds the database (`<dataDir>/pglite`), or "memory://" for tests. */
  dataDir?: string;
  poolMax?: number;
  /** Apply the committed migrations before returning (default true). */
  migrate?: boolean;
};

// Any 64-bit constant works; it only has to be the same for every process sharing a database.
const MIGRATION_LOCK_KEY = 7_346_512_044;

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  const handle = opts.url ? openPostgres(opts.url, opts.poolMax ?? 10) : await openEmbedded(opts.dataDir ?? ".data");
  if (opts.migrate !== false) {
    try {
      if (opts.url) await migratePostgres(opts.url);
      else
        await (
          await import("drizzle-orm/pglite/migrator")
        ).migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (err) {
      await handle.close();
      throw err;
    }
  }
  return handle;
}

function openPostgres(url: string, max: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max, application_name: "posture" });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzlePg({ client: pool, schema, casing: "snake_case" });
  return { db: db as unknown as Db, mode: "postgres", close: () => pool.end() };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  let location = dataDir;
  if (!dataDir.startsWith("memory://")) {
    location = path.resolve(dataDir, "pglite");
    mkdirSync(location, { recursive: true });
  }
  // Loaded only in embedded mode: PGlite's WebAssembly costs memory a server-mode worker does not need.
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(location);
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  return { db: db as unknown as Db, mode: "embedded", close: () => client.close() };
}

/** Migrations on their own connection under an advisory lock, so several processes can start at once. */
async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: "posture-migrate" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
