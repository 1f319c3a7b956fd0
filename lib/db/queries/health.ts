import { sql } from "drizzle-orm";
import { countAppliedMigrations, listCommittedMigrations } from "../migrations";
import type { Db } from "../types";

/** A round trip to the database plus the migration state; throws when the database is unreachable. */
export async function checkDatabase(db: Db) {
  const started = performance.now();
  await db.execute(sql`select 1`);
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const applied = await countAppliedMigrations(db);
  const committed = listCommittedMigrations().length;
  return { latencyMs, migrations: { applied, committed, upToDate: applied >= committed } };
}
