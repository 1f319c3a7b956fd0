import { sql } from "drizzle-orm";
import type { AccountScope } from "./queries/scope";
import type { Db } from "./types";
import { env } from "@/lib/env";

/** The advisory lock (two int4 keys) every writer of the cached reads' tables holds shared until it commits. */
const DATA_LOCK = [7367, 1] as const;

/**
 * The data version (migration 0019: a sequence every write statement to the tables behind the
 * cached reads moves) and whether no write transaction was in flight once it was read.
 */
export async function readDataVersion(db: Db): Promise<{ version: string; settled: boolean }> {
  const version = (await db.execute(
    sql`select (case when is_called then last_value else 0 end)::text as v from posture_data_version`,
  )) as unknown as { rows: { v: string }[] };
  // Read after the version: a writer that moved it has either committed (its rows are visible to the
  // read) or still holds the shared lock its trigger took (migration 0019) until it commits.
  const inFlight = (await db.execute(
    sql`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = ${DATA_LOCK[0]} and objid = ${DATA_LOCK[1]} and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())
          and pid <> pg_backend_pid()`,
  )) as unknown as { rows: { n: number }[] };
  return { version: version.rows[0]!.v, settled: Number(inFlight.rows[0]!.n) === 0 };
}

/** The cache key part of a scope: every account id it holds, sorted, so two scopes share only when equal. */
export function scopeKey(scope: AccountScope): string {
  return scope.all ? "*" : [...scope.accountIds].sort().join(",");
}

export type ReadKey = { name: string; scope: AccountScope; params?: unknown };

/**
 * Remembers expensive scope-wide reads per (name, scope, parameters) at the data version they were
 * read at. Any write to their tables moves the version, so the next request reads again; a result
 * is kept only when no writer was in flight, so it never predates a commit the version already counts.
 */
export function createReadCache(opts: { max?: number; enabled?: boolean } = {}) {
  const max = opts.max ?? 500;
  const enabled = opts.enabled ?? true;
  const entries = new Map<string, { version: string; value: unknown }>();
  const counts = { hits: 0, misses: 0 };
  return {
    async read<T>(db: Db, key: ReadKey, compute: () => Promise<T>): Promise<T> {
      if (!enabled) return compute();
      const id = JSON.stringify([key.name, scopeKey(key.scope), key.params ?? null]);
      const { version, settled } = await readDataVersion(db);
      const hit = entries.get(id);
      if (hit && hit.version === version) {
        counts.hits++;
        return hit.value as T;
      }
      counts.misses++;
      const value = await compute();
      entries.delete(id);
      if (settled) {
        if (entries.size >= max) entries.delete(entries.keys().next().value!);
        entries.set(id, { version, value });
      }
      return value;
    },
    stats: () => ({ ...counts, size: entries.size }),
    clear: () => entries.clear(),
  };
}

/** The web server's cache (one per process; every instance checks the version in the database). */
export const readCache = createReadCache({ enabled: env.POSTURE_READ_CACHE === "on" });

/** `now` rounded down to the minute: reads that depend on the time share a key for a minute. */
export function minuteOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}
