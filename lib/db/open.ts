import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
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
  // A client in use (a transaction between two queries) that loses its connection would emit an unhandled
  // 'error' and end the process; its next query fails instead, and the pool drops it on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = drizzlePg({ client: pool, schema, casing: "snake_case" });
  return { db: db as unknown as Db, mode: "postgres", close: () => pool.end() };
}

/** Owner-only modes for `root` and everything under it: folders 0700, files 0600; links are left alone. */
export function makePrivate(root: string): void {
  const stat = lstatSync(root);
  if (stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o600) chmodSync(root, 0o600);
    return;
  }
  if ((stat.mode & 0o777) !== 0o700) chmodSync(root, 0o700);
  for (const name of readdirSync(root)) makePrivate(path.join(root, name));
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const memory = dataDir.startsWith("memory://");
  const location = memory ? dataDir : path.resolve(dataDir, "pglite");
  if (!memory) {
    // The data folder holds findings, the audit log and password hashes: its owner's alone, whatever
    // the umask, and made so again if it was created or loosened by something else.
    mkdirSync(location, { recursive: true, mode: 0o700 });
    chmodSync(path.resolve(dataDir), 0o700);
  }
  // Loaded only in embedded mode: PGlite's WebAssembly costs memory a server-mode worker does not need.
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(location);
  // PGlite unpacks its initial files with mode 0666 whatever the umask (issue 16: 968 of 1,131).
  if (!memory) makePrivate(location);
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
