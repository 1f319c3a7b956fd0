import { sql } from "drizzle-orm";
import type { Db } from "../types";
import type { Tx } from "./snapshot";

// The rollups behind the grouped view and facets (migration 0016): triggers keep the counts; this
// moves their SLA clock forward and reads it.

/**
 * Moves the rollups' SLA clock to `to`: findings whose due date crossed "due soon" or "overdue"
 * since the last move change bucket. Waits for writers in flight (at most `lockTimeoutMs`, then
 * skips: the next tick moves further). Returns how many findings moved, or null when skipped.
 */
export async function advanceFindingRollup(
  db: Db,
  to: Date,
  opts: { lockTimeoutMs?: number } = {},
): Promise<number | null> {
  try {
    return await db.transaction(async (tx) => {
      if (opts.lockTimeoutMs) await tx.execute(sql.raw(`set local lock_timeout = ${Math.floor(opts.lockTimeoutMs)}`));
      const result = (await tx.execute(
        sql`select finding_rollup_advance(${to.toISOString()}::timestamptz) as moved`,
      )) as unknown as { rows: { moved: number }[] };
      return Number(result.rows[0]?.moved ?? 0);
    });
  } catch (err) {
    // The driver's error may be wrapped (drizzle's DrizzleQueryError keeps Postgres's in `cause`).
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const timedOut = [e, e.cause].some((x) => x?.code === "55P03" || /lock timeout/i.test(String(x?.message)));
    if (opts.lockTimeoutMs && timedOut) return null;
    throw err;
  }
}

/** Recounts both rollups from `findings` (after a bulk load that bypassed the triggers). */
export async function rebuildFindingRollup(db: Db | Tx, at: Date): Promise<void> {
  await db.execute(sql`select finding_rollup_rebuild(${at.toISOString()}::timestamptz)`);
}

/** The time the rollups' SLA states are computed against. */
export async function findingRollupClock(db: Db): Promise<Date> {
  const result = (await db.execute(sql`select as_of from finding_rollup_clock where id = 1`)) as unknown as {
    rows: { as_of: string | Date }[];
  };
  const value = result.rows[0]?.as_of;
  return value ? new Date(value) : new Date(0);
}
