import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./types";

/** The committed migrations, relative to the project root (the server's and scripts' working directory). */
export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

/** Tag of every committed migration, in order, as drizzle-kit's journal lists them. */
export function listCommittedMigrations(folder = MIGRATIONS_FOLDER): string[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

export async function countAppliedMigrations(db: Db): Promise<number> {
  const result = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as {
    rows: { n: number }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}
